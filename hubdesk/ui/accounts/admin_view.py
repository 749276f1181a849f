"""The Administration area (administrators only): users, the audit trail and backups as tabs,
each created the first time it is shown. The main window's Refresh, Find, Export and Print go to
the tab on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from hubdesk.i18n import N_, _
from hubdesk.ui.common import icons

# the area, for hubdesk.ui.navigation.register(*ADMIN_AREA, before="settings")
ADMIN_AREA = ("admin", N_("Administration"), "admin", "hubdesk.ui.accounts.admin_view:AdministrationView")

TABS = (
    ("users", N_("Users"), "hubdesk.ui.accounts.view:UsersView"),
    ("audit", N_("Audit trail"), "hubdesk.ui.audit.view:AuditView"),
    ("backups", N_("Backups"), "hubdesk.ui.backup.view:BackupPanel"),
)


class AdministrationView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("administrationTabs")
        self._pages: dict[str, QWidget] = {}
        for key, _title, _target in TABS:
            holder = QWidget(self.tabs)
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, icons.icon(key), "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._ensure_page)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self._ensure_page(0)

    def retranslate_ui(self, *_args) -> None:
        for i, (_key, title, _target) in enumerate(TABS):
            self.tabs.setTabText(i, _(title))

    def _ensure_page(self, index: int) -> QWidget | None:
        if index < 0:
            return None
        key, _title, target = TABS[index]
        page = self._pages.get(key)
        if page is None:
            import importlib

            module_name, _sep, class_name = target.partition(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            page = cls(self.context, self.tabs.widget(index))
            self.tabs.widget(index).layout().addWidget(page)
            self._pages[key] = page
        return page

    def page(self, key: str) -> QWidget:
        """The tab's view (created if needed) and shown."""
        index = [k for k, _t, _c in TABS].index(key)
        self.tabs.setCurrentIndex(index)
        return self._ensure_page(index)

    def current_page(self) -> QWidget | None:
        return self._ensure_page(self.tabs.currentIndex())

    def _call(self, name: str) -> None:
        method = getattr(self.current_page(), name, None)
        if callable(method):
            method()

    def refresh(self) -> None:
        self._call("refresh")

    def find(self) -> None:
        self._call("find")

    def export_current(self) -> None:
        self._call("export_current")

    def print_current(self) -> None:
        self._call("print_current")


# --- the Tools menu (hubdesk.ui.navigation.TOOLS): function(context, parent_window) -------------
class AdministrationDialog(QDialog):
    """The Administration tabs in a window of their own, for the Tools menu (one per main window)."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AdministrationDialog")
        self.view = AdministrationView(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1200, 760)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Administration — hubdesk"))


def open_tab(context, parent: QWidget | None, key: str) -> AdministrationDialog:
    dialog = getattr(parent, "_administration_dialog", None) if parent is not None else None
    if dialog is None:
        dialog = AdministrationDialog(context, parent)
        if parent is not None:
            parent._administration_dialog = dialog
    dialog.view.page(key)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def open_users(context, parent: QWidget | None = None) -> AdministrationDialog:
    return open_tab(context, parent, "users")


def open_audit(context, parent: QWidget | None = None) -> AdministrationDialog:
    return open_tab(context, parent, "audit")


def open_backups(context, parent: QWidget | None = None) -> AdministrationDialog:
    return open_tab(context, parent, "backups")
