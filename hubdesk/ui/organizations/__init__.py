"""Organizations: the searchable list and the detail page."""
