"""The main window: a navigation sidebar, the areas in a stack (each created on its first visit),
menus and a toolbar whose actions go to the area on screen, and a status bar with the database.

Built on a context without a database (`context.db is None`), the window is the frame only:
sidebar, menus and toolbar greyed out, and an "Opening the database…" page. That frame is shown
and painted first (`first_painted`), the database opened after, and `attach_database()` then
brings the areas in. Building the frame imports neither SQLAlchemy nor the schema.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QSplitter, QStackedWidget, QToolBar, QWidget)

from hubdesk import __version__
from hubdesk.i18n import N_, _
from hubdesk.ui import navigation
from hubdesk.ui.common import errors
from hubdesk.ui.context import AppContext
from hubdesk.ui.placeholder import PlaceholderView

# action name -> the view method it calls
VIEW_ACTIONS = {
    "new": "new_record",
    "save": "save",
    "find": "find",
    "refresh": "refresh",
    "print": "print_current",
    "export": "export_current",
}


def plain_text(text: str) -> str:
    """A menu text without its mnemonic ("&Save", Korean style "저장(&S)") and trailing ellipsis."""
    import re

    return re.sub(r"\s*\(&\w\)", "", text).replace("&", "").rstrip("…").rstrip(".").strip()


class OpeningPage(PlaceholderView):
    """What the window shows while its database opens: the first area's title and a line saying so."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(context, title, parent, message=N_("Opening the database…"))
        self.message.setObjectName("muted")


