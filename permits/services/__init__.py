"""Permits services: drafting and filing (:mod:`.files`), the legal rules of fees,
checklists and deadlines (:mod:`.rules`), the handling of a filed file along its
workflow (:mod:`.handling`) and the public register with its figures (:mod:`.register`)."""
