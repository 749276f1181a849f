"""Backups from the app: back up now, the list of backups, restore, and the backup on exit."""