class MainWindow(QMainWindow):
    first_painted = Signal()      # the first paint pass of the window is over
    database_attached = Signal()  # attach_database() brought the areas in
    closed = Signal()             # the window was closed (its state saved, background work stopped)

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, start_area: str | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("MainWindow")
        self._views: dict[str, QWidget] = {}
        self._current_key: str | None = None
        self._painted = False
        self.opening_page: OpeningPage | None = None
        self._opening_area: str | None = None

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setMinimumWidth(180)
        self.sidebar.setMaximumWidth(260)
        for area in navigation.AREAS:
            item = QListWidgetItem(self._icon(area.icon, sidebar=True), "")
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setSizeHint(QSize(170, 40))
            self.sidebar.addItem(item)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        splitter = QSplitter(self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([200, 1000])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self._build_actions()
        self._build_menus_and_toolbar()
        self.database_label = QLabel(self)
        self.user_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self.sidebar.currentRowChanged.connect(self._on_row_changed)
        context.bus.open_record.connect(self.open_record)
        context.bus.language_changed.connect(self.retranslate_ui)
        context.bus.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.retranslate_ui()
        self._restore_geometry()
        if context.db is None:
            self._show_opening(start_area or self.start_area())

    # --- construction -------------------------------------------------------------------------
    def _icon(self, key: str, *, sidebar: bool = False):
        from hubdesk.ui.common.icons import SIDEBAR_INK, icon

        return icon(key, SIDEBAR_INK, "#ffffff") if sidebar else icon(key)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}

        def make(name: str, shortcut, icon: str | None = None) -> QAction:
            action = QAction(self)
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if icon:
                action.setIcon(self._icon(icon))
            self.actions_by_name[name] = action
            return action

        make("new", QKeySequence.StandardKey.New, "new").triggered.connect(
            lambda: self.run_view_action("new"))
        make("save", QKeySequence.StandardKey.Save, "save").triggered.connect(
            lambda: self.run_view_action("save"))
        make("find", QKeySequence.StandardKey.Find, "find").triggered.connect(
            lambda: self.run_view_action("find"))
        make("refresh", QKeySequence(Qt.Key.Key_F5), "refresh").triggered.connect(
            lambda: self.run_view_action("refresh"))
        make("print", QKeySequence.StandardKey.Print, "print").triggered.connect(
            lambda: self.run_view_action("print"))
        make("export", QKeySequence("Ctrl+E"), "export").triggered.connect(
            lambda: self.run_view_action("export"))
        quit_action = make("quit", QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        make("about", None).triggered.connect(self.show_about)
        make("exchange", None).triggered.connect(self.show_exchange)
        self.area_actions: dict[str, QAction] = {}
        for i, area in enumerate(navigation.AREAS):
            action = make(f"go_{area.key}", QKeySequence(f"Ctrl+{i + 1}") if i < 9 else None, area.icon)
            action.triggered.connect(lambda _checked=False, key=area.key: self.show_area(key))
            self.area_actions[area.key] = action

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for name in ("new", "save", "export", "print"):
            self.file_menu.addAction(a[name])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["exchange"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(a["find"])
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(a["refresh"])
        self.view_menu.addSeparator()
        for action in self.area_actions.values():
            self.view_menu.addAction(action)
        self.tools_menu = bar.addMenu("")
        self.tool_actions: dict[str, QAction] = {}
        for tool in navigation.TOOLS:
            if navigation.load_tool(tool.target) is None:
                continue
            action = QAction(self)
            action.setObjectName(f"tool_{tool.key}")
            action.setIcon(self._icon(tool.key))
            action.triggered.connect(lambda _checked=False, tool=tool: self.run_tool(tool))
            self.tools_menu.addAction(action)
            self.tool_actions[tool.key] = action
        self.tools_menu.menuAction().setVisible(bool(self.tool_actions))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(a["about"])

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("new", "save", "find", "refresh", "export", "print"):
            self.toolbar.addAction(a[name])
        self.addToolBar(self.toolbar)

    def retranslate_ui(self, *_args) -> None:
        self.statusBar().clearMessage()  # a note said in the previous language (it cannot be said again)
        titles = {
            "new": _("&New"), "save": _("&Save"), "find": _("&Find…"), "refresh": _("&Refresh"),
            "print": _("&Print…"), "export": _("&Export list…"), "quit": _("&Quit"),
            "about": _("&About hubdesk"), "exchange": _("E&xchange with other PCs…"),
        }
        tips = {
            "new": _("Create a new record in this area"), "save": _("Save the record being edited"),
            "find": _("Search in this area"), "refresh": _("Read the data again from the database"),
            "print": _("Print what this area shows"), "export": _("Save the shown list as Excel or CSV"),
        }
        for name, text in titles.items():
            action = self.actions_by_name[name]
            action.setText(text)
            if name in tips:
                shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{tips[name]} ({shortcut})" if shortcut else tips[name])
                action.setIconText(plain_text(text))
        for area in navigation.AREAS:
            self.area_actions[area.key].setText(_(area.title))
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.tools_menu.setTitle(_("&Tools"))
        for tool in navigation.TOOLS:
            if tool.key in self.tool_actions:
                self.tool_actions[tool.key].setText(_(tool.title))
        self.toolbar.setWindowTitle(_("Toolbar"))
        for row, area in enumerate(navigation.AREAS):
            self.sidebar.item(row).setText(_(area.title))
        if self.context.db is None:
            self.database_label.setText("")
        elif self.context.demo:
            self.database_label.setText(_("Demo database (discarded on exit): {name}")
                                        .format(name=self.context.db.display_name))
        else:
            self.database_label.setText(_("Database: {name}").format(name=self.context.db.display_name))
        self.user_label.setText(_("Signed in as {name}").format(name=self.context.user_name)
                                if self.context.user_name else "")
        self._update_title()

    def _update_title(self) -> None:
        if self._current_key is None:
            self.setWindowTitle(_("hubdesk"))
        else:
            self.setWindowTitle(_("{area} — hubdesk").format(area=_(navigation.area(self._current_key).title)))

    # --- the frame first, the database after -------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Whether the window has its database (False while it shows "Opening the database…")."""
        return self.context.db is not None

    @property
    def painted(self) -> bool:
        return self._painted

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # queued: runs when this paint pass (the whole window, one backing-store sync) is over
            QTimer.singleShot(0, self, self.first_painted.emit)

    def _show_opening(self, start_area: str) -> None:
        """The frame without a database: every area and tool greyed out, the start area's row
        marked in the sidebar, and a page saying the database is being opened."""
        keys = [a.key for a in navigation.AREAS]
        if start_area not in keys:
            start_area = "dashboard"
        self._opening_area = start_area
        self.opening_page = OpeningPage(self.context, navigation.area(start_area).title, self)
        self.opening_page.setObjectName("opening_page")
        self.stack.addWidget(self.opening_page)
        self.stack.setCurrentWidget(self.opening_page)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(keys.index(start_area))
        self.sidebar.blockSignals(False)
        self._set_areas_enabled(False)

    def _set_areas_enabled(self, enabled: bool) -> None:
        self.sidebar.setEnabled(enabled)
        for action in self.area_actions.values():
            action.setEnabled(enabled)
        for action in self.tool_actions.values():
            action.setEnabled(enabled)
        self._update_actions()

    def attach_database(self, db, *, user_name: str | None = None, start_area: str | None = None) -> QWidget:
        """Bring the areas in once the database is open (and the person signed in): the start area
        is created and shown in place of the "Opening the database…" page. Returns its view."""
        self.context.db = db
        if user_name is not None:
            self.context.user_name = user_name
        key = start_area or self._opening_area or self.start_area()
        self._set_areas_enabled(True)
        self.retranslate_ui()
        view = self.show_area(key)
        if self.opening_page is not None:
            self.stack.removeWidget(self.opening_page)
            self.opening_page.deleteLater()
            self.opening_page = None
            self._opening_area = None
        self.database_attached.emit()
        return view

    # --- areas --------------------------------------------------------------------------------
    def view(self, key: str) -> QWidget:
        """The view of an area, created on its first visit."""
        widget = self._views.get(key)
        if widget is None:
            if not self.is_open:
                raise RuntimeError("the main window has no database yet: call attach_database() first")
            area = navigation.area(key)
            cls = navigation.load_view_class(area.target)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                widget = cls(self.context) if cls is not None else PlaceholderView(self.context, area.title)
            finally:
                QApplication.restoreOverrideCursor()
            widget.setObjectName(f"view_{key}")
            changed = getattr(widget, "actions_changed", None)   # a view whose actions come and go
            if changed is not None:
                changed.connect(self._update_actions)
            self._views[key] = widget
            self.stack.addWidget(widget)
        return widget

    def loaded_views(self) -> dict[str, QWidget]:
        return dict(self._views)

    def show_area(self, key: str) -> QWidget:
        row = [a.key for a in navigation.AREAS].index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # calls _on_row_changed
        else:
            self._activate(key)
        return self._views[key]

    def _on_row_changed(self, row: int) -> None:
        if row < 0 or not self.is_open:
            return
        with errors.guard(self):
            self._activate(navigation.AREAS[row].key)

    def _activate(self, key: str) -> None:
        widget = self.view(key)
        self.stack.setCurrentWidget(widget)
        self._current_key = key
        self._update_actions()
        self._update_title()

    def current_view(self) -> QWidget | None:
        return self._views.get(self._current_key) if self._current_key else None

    def _update_actions(self) -> None:
        view = self.current_view()
        available = getattr(view, "action_available", None)
        for name, method in VIEW_ACTIONS.items():
            offered = view is not None and callable(getattr(view, method, None))
            self.actions_by_name[name].setEnabled(offered and (available is None or bool(available(name))))
        self.actions_by_name["exchange"].setEnabled(self.context.db is not None and view is not None)

    def run_view_action(self, name: str) -> None:
        view = self.current_view()
        method = getattr(view, VIEW_ACTIONS[name], None) if view is not None else None
        if callable(method):
            with errors.guard(self):
                method()

    def run_tool(self, tool: navigation.Tool) -> None:
        if not self.is_open:
            return
        function = navigation.load_tool(tool.target)
        if function is not None:
            with errors.guard(self):
                function(self.context, self)

    def open_record(self, kind: str, record_id: int) -> None:
        key = navigation.RECORD_AREAS.get(kind)
        if key is None:
            return
        with errors.guard(self):
            view = self.show_area(key)
            opener = getattr(view, "open_record", None)
            if callable(opener):
                opener(kind, record_id)

    # --- window state -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = self.context.settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, (QByteArray, bytes)) and geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("main_window/state")
        if isinstance(state, (QByteArray, bytes)) and state:
            self.restoreState(state)
        splitter = settings.value("main_window/splitter")
        if isinstance(splitter, (QByteArray, bytes)) and splitter:
            self.splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        settings = self.context.settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/splitter", self.splitter.saveState())
        if self._current_key:
            settings.setValue("main_window/area", self._current_key)
        settings.sync()

    def start_area(self) -> str:
        key = self.context.settings().value("main_window/area", "dashboard")
        return key if key in [a.key for a in navigation.AREAS] else "dashboard"

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember the window, and stop background work (the views' shutdown())."""
        self.save_window_state()
        for view in self._views.values():
            stop = getattr(view, "shutdown", None)
            if callable(stop):
                stop()
        super().closeEvent(event)
        self.closed.emit()

    def show_exchange(self) -> None:
        """File ▸ Exchange with other PCs… (change packages, issue 16)."""
        if self.context.db is None:
            return
        from hubdesk.ui.exchange.dialog import ExchangeDialog

        ExchangeDialog(self.context, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About hubdesk"),
                          _("hubdesk {version}: members, shared facilities and bookings, clinical-entry "
                            "cases, programs and quarterly reports for the foundation's hub.")
                          .format(version=__version__))
