"""Audit trail read model: every event of every tenant, with who, when and why."""
