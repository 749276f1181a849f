"""One editor per record: the open editors of the whole interface, by (kind, id).

Opening a record that already has an editor brings that editor forward (shown, raised and
activated) instead of opening a second one, whichever place asks (a list's double-click or Enter,
the dashboard, a link from another record). Two editors of one record were how a change got lost:
the second still showed the old values and saving it put them back (issue 13). The registry lives
on the `AppContext` (`context.editors`):

    dialog = context.editors.open("organization", org_id, lambda: OrganizationDialog(context, org_id, self))

An editor leaves the registry when it finishes (accepted or rejected) or is destroyed.

`reopen(dialog)` replaces an editor by a fresh one of the same record, in the same place: how a
form without a `load()` of its own reloads after a save refused because someone else changed the
record (`ui/common/stale.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

D = TypeVar("D", bound="QDialog")


def bring_forward(widget: "QWidget") -> None:
    """Show a window that is already open in front of the others, with the keyboard focus."""
    from PySide6.QtCore import Qt

    if widget.windowState() & Qt.WindowState.WindowMinimized:
        widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMinimized)
    widget.show()
    widget.raise_()
    widget.activateWindow()


class EditorRegistry:
    """The open editors by (kind, record id)."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, int], "QDialog"] = {}
        self._makers: dict[tuple[str, int], Callable[[], "QDialog"]] = {}

    def find(self, kind: str, record_id: int) -> "QDialog | None":
        """The open editor of that record, or None."""
        import shiboken6

        key = (kind, int(record_id))
        dialog = self._open.get(key)
        if dialog is None:
            return None
        if not shiboken6.isValid(dialog):      # deleted without finishing (its parent went)
            del self._open[key]
            self._makers.pop(key, None)
            return None
        return dialog   # open until it finishes, even while its area is not the one on screen

    def register(self, kind: str, record_id: int, dialog: "QDialog") -> None:
        """`dialog` edits that record from now on, until it finishes or is destroyed."""
        key = (kind, int(record_id))
        self._open[key] = dialog
        dialog.finished.connect(lambda _result, key=key, dialog=dialog: self._forget(key, dialog))
        dialog.destroyed.connect(lambda _obj=None, key=key: self._open.pop(key, None))

    def _forget(self, key: tuple[str, int], dialog: "QDialog") -> None:
        if self._open.get(key) is dialog:
            del self._open[key]
            self._makers.pop(key, None)

    def open(self, kind: str, record_id: int, make: Callable[[], D]) -> D:
        """The record's editor: the open one brought forward, or a new one `make()` builds, opened."""
        existing = self.find(kind, record_id)
        if existing is not None:
            bring_forward(existing)
            return existing  # type: ignore[return-value]
        dialog = make()
        self.register(kind, record_id, dialog)
        self._makers[(kind, int(record_id))] = make
        dialog.open()
        return dialog

    def key_of(self, dialog: "QDialog") -> tuple[str, int] | None:
        """The (kind, id) `dialog` edits, when it was opened here."""
        return next((key for key, open_one in self._open.items() if open_one is dialog), None)

    def can_reopen(self, dialog: "QDialog") -> bool:
        key = self.key_of(dialog)
        return key is not None and key in self._makers

    def reopen(self, dialog: "QDialog") -> "QDialog | None":
        """Close `dialog` without asking and open a fresh editor of its record where it was: the
        stored values, read again. None when `dialog` was not opened here."""
        from PySide6.QtWidgets import QDialog

        key = self.key_of(dialog)
        make = self._makers.get(key) if key is not None else None
        if key is None or make is None:
            return None
        geometry = dialog.geometry()
        QDialog.done(dialog, QDialog.DialogCode.Rejected)    # not its reject(): no "discard changes?"
        fresh = self.open(key[0], key[1], make)
        fresh.setGeometry(geometry)
        return fresh

    def __len__(self) -> int:
        return sum(1 for key in list(self._open) if self.find(*key) is not None)
