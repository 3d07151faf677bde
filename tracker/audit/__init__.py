"""The audit trail: who changed what, when, from where.

Every package writes it (services.record), so it sits at the bottom, below auth and
companies; the admin's page reading it (with the users' names) is tracker/audit_log.
"""
