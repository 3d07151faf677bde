"""Reminders: the ledger, the scan, sending, the notifications pages and command."""
