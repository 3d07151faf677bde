"""The route advisor: which admission routes fit a candidate, and why."""
