"""Documents attached to records: the panel every record page reuses, and the search screen."""
