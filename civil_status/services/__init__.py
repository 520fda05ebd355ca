"""Civil status rules, by subject: registers, acts, mentions, duplicates, reads."""
