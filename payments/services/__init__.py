"""The payments module's rules: fees, intents and callbacks, the counter, reconciliation."""
