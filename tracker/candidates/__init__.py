"""Candidates: the people a company sponsors."""
