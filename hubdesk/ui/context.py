"""What every view receives: the database, who is working, the language, and a signal bus.

Views never talk to each other directly; they emit on the bus:
- `data_changed(change)`: records of that kind were written (a `Change` of
  hubdesk.ui.common.operations: Change.BOOKING, ... or Change.ANY); lists showing them reload.
  Subscribers compare with `Change` members.
- `language_changed(lang)`: the interface language changed; every widget calls retranslate_ui().
- `open_record(kind, id)`: show that record (the main window switches to its area and asks the
  area's view to open it).
- `status_message(text)`: a short note for the status bar.

`editors` holds the open record editors, one per record (`ui/common/editors.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from hubdesk import i18n
from hubdesk.ui.common.editors import EditorRegistry
from hubdesk.ui.common.operations import Change

if TYPE_CHECKING:  # not at run time: the first paint comes before SQLAlchemy is imported
    from hubdesk.db.database import Database


class SignalBus(QObject):
    data_changed = Signal(str)
    language_changed = Signal(str)
    open_record = Signal(str, int)
    status_message = Signal(str)


@dataclass
class AppContext:
    db: "Database | None"          # None while the main window's frame opens it
    user_name: str = ""
    bus: SignalBus = field(default_factory=SignalBus)
    demo: bool = False
    editors: EditorRegistry = field(default_factory=EditorRegistry)

    @property
    def language(self) -> str:
        return i18n.get_language()

    def set_language(self, lang: str) -> None:
        """Switch the interface language now: our catalog, Qt's strings and default locale, then
        every open widget, and the combo boxes measure their new words."""
        from hubdesk.ui.common.i18n_qt import install_qt_translators
        from hubdesk.ui.common.widgets import refit_combo_boxes

        i18n.set_language(lang)
        install_qt_translators(i18n.get_language())
        self.bus.language_changed.emit(i18n.get_language())
        refit_combo_boxes()

    def notify_changed(self, change: Change = Change.ANY) -> None:
        """Tell the screens that records of this kind were written (write_op does it after a
        commit; `operations.announce` for work that wrote through its own command)."""
        self.bus.data_changed.emit(str(Change(change)))

    def open(self, kind: str, record_id: int) -> None:
        self.bus.open_record.emit(kind, int(record_id))

    @staticmethod
    def settings() -> QSettings:
        """The per-user settings (window, language...). In QSettings' default format: the native
        one in the app; the tests switch it to INI files in a folder of their own."""
        return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "hubdesk", "hubdesk")
