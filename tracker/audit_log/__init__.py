"""The admin's audit log page: the company's audit entries with who made them (read-only)."""
