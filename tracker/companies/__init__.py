"""Companies (tenants) and the management of their HR users."""
