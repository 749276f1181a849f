"""The backups in the backup folder: when each was taken and its size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hubdesk.i18n import N_
from hubdesk.ui.common.display import format_number
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import RowsTableModel



def size_text(size: int) -> str:
    from babel.numbers import format_decimal

    from hubdesk import i18n

    if size >= 1024 * 1024:
        return format_decimal(round(size / (1024 * 1024), 1), locale=i18n.babel_locale()) + " MB"
    return format_number(max(1, round(size / 1024))) + " KB"


def backup_rows(folder: Path) -> list[dict[str, Any]]:
    """The backups in `folder`, newest first."""
    from hubdesk.db.backup import list_backups

    found = []
    for path in list_backups(folder):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed meanwhile (retention in another window)
        found.append((stat.st_mtime, path.name, path, stat.st_size))
    found.sort(reverse=True)
    return [{"id": i, "path": str(path), "name": name, "size": size,
             "taken_at": dt.datetime.fromtimestamp(mtime, dt.timezone.utc)}
            for i, (mtime, name, path, size) in enumerate(found)]


class BackupsTableModel(RowsTableModel):
    COL_TAKEN, COL_SIZE, COL_FILE = range(3)
    columns = (
        LazyColumn("taken_at", N_("Taken"), render=lambda v: _local_time(v)),
        LazyColumn("size", N_("Size"), render=size_text, align_right=True),
        LazyColumn("name", N_("File")),
    )

    def path_at(self, row: int) -> Path | None:
        rows = self.rows()
        return Path(rows[row]["path"]) if 0 <= row < len(rows) else None


def _local_time(value: dt.datetime | None) -> str:
    """The computer's own clock time (backups are files on this computer)."""
    if value is None:
        return ""
    from hubdesk import formatting

    return formatting.format_datetime(value, value.astimezone().tzinfo)
