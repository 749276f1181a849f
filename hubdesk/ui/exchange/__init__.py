"""File ▸ Exchange with other PCs…: the change packages of issue 16 (hubdesk.domain.exchange_*)."""
