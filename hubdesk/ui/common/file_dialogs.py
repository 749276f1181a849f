"""The file dialogs: Qt's own dialog, speaking the interface language, with dates as the language
writes them. Every "open a file" and "save as" question of the interface goes through here.

Why not the system's dialog: the system's dialog speaks the system's language, not the one chosen
in hubdesk, and Qt ships no Vietnamese catalog of its own (its translations folder has
`qtbase_ko.qm`, nothing for vi). So the dialog is Qt's widget dialog (`DontUseNativeDialog`):
- its five labels (look in, file name, file type, accept, cancel) are set from our catalog with
  `setLabelText`, and set again on a live language switch (`LanguageChange`);
- everything else Qt says in it (tool tips, column headers, the overwrite question) comes from
  our catalog through `i18n_qt.CatalogTranslator`;
- the "Date Modified" and "Size" columns are written by `hubdesk.formatting` in the interface
  language (`QFileSystemModel` writes them with the system's locale: "2 12 2026 15:42" and
  "1 bytes" on a C locale), and the columns are as wide as what they say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QTimer
from PySide6.QtWidgets import (QDialog, QFileDialog, QFileSystemModel, QListView, QStyledItemDelegate,
                               QStyleOptionViewItem, QTreeView, QWidget)

from hubdesk.i18n import pgettext

SIZE_COLUMN, DATE_COLUMN = 1, 3  # QFileSystemModel's columns: name, size, type, date modified


class ModifiedDateDelegate(QStyledItemDelegate):
    """Writes a file's modification time as the interface language writes an instant."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        text = modified_text(index)
        if text is not None:
            option.text = text


class SizeDelegate(QStyledItemDelegate):
    """Writes a file's size in the interface language's units (Qt writes "1 bytes" in any)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        model = index.model()
        if isinstance(model, QFileSystemModel) and not model.isDir(index):
            from hubdesk.formatting import format_file_size

            option.text = format_file_size(model.size(index))


def modified_text(index: QModelIndex) -> str | None:
    """The modification time of the file at `index` of a QFileSystemModel, in this PC's zone."""
    from hubdesk.formatting import format_datetime

    model = index.model()
    if not isinstance(model, QFileSystemModel):
        return None
    stamp = model.lastModified(index)
    if not stamp.isValid():
        return None
    instant = dt.datetime.fromtimestamp(stamp.toSecsSinceEpoch(), tz=dt.timezone.utc)
    return format_datetime(instant, instant.astimezone().tzinfo)


class FileDialog(QFileDialog):
    """Qt's file dialog in the interface language (see the module)."""

    def __init__(self, parent: QWidget | None, caption: str, path: str = "", name_filter: str = "", *,
                 save: bool = False):
        super().__init__(parent, caption)
        self.save = save
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        self.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if name_filter:
            self.setNameFilter(name_filter)
        if path:
            target = Path(path)
            if target.is_dir():
                self.setDirectory(str(target))
            else:  # a suggested file: open its folder with its name filled in
                self.setDirectory(str(target.parent))
                self.selectFile(target.name)
        self.dates = ModifiedDateDelegate(self)
        self.sizes = SizeDelegate(self)
        tree = self.findChild(QTreeView, "treeView")
        if tree is not None:
            tree.setItemDelegateForColumn(DATE_COLUMN, self.dates)
            tree.setItemDelegateForColumn(SIZE_COLUMN, self.sizes)
        self.directoryEntered.connect(lambda _path: self._fit_columns())
        model = self.findChild(QFileSystemModel)
        if model is not None:
            model.directoryLoaded.connect(lambda _path: self._fit_columns())
        self.retranslate_ui()

    def _fit_columns(self) -> None:
        """Size, type and date columns as wide as what they now say (a Vietnamese date is longer)."""
        tree = self.findChild(QTreeView, "treeView")
        if tree is not None:
            for column in (SIZE_COLUMN, 2, DATE_COLUMN):
                tree.resizeColumnToContents(column)
        places = self.findChild(QListView, "sidebar")  # "Máy tính" is longer than "컴퓨터"
        if places is not None:
            places.setMinimumWidth(places.sizeHintForColumn(0) + 2 * places.frameWidth() + 8)

    def retranslate_ui(self) -> None:
        label = QFileDialog.DialogLabel
        self.setLabelText(label.LookIn, pgettext("QFileDialog", "&Look in:"))
        self.setLabelText(label.FileName, pgettext("QFileDialog", "File &name:"))
        self.setLabelText(label.FileType, pgettext("QFileDialog", "Files of &type:"))
        self.setLabelText(label.Accept, pgettext("QFileDialog", "&Save") if self.save
                          else pgettext("QFileDialog", "&Open"))
        self.setLabelText(label.Reject, pgettext("QPlatformTheme", "Cancel"))
        self.setSidebarUrls(self.sidebarUrls())  # the places beside the list name themselves again ("Computer")
        self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)  # Qt says its own strings again first ...
        if event.type() == QEvent.Type.LanguageChange:
            # ... then ours, which it would keep in the old language; once more after the
            # children had the event, since the button box then resets its buttons' texts
            self.retranslate_ui()
            QTimer.singleShot(0, self, self.retranslate_ui)

    def chosen(self) -> tuple[str, str]:
        """Run the dialog: the chosen path and name filter, or ("", "") when cancelled."""
        if self.exec() == QDialog.DialogCode.Accepted and self.selectedFiles():
            return self.selectedFiles()[0], self.selectedNameFilter()
        return "", ""


def get_open_file_name(parent: QWidget | None, caption: str, directory: str = "",
                       name_filter: str = "") -> tuple[str, str]:
    """Like `QFileDialog.getOpenFileName`: (path, chosen filter), ("", "") when cancelled."""
    dialog = FileDialog(parent, caption, directory, name_filter)
    try:
        return dialog.chosen()
    finally:
        dialog.deleteLater()


def get_save_file_name(parent: QWidget | None, caption: str, path: str = "",
                       name_filter: str = "") -> tuple[str, str]:
    """Like `QFileDialog.getSaveFileName` (asks before replacing a file): (path, chosen filter)."""
    dialog = FileDialog(parent, caption, path, name_filter, save=True)
    try:
        return dialog.chosen()
    finally:
        dialog.deleteLater()


def get_open_file_names(parent: QWidget | None, caption: str, directory: str = "",
                        name_filter: str = "") -> list[str]:
    """Like `QFileDialog.getOpenFileNames`: the chosen files, [] when cancelled."""
    dialog = FileDialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    try:
        return list(dialog.selectedFiles()) if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def get_existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """Like `QFileDialog.getExistingDirectory`: the chosen folder, "" when cancelled."""
    dialog = FileDialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            return dialog.selectedFiles()[0]
        return ""
    finally:
        dialog.deleteLater()
