"""Pieces every screen shares: the lazy SQL table model, background workers, error dialogs,
Qt's own strings from our catalog, fonts, value labels and formatting."""
