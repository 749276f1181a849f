"""The Bookings area, in three tabs: the list of every booking (lazy over SQL, filters by status,
resource, organization and dates, sorting in the database), the approvals queue (requested
bookings, oldest first) and the booking timeline. Status changes are offered from each: only the
moves the domain allows for the selected booking are enabled."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QScrollArea, QTableView, QTabWidget, QWidget)

from hubdesk.domain import clock
from hubdesk.db.enums import BookingStatus
from hubdesk.i18n import N_, _, ngettext, pgettext
from hubdesk.ui.bookings.actions import (STATUS_ACTIONS, action_text, allowed_statuses, change_booking_status,
                                         move_booking)
from hubdesk.ui.bookings.table_model import ApprovalsTableModel, BookingsTableModel
from hubdesk.ui.bookings.timeline_geometry import SCALE_NAMES, SCALES, step
from hubdesk.ui.common.date_edit import DateRangeFilter
from hubdesk.ui.common.layouts import PAGE_MARGINS, STRETCH, hbox, muted_label, page_title, push_button, vbox
from hubdesk.ui.common.list_view import ask_export_file, export_shown_rows, show_count
from hubdesk.ui.common.operations import Change
from hubdesk.ui.exchange.marks import conflict_banner, open_conflicts, show_conflict_count
from hubdesk.ui.common.widgets import FilterComboBox, FittingComboBox, configure_table_view, current_id, show_id

if TYPE_CHECKING:   # the timeline's modules are imported when its tab is first built
    from hubdesk.ui.bookings.timeline import BookingTimelineWidget
    from hubdesk.ui.bookings.timeline_legend import TimelineLegendWidget


ALL_STATUSES = N_("All statuses")
ALL_RESOURCES = N_("All resources")
ALL_ORGANIZATIONS = N_("All organizations")
ALL_FACILITIES = N_("All facilities")


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the list"), _("bookings.xlsx"))


ask_export_path = _ask_export_path  # tests replace it


class NamedFilterComboBox(FittingComboBox):
    """"All …" then (id, name) choices; emits value_changed(id or None)."""

    value_changed = Signal(object)

    def __init__(self, all_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._all_text = all_text
        self._loader = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(200)
        self.addItem("", None)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.currentData()))
        self.retranslate_ui()

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        current = self.currentData()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for value, text in choices:
            self.addItem(text, value)
        self.setCurrentIndex(max(0, self.findData(current)) if current is not None else 0)
        self.blockSignals(False)

    def set_loader(self, loader) -> None:
        """Fill the choices from `loader()` only when they are first needed (the popup, focus,
        `set_value`): ten thousand organizations take ~50 ms to add and ~90 ms more to size the
        box when the view is first shown. Choices already filled are read again at once."""
        self._loader = loader
        if self.count() > 1:
            self.ensure_choices()

    def ensure_choices(self) -> None:
        loader, self._loader = self._loader, None
        if loader is not None:
            self.set_choices(loader())

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self.ensure_choices()
        super().showPopup()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name (typing completes from the choices)
        self.ensure_choices()
        super().focusInEvent(event)

    def set_value(self, value) -> None:
        if value is not None:
            self.ensure_choices()
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)

    def retranslate_ui(self) -> None:
        self.setItemText(0, _(self._all_text))


class StatusButtonsWidget(QWidget):
    """One button per status move; `set_allowed()` shows which are possible for the selection."""

    status_chosen = Signal(object)

    def __init__(self, statuses=tuple(STATUS_ACTIONS), parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[BookingStatus, QPushButton] = {}
        for status in statuses:
            button = QPushButton(self)
            button.setObjectName(f"status_{status.value}")
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, s=status: self.status_chosen.emit(s))
            layout.addWidget(button)
            self.buttons[status] = button
        self.retranslate_ui()

    def set_allowed(self, allowed) -> None:
        for status, button in self.buttons.items():
            button.setEnabled(status in allowed)

    def retranslate_ui(self) -> None:
        for status, button in self.buttons.items():
            button.setText(action_text(status))


class BookingTableWidget(QWidget):
    """A lazy bookings table with the status buttons under it and a count."""

    booking_activated = Signal(int)

    def __init__(self, context, model: BookingsTableModel, name: str, statuses=tuple(STATUS_ACTIONS),
                 parent: QWidget | None = None, *, sort_column: int | None = None,
                 sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder):
        super().__init__(parent)
        self.context = context
        self.model = model
        self.table = QTableView(self)
        self.table.setObjectName(name)
        self.table.setModel(model)
        # the sort indicator is set before sorting is enabled, so the id query runs once
        if sort_column is not None:
            self.table.horizontalHeader().setSortIndicator(sort_column, sort_order)
        configure_table_view(self.table, sortable=sort_column is not None)
        self.status_buttons = StatusButtonsWidget(statuses, self)
        self.open_button = QPushButton(self)
        self.count_label = muted_label(self)
        bottom = hbox(self.status_buttons, STRETCH, self.count_label, self.open_button)
        vbox(self, (self.table, 1), bottom, margins=(0, 4, 0, 0))
        widths = {model.COL_NUMBER: 64, model.COL_STARTS: 145, model.COL_ENDS: 145, model.COL_RESOURCE: 175,
                  model.COL_ORGANIZATION: 190, model.COL_STATUS: 80, model.COL_PURPOSE: 200}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self._activate(index.row()))   # double-click or Enter
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_actions())
        self._pending_selection: int | None = None
        self.model.modelReset.connect(self._after_reset)
        self.model.loading_changed.connect(lambda _loading: self.update_count())
        self.model.load_failed.connect(self._load_failed)
        self.status_buttons.status_chosen.connect(self.change_status)
        self.open_button.clicked.connect(lambda: self._activate(self.table.currentIndex().row()))
        self.retranslate_ui()

    def selected_id(self) -> int | None:
        return current_id(self.table, self.model)

    def reload_keeping_selection(self) -> None:
        """Run the id query again (in the background for a large list) and select the same booking."""
        self._pending_selection = self.selected_id()
        self.model.request_reload()

    def _after_reset(self) -> None:
        pending, self._pending_selection = self._pending_selection, None
        if pending is not None:
            self.select_id(pending)
        self.update_actions()
        self.update_count()

    def _load_failed(self, exc) -> None:
        from hubdesk.ui.common import errors

        errors.show_error(self, exc)
        self.update_count()

    def select_id(self, booking_id: int) -> bool:
        if not show_id(self.table, self.model, booking_id):
            return False
        self.update_actions()
        return True

    def _activate(self, row: int) -> None:
        booking_id = self.model.id_at(row)
        if booking_id is not None:
            self.booking_activated.emit(booking_id)

    def update_actions(self) -> None:
        booking_id = self.selected_id()
        allowed = allowed_statuses(self.context.db, booking_id) if booking_id is not None else []
        self.status_buttons.set_allowed(allowed)
        self.open_button.setEnabled(booking_id is not None)

    def update_count(self) -> None:
        show_count(self.count_label, self.model, _("Loading…"),
                   lambda n: ngettext("{count} booking", "{count} bookings", n).format(count=n))

    def change_status(self, status: BookingStatus) -> None:
        booking_id = self.selected_id()
        if booking_id is not None:
            change_booking_status(self.context, self, booking_id, status)

    def retranslate_ui(self) -> None:
        self.status_buttons.retranslate_ui()
        self.open_button.setText(_("Open…"))
        m = self.model
        m.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, m.columnCount() - 1)
        if m.rowCount():
            top = self.table.rowAt(0)
            bottom = self.table.rowAt(self.table.viewport().height())
            top = max(0, top)
            bottom = m.rowCount() - 1 if bottom < 0 else bottom
            m.dataChanged.emit(m.index(top, 0), m.index(bottom, m.columnCount() - 1))
        self.update_count()


def _lay_out_now(page: QWidget) -> None:
    """Show and lay out the widgets just made in `page` if it is on screen (Qt would show them at
    the next turn of the event loop): the window read next is drawn at the timeline's real width."""
    if not page.isVisible():
        return
    for child in page.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):   # not hidden on purpose
            child.show()
    page.layout().activate()


