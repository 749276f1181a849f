"""An organization box: a box to type part of a name in, which lists the matching organizations as
one types (read from the database, a few at a time: a foundation may have ten thousand), and which
opens on a short list the caller sets (a new booking's and the Reports area's: the organizations
booked most recently). What it offers is the caller's `search(text)`, a read in the area's queries
(`ui/common/organization_search.py` holds the statements: a booking offers active organizations
only, a report any).

The box is an editable QComboBox whose items are the organizations shown so far (`currentData()`
is the chosen organization's id, None for none); the matches of what is typed come in a completer
popup over a model that `search(text)` fills after a short pause. Keyboard: type, Down/Up in the
list, Enter (or a click) chooses. Leaving the box with a text that names no organization chosen
puts the chosen one's name back (an exact name typed in full is taken). With `empty_choice=False`
there is no empty first item (a box that always names one organization)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from hubdesk.i18n import _

SEARCH_DELAY_MS = 150
Choices = list[tuple[int, str]]


class OrganizationBox(QComboBox):
    """`search(text)`: (id, name) of the organizations whose name holds `text` (a read)."""

    def __init__(self, search: Callable[[str], Choices], parent: QWidget | None = None, *,
                 empty_choice: bool = True):
        super().__init__(parent)
        self._search = search
        self._empty_choice = empty_choice
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        # sized by the form, not by measuring each name it lists
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(30)
        if empty_choice:
            self.addItem("", None)
        self.matches = QStandardItemModel(self)
        self.completer_ = QCompleter(self.matches, self)
        # the database filtered already (on any part of the name): the popup shows every row it gave
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(None)         # not the combo's own inline completion over its items
        self.completer_.setWidget(self.lineEdit())
        self.completer_.activated[QModelIndex].connect(self._chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.lineEdit().textEdited.connect(lambda _text: self._timer.start())
        self.lineEdit().editingFinished.connect(self._left)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.lineEdit().setPlaceholderText(_("Type part of the name"))

    def set_choices(self, choices: Choices) -> None:
        """The organizations the box lists when opened (after the empty choice)."""
        for oid, name in choices:
            if self.findData(oid) < 0:
                self.addItem(name, oid)

    def reset(self, choices: Choices) -> None:
        """The list replaced by `choices` (after the empty choice): nothing chosen (names may have
        changed since they were listed)."""
        self.blockSignals(True)
        self.clear()
        if self._empty_choice:
            self.addItem("", None)
        self.set_choices(choices)
        self.blockSignals(False)

    def choose(self, organization_id: int, name: str) -> None:
        """Make the organization the chosen one (listed in the box if it was not)."""
        index = self.findData(organization_id)
        if index < 0:
            self.addItem(name, organization_id)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def search_now(self) -> None:
        """List the organizations matching the typed text in the popup (hidden when none or no text)."""
        self._timer.stop()
        text = self.lineEdit().text().strip()
        found = self._search(text) if text else []
        self.matches.clear()
        for oid, name in found:
            item = QStandardItem(name)
            item.setData(oid, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.matches.appendRow(item)
        if found:
            self.completer_.complete()
            popup = self.completer_.popup()
            popup.setCurrentIndex(self.completer_.completionModel().index(0, 0))
        else:
            self.completer_.popup().hide()

    def _chosen(self, index: QModelIndex) -> None:
        oid = index.data(Qt.ItemDataRole.UserRole)
        if oid is not None:
            self.choose(int(oid), index.data())

    def _left(self) -> None:
        """Editing finished: a name typed in full (ignoring case) is chosen; any other text gives way
        to the chosen organization's name, so the box never shows one it does not book for."""
        if self.completer_.popup().isVisible():
            return
        text = self.lineEdit().text().strip()
        if text == self.itemText(self.currentIndex()):
            return
        key = text.casefold()
        rows = [(self.matches.item(r).data(Qt.ItemDataRole.UserRole), self.matches.item(r).text())
                for r in range(self.matches.rowCount())]
        rows += [(self.itemData(i), self.itemText(i)) for i in range(self.count()) if self.itemData(i) is not None]
        exact = [(oid, name) for oid, name in rows if key and name.casefold() == key]
        if exact:
            self.choose(int(exact[0][0]), exact[0][1])
        elif not text:
            self.setCurrentIndex(0)
        else:
            self.setEditText(self.itemText(self.currentIndex()))
