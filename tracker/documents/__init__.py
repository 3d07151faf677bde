"""Case documents: the checklist per scheme, statuses and uploaded files."""