T = TypeVar("T")


class _OnTab(Generic[T]):
    """A widget of a tab built when first shown: asking for it builds its tab (the view's method
    `build`, once), so a caller or a test reaching for it before the tab was shown still gets it."""

    def __init__(self, build: str):
        self.build = build

    def __set_name__(self, owner, name: str) -> None:
        self.key = "_tab_" + name

    def __get__(self, view: Any, owner=None) -> T:
        getattr(view, self.build)()
        return view.__dict__[self.key]

    def __set__(self, view: Any, value: T) -> None:
        view.__dict__[self.key] = value


class BookingsView(QWidget):
    """The list tab is built with the view; the approvals and the timeline tabs, their widgets and
    what they read, when first shown (or when something asks for one of their widgets): opening
    the area lays out only what is on screen."""

    LIST_TAB, APPROVALS_TAB, TIMELINE_TAB = range(3)

    approvals_model: _OnTab[ApprovalsTableModel] = _OnTab("_build_approvals")
    approvals: _OnTab[BookingTableWidget] = _OnTab("_build_approvals")
    approvals_hint: _OnTab[QLabel] = _OnTab("_build_approvals")
    conflict_banner: _OnTab[QLabel] = _OnTab("_build_approvals")
    timeline: _OnTab[BookingTimelineWidget] = _OnTab("_build_timeline")
    timeline_scroll: _OnTab[QScrollArea] = _OnTab("_build_timeline")
    legend: _OnTab[TimelineLegendWidget] = _OnTab("_build_timeline")
    prev_button: _OnTab[QPushButton] = _OnTab("_build_timeline")
    today_button: _OnTab[QPushButton] = _OnTab("_build_timeline")
    next_button: _OnTab[QPushButton] = _OnTab("_build_timeline")
    scale_combo: _OnTab[QComboBox] = _OnTab("_build_timeline")
    facility_filter: _OnTab[NamedFilterComboBox] = _OnTab("_build_timeline")
    inactive_check: _OnTab[QCheckBox] = _OnTab("_build_timeline")
    calendar_button: _OnTab[QPushButton] = _OnTab("_build_timeline")
    timeline_status: _OnTab[QLabel] = _OnTab("_build_timeline")
    drag_hint: _OnTab[QLabel] = _OnTab("_build_timeline")

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.title = page_title(self)
        self.new_button = push_button(self, self.new_record)
        self.tabs = QTabWidget(self)

        # each page is put in the tab widget empty and its widgets made in it: a widget made
        # elsewhere and moved in has its style polished again (the application has a style sheet)
        list_page, self._approvals_page, self._timeline_page = QWidget(), QWidget(), QWidget()
        for page in (list_page, self._approvals_page, self._timeline_page):
            self.tabs.addTab(page, "")
        self._approvals_built = False
        self._timeline_built = False

        # --- the list ---
        self.model = BookingsTableModel(context.db, self)
        self.model.first_page_with_ids = True     # the list is the tab shown first
        self.status_filter = FilterComboBox(ALL_STATUSES, BookingStatus, parent=list_page)
        self.resource_filter = NamedFilterComboBox(ALL_RESOURCES, list_page)
        self.organization_filter = NamedFilterComboBox(ALL_ORGANIZATIONS, list_page)
        self.date_range = DateRangeFilter(list_page)
        self.from_edit, self.to_edit = self.date_range.from_edit, self.date_range.to_edit
        self.status_filter.value_changed.connect(lambda v: self.model.set_filter("status", v))
        self.resource_filter.value_changed.connect(lambda v: self.model.set_filter("resource_id", v))
        self.organization_filter.value_changed.connect(lambda v: self.model.set_filter("organization_id", v))
        self.from_edit.value_changed.connect(lambda _v: self._apply_dates())
        self.to_edit.value_changed.connect(lambda _v: self._apply_dates())
        self.list = BookingTableWidget(context, self.model, "bookingsTable", parent=list_page,
                                       sort_column=BookingsTableModel.COL_STARTS,
                                       sort_order=Qt.SortOrder.DescendingOrder)
        self.list.booking_activated.connect(lambda bid: self.open_record("booking", bid))
        filters = QHBoxLayout()
        for w in (self.status_filter, self.resource_filter, self.organization_filter, self.date_range):
            filters.addWidget(w)
        filters.addStretch(1)
        vbox(list_page, filters, (self.list, 1), margins=(6, 6, 6, 6))

        self.tabs.currentChanged.connect(self._tab_changed)

        top = hbox(self.title, STRETCH, self.new_button)
        vbox(self, top, (self.tabs, 1), margins=PAGE_MARGINS)

        self._conflict_count = 0
        self._timeline_resources: list | None = None
        self._timeline_generation = 0
        self._timeline_worker = None
        self._timeline_loaded = False
        self._approvals_loaded = False
        self._load_choices()
        self.model.ensure_loaded()
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    # --- the tabs behind the list, built when first shown ----------------------------------------------
    def _build_approvals(self) -> None:
        """The approvals queue's widgets (its rows are read as the tab is shown: `_tab_changed`)."""
        if self._approvals_built:
            return
        self._approvals_built = True
        page = self._approvals_page
        self.approvals_model = ApprovalsTableModel(self.context.db, self)
        self.approvals_model.first_page_with_ids = True   # loaded as its tab is shown
        self.approvals = BookingTableWidget(self.context, self.approvals_model, "approvalsTable",
                                            (BookingStatus.APPROVED, BookingStatus.REJECTED), page)
        self.approvals.booking_activated.connect(lambda bid: self.open_record("booking", bid))
        self.approvals_hint = muted_label(page)
        # bookings an exchange left in conflict (issue 16): said here until a person settles them
        self.conflict_banner = conflict_banner(page, "exchangeConflictBanner")
        self.conflict_banner.linkActivated.connect(lambda _link: self.open_exchange_conflicts())
        vbox(page, self.conflict_banner, self.approvals_hint, (self.approvals, 1), margins=(6, 6, 6, 6))
        self._retranslate_approvals()
        _lay_out_now(page)

    def _build_timeline(self) -> None:
        """The timeline's widgets, its bar and its legend (its window is read as the tab is shown)."""
        if self._timeline_built:
            return
        self._timeline_built = True
        from PySide6.QtGui import QKeySequence, QShortcut

        from hubdesk.ui.bookings.timeline import BookingTimelineWidget
        from hubdesk.ui.bookings.timeline_legend import TimelineLegendWidget

        page = self._timeline_page
        self.timeline = BookingTimelineWidget(parent=page)
        self.timeline.span_selected.connect(self.new_booking_at)
        self.timeline.booking_activated.connect(lambda bid: self.open_record("booking", bid))
        self.timeline.booking_move_requested.connect(
            lambda bid, start, end: move_booking(self.context, self, bid, start, end,
                                                 version=self._drawn_version(bid)))
        self.timeline.booking_menu_requested.connect(lambda bid, pos: self.status_menu(bid).popup(pos))
        self.timeline.resource_menu_requested.connect(lambda rid, pos: self.resource_menu(rid).popup(pos))
        self.prev_button = QPushButton(page)
        self.today_button = QPushButton(page)
        self.next_button = QPushButton(page)
        self.prev_button.clicked.connect(lambda: self.move_timeline(-1))
        self.next_button.clicked.connect(lambda: self.move_timeline(+1))
        self.today_button.clicked.connect(self.timeline_today)
        self.scale_combo = QComboBox(page)
        for scale in SCALES:
            self.scale_combo.addItem("", scale)
        self.scale_combo.setCurrentIndex(SCALES.index(self.timeline.scale))
        self.scale_combo.currentIndexChanged.connect(lambda _i: self.set_scale(self.scale_combo.currentData()))
        self.facility_filter = NamedFilterComboBox(ALL_FACILITIES, page)
        self.facility_filter.setEditable(False)
        self.facility_filter.value_changed.connect(lambda _v: self.reload_timeline(resources=True))
        self.inactive_check = QCheckBox(page)
        self.inactive_check.toggled.connect(lambda _c: self.reload_timeline())
        self.legend = TimelineLegendWidget(page)
        self.calendar_button = QPushButton(page)    # a menu of the shown resources: one's bookings as .ics
        self.calendar_button.setObjectName("saveCalendarButton")
        self.calendar_button.setMenu(QMenu(self.calendar_button))
        self.calendar_button.menu().aboutToShow.connect(self._fill_calendar_menu)
        self.timeline_status = muted_label(page)
        self.drag_hint = muted_label(page)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        scroll.setFrameShape(QScrollArea.Shape.StyledPanel)
        self.timeline_scroll = scroll
        # the timeline's header stays at the top of the visible part: repaint it whole on scrolling
        scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.timeline.update())
        for key, slot in ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.move_timeline(-1)),
                          (QKeySequence.StandardKey.MoveToNextPage, lambda: self.move_timeline(+1)),
                          (QKeySequence.StandardKey.MoveToStartOfDocument, self.timeline_today)):
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.today_button, self.next_button, self.scale_combo, self.facility_filter,
                  self.inactive_check):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.calendar_button)
        # the shown period and the drag hint on a line of their own, wrapping: on the buttons' line
        # they made the window wider than a 1280 px screen in Vietnamese and English
        for text in (self.timeline_status, self.drag_hint):
            text.setWordWrap(True)
        notes = hbox((self.timeline_status, 1), (self.drag_hint, 1))
        vbox(page, bar, notes, (scroll, 1), self.legend, margins=(6, 6, 6, 6))
        self._load_facility_choices()
        self._retranslate_timeline()
        _lay_out_now(page)

    # --- loading -------------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        """The filters' choices are read when a filter is first used (its popup, focus, a value
        set), not to open the view: 1,600 resources and 10,000 organizations cost two statements
        and a transaction, and sizing the boxes, before the first rows could paint. Choices
        already read are read again at once (after a change to them)."""
        from hubdesk.ui.bookings import queries

        db = self.context.db
        self.resource_filter.set_loader(lambda: queries.resource_choices(db))
        self.organization_filter.set_loader(lambda: queries.organization_choices(db))
        if self._timeline_built:
            self._load_facility_choices()

    def _load_facility_choices(self) -> None:
        """The timeline's facility filter, on its bar: read as the timeline is first shown."""
        from hubdesk.ui.bookings import queries

        db = self.context.db
        self.facility_filter.set_loader(lambda: queries.facility_choices(db))

    def _apply_dates(self) -> None:
        self.model.set_date_range(self.from_edit.value(), self.to_edit.value())

    def _tab_changed(self, index: int) -> None:
        if index == self.APPROVALS_TAB and not self._approvals_loaded:
            self._approvals_loaded = True
            self._build_approvals()
            self.approvals_model.ensure_loaded()
            self.load_conflicts()
        if index == self.TIMELINE_TAB and not self._timeline_loaded:
            self._build_timeline()
            self.facility_filter.ensure_choices()   # on the timeline's bar: filled as it is first shown
            self.reload_timeline(resources=True)

    # above this many resources the timeline's window is read in a background worker
    ASYNC_TIMELINE_RESOURCES = 150

    def reload_timeline(self, resources: bool = False) -> None:
        """Read the visible window again: here for a few resources, in a worker for many (the
        window keeps repainting; the newest request wins)."""
        from hubdesk.ui.bookings.queries import load_resources, load_window

        if resources or self._timeline_resources is None:
            self._timeline_resources = load_resources(self.context.db, self.facility_filter.currentData())
        db, start, end = self.context.db, self.timeline.start, self.timeline.end
        chosen, inactive, zone = self._timeline_resources, self.inactive_check.isChecked(), self.timeline.zone.key
        self._timeline_loaded = True
        self._timeline_generation += 1
        generation = self._timeline_generation

        def load(_progress=None, _cancelled=None):
            return load_window(db, start, end, chosen, include_inactive=inactive, local_zone=zone)

        if len(chosen) <= self.ASYNC_TIMELINE_RESOURCES:
            self._apply_timeline(generation, load())
            return
        from hubdesk.ui.common.worker import Worker

        worker = Worker(load, interruptible=True)   # reads only
        worker.signals.finished.connect(lambda data: self._apply_timeline(generation, data))
        worker.signals.failed.connect(self._timeline_failed)
        self._timeline_worker = worker
        self.timeline_status.setText(_("Loading…"))
        worker.start()

    def _apply_timeline(self, generation: int, data) -> None:
        if generation != self._timeline_generation:
            return
        self._timeline_worker = None
        self.timeline_status.setText("")
        self.timeline.set_data(data)

    def _timeline_failed(self, exc) -> None:
        from hubdesk.ui.common import errors

        self._timeline_worker = None
        self.timeline_status.setText("")
        errors.show_error(self, exc)

    @property
    def timeline_loading(self) -> bool:
        return self._timeline_worker is not None

    def set_scale(self, scale: str) -> None:
        if scale and scale != self.timeline.scale:
            self.timeline.scale = scale
            self.scale_combo.setCurrentIndex(SCALES.index(scale))
            self.reload_timeline()

    def move_timeline(self, direction: int) -> None:
        self.timeline.anchor = step(self.timeline.scale, self.timeline.anchor, direction)
        self.reload_timeline()

    def timeline_today(self) -> None:
        self.show_timeline_at(clock.today())

    def show_timeline_at(self, day: dt.date, scale: str | None = None) -> None:
        if scale:
            self.timeline.scale = scale
            self.scale_combo.blockSignals(True)
            self.scale_combo.setCurrentIndex(SCALES.index(scale))
            self.scale_combo.blockSignals(False)
        self.timeline.anchor = day
        self.reload_timeline()

    def _on_data_changed(self, kind: str) -> None:
        choices = (Change.ANY, Change.RESOURCE, Change.FACILITY, Change.ORGANIZATION)
        if kind in (Change.BOOKING, Change.MAINTENANCE_WINDOW, Change.RESOURCE_INCIDENT, Change.CLOSURE_DAY, *choices):
            self.refresh(choices=kind in choices)

    # --- what the main window calls ------------------------------------------------------------------
    def refresh(self, choices: bool = True) -> None:
        if choices:
            self._load_choices()
        self.list.reload_keeping_selection()
        if self._approvals_loaded:
            self.approvals.reload_keeping_selection()
            self.load_conflicts()
        if self._timeline_loaded:
            self.reload_timeline(resources=choices)

    def load_conflicts(self) -> None:
        """The banner over the approvals: how many bookings an exchange left in conflict (one statement)."""
        from hubdesk.ui.bookings.queries import booking_conflict_count

        if self.context.db is None:
            return
        self._conflict_count = booking_conflict_count(self.context.db)
        self._show_conflicts()

    def _show_conflicts(self) -> None:
        show_conflict_count(self.conflict_banner, self._conflict_count)

    def open_exchange_conflicts(self) -> None:
        open_conflicts(self.context, self)
        self.refresh(choices=False)

    def find(self) -> None:
        self.tabs.setCurrentIndex(self.LIST_TAB)
        self.organization_filter.setFocus()
        self.organization_filter.lineEdit().selectAll()

    def new_record(self) -> None:
        self.open_dialog()

    def new_booking_at(self, resource_id: int, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
        self.open_dialog(resource_id=resource_id, starts_at=starts_at, ends_at=ends_at)

    def open_dialog(self, booking_id: int | None = None, **prefill):
        from hubdesk.ui.bookings.dialog import BookingDialog
        from hubdesk.ui.common import errors

        def make() -> BookingDialog:
            dialog = BookingDialog(self.context, booking_id, self, **prefill)
            dialog.saved.connect(self._saved)
            return dialog

        try:
            if booking_id is None:
                dialog = make()
                dialog.open()
            else:   # one editor per booking: an open one is brought forward
                dialog = self.context.editors.open("booking", booking_id, make)
        except Exception as exc:  # noqa: BLE001 - e.g. the booking was deleted meanwhile
            errors.show_error(self, exc)
            return None
        self._dialog = dialog
        return dialog

    def _saved(self, booking_id: int) -> None:
        self.list.select_id(booking_id)

    def _drawn_version(self, booking_id: int) -> int | None:
        """The version of the booking as the timeline draws it (None when it is not drawn)."""
        return next((b.version for b in self.timeline.data.bookings if b.id == booking_id), None)

    def open_record(self, kind: str, record_id: int) -> bool:
        if kind != "booking":
            return False
        self.list.select_id(record_id)
        return self.open_dialog(record_id) is not None

    def status_menu(self, booking_id: int) -> QMenu:
        """The timeline's context menu for a booking: open it, and the status moves it allows."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(_("Open booking number {id}…").format(id=booking_id)).triggered.connect(
            lambda: self.open_record("booking", booking_id))
        menu.addSeparator()
        allowed = allowed_statuses(self.context.db, booking_id)
        for status in STATUS_ACTIONS:
            action = menu.addAction(action_text(status))
            action.setData(status)
            action.setEnabled(status in allowed)
            action.triggered.connect(
                lambda _c=False, s=status: change_booking_status(self.context, self, booking_id, s))
        self._menu = menu
        return menu

    def export_current(self) -> None:
        """Export what the tab on screen shows: the list or the approvals queue with their filters and
        sort, or the bookings inside the timeline's window of time."""
        def written(n: int) -> str:
            return ngettext("{count} booking written to {path}", "{count} bookings written to {path}", n)

        index = self.tabs.currentIndex()
        if index == self.TIMELINE_TAB:
            from hubdesk.interchange.exporter import export_rows
            from hubdesk.ui.bookings.export import timeline_headers, timeline_rows
            from hubdesk.ui.common import errors

            path = ask_export_path(self)
            if path:
                with errors.guard(self):
                    count = export_rows(path, timeline_headers(), timeline_rows(self.timeline.data))
                    self.context.bus.status_message.emit(written(count).format(count=count, path=path))
            return
        widget = self.approvals if index == self.APPROVALS_TAB else self.list
        export_shown_rows(self, widget.model, ask_export_path(self), written, table=widget.table)

    def _timeline_resource(self, resource_id: int):
        return next((r for r in self.timeline.data.resources if r.id == resource_id), None)

    def save_resource_calendar(self, resource_id: int) -> int | None:
        """The resource's bookings from the first shown day on, as an .ics file (asks where)."""
        from hubdesk.ui.bookings.export import save_resource_calendar

        resource = self._timeline_resource(resource_id)
        return None if resource is None else save_resource_calendar(self.context, self, resource,
                                                                    self.timeline.start)

    def resource_menu(self, resource_id: int) -> QMenu:
        """The timeline's context menu on a resource's row (off a booking)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        resource = self._timeline_resource(resource_id)
        action = menu.addAction(_("Save the calendar of {resource} (.ics)…").format(
            resource=resource.name if resource else resource_id))
        action.triggered.connect(lambda: self.save_resource_calendar(resource_id))
        self._menu = menu
        return menu

    def _fill_calendar_menu(self) -> None:
        menu = self.calendar_button.menu()
        menu.clear()
        for resource in self.timeline.data.resources:
            action = menu.addAction(_("{resource} — {facility}").format(resource=resource.name,
                                                                        facility=resource.facility))
            action.triggered.connect(lambda _c=False, rid=resource.id: self.save_resource_calendar(rid))
        if not self.timeline.data.resources:
            menu.addAction(_("No resource is shown.")).setEnabled(False)

    # --- text ----------------------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Bookings"))
        self.new_button.setText(_("New booking"))
        self.tabs.setTabText(self.LIST_TAB, _("All bookings"))
        # the requests waiting for a decision (Korean and Vietnamese say "waiting for approval")
        self.tabs.setTabText(self.APPROVALS_TAB, pgettext("bookings tab", "Approvals"))
        self.tabs.setTabText(self.TIMELINE_TAB, _("Timeline"))
        self.status_filter.retranslate_ui()
        self.resource_filter.retranslate_ui()
        self.organization_filter.retranslate_ui()
        self.date_range.retranslate_ui()
        self.list.retranslate_ui()
        if self._approvals_built:      # a tab not built yet takes the language when it is
            self._retranslate_approvals()
        if self._timeline_built:
            self._retranslate_timeline()

    def _retranslate_approvals(self) -> None:
        self.approvals.retranslate_ui()
        self.approvals_hint.setText(_("Requested bookings waiting for a decision, the oldest request first."))
        self._show_conflicts()

    def _retranslate_timeline(self) -> None:
        self.facility_filter.retranslate_ui()
        self.prev_button.setToolTip(_("Previous period (Page Up)"))
        self.next_button.setToolTip(_("Next period (Page Down)"))
        self.today_button.setToolTip(_("Back to today (Ctrl+Home)"))
        self.prev_button.setText(_("◀ Previous"))
        self.today_button.setText(_("Today"))
        self.next_button.setText(_("Next ▶"))
        for i in range(self.scale_combo.count()):
            self.scale_combo.setItemText(i, _(SCALE_NAMES[self.scale_combo.itemData(i)]))
        self.inactive_check.setText(_("Show cancelled, rejected and no-show"))
        self.drag_hint.setText(_("Drag across a resource's row to book that time; drag a booking to move it."))
        self.calendar_button.setText(_("Save calendar (.ics)…"))
        self.calendar_button.setToolTip(_("A resource's bookings from the first shown day on, as an iCalendar "
                                          "file. Right-click a resource's row for the same."))
        self.legend.retranslate_ui()
        self.timeline.invalidate_layout()
        self.timeline.update()
