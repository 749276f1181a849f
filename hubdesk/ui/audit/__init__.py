"""The audit-trail browser (read only)."""
