"""Step 2 of the import wizard: how the file's columns map to fields (the required ones it lacks in
red), and the file's first rows as they are written there."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel, QWidget

from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common.layouts import vbox
from hubdesk.ui.interchange.pages.widgets import note_label, table_view
from hubdesk.ui.interchange.table_model import FileRowsTableModel, MappingTableModel


def read_preview(kind: str, path: str):
    """preview_file, or — when the file lacks a required column — the same preview with the
    required columns left unmapped, so the wizard can show which ones to add. Returns (preview,
    sentence about the missing columns or None)."""
    from hubdesk.interchange.importer import FilePreview, importer_for, locate_header, preview_file

    try:
        return preview_file(kind, path), None
    except DomainError as exc:
        if exc.code != "missing_columns":
            raise
        missing = exc.message
    from hubdesk.interchange.columns import match_headers
    from hubdesk.interchange.readers import read_sheet

    columns = importer_for(kind).columns
    sheet = locate_header(read_sheet(path), columns)
    headers = match_headers(sheet.headers, [dataclasses.replace(c, required=False) for c in columns],
                            file_name=sheet.file_name)
    preview = FilePreview(kind=kind, file_name=sheet.file_name,
                          headers=["" if h is None else str(h) for h in sheet.headers],
                          columns=dict(headers.written), ignored_columns=headers.ignored,
                          absent_columns=[c.key for c in columns if c.key not in headers.index],
                          rows=sheet.rows[:20], total_rows=len(sheet.rows), encoding=sheet.encoding,
                          delimiter=sheet.delimiter)
    return preview, missing


def encoding_name(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": _("UTF-8 with BOM"), "cp949": _("CP949 (Korean Excel)")}.get(
        encoding.lower(), encoding)


class MappingPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = None
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        self.mapping_error = note_label(error=True)
        self.mapping_model = MappingTableModel(self)
        self.mapping_view = table_view(self.mapping_model)
        self.mapping_view.verticalHeader().setVisible(False)
        self.first_rows_label = QLabel()
        self.rows_model = FileRowsTableModel(self)
        self.rows_view = table_view(self.rows_model)
        vbox(self, self.file_info, self.mapping_error, (self.mapping_view, 3), self.first_rows_label,
                   (self.rows_view, 2))

    def fill(self, preview, missing_columns: str | None) -> None:
        from hubdesk.interchange.importer import importer_for

        self.preview = p = preview
        self.mapping_model.set_mapping(importer_for(p.kind).columns, p.headers, p.columns, p.ignored_columns)
        self.rows_model.set_rows(p.headers, p.rows, p.ignored_columns)
        self.mapping_view.resizeColumnToContents(MappingTableModel.HEADER)
        self.mapping_view.resizeColumnToContents(MappingTableModel.FIELD)
        for column in range(self.rows_model.columnCount()):
            self.rows_view.setColumnWidth(column, min(220, max(80, self.rows_view.sizeHintForColumn(column))))
        self.mapping_error.setText(missing_columns or "")
        self.mapping_error.setVisible(bool(missing_columns))

    def retranslate_ui(self) -> None:
        p = self.preview
        if p is not None:
            rows = ngettext("{file}: {count} data row.", "{file}: {count} data rows.",
                            p.total_rows).format(file=p.file_name, count=p.total_rows)
            if p.encoding:
                delimiter = {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(p.delimiter or ",",
                                                                                      p.delimiter or "")
                kind = _("A CSV file in {encoding}, separated by {delimiter}.").format(
                    encoding=encoding_name(p.encoding), delimiter=delimiter)
            else:
                kind = _("An Excel workbook.")
            self.file_info.setText(f"{rows} {kind}")
            self.first_rows_label.setText(ngettext("The first row as it is in the file:",
                                                   "The first {count} rows as they are in the file:",
                                                   len(p.rows)).format(count=len(p.rows)))
        self.mapping_model.retranslate()
