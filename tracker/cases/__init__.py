"""Sponsorship cases, their stages, history and documents."""
