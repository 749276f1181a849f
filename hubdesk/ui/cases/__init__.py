"""The Clinical entry area: pipeline board, lazy case list and the case page."""
