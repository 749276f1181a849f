"""The Facilities area: the facilities with their licence (an alert colour and icon when it
expires within 120 days), the resources of the chosen facility, and the chosen resource's
maintenance windows, qualifications, incident log and the organizations' booking quotas on it,
which can be added, edited and removed, and its documents (hubdesk.ui.documents.panel).

Those four lists are tabs: a tab's table gets its model, and its list is read, when the tab is made
current (`QTabWidget.currentChanged`), never before: Qt lays out a hidden table's rows from its own
timers, so a table with a model that reads would read at a moment of Qt's choosing (once after a
test's database was dropped). A resource chosen with another tab current empties the hidden lists;
each reads its rows when shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.common.layouts import STRETCH, hbox, page_title, styled_label, vbox
from hubdesk.ui.common.list_view import ask_export_file, export_shown_rows
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import configure_table_view, current_id, current_row
from hubdesk.ui.facilities import queries
from hubdesk.ui.facilities.table_model import (FacilitiesTableModel, IncidentsTableModel,
                                               MaintenanceWindowsTableModel, QualificationsTableModel,
                                               QuotasTableModel, ResourcesTableModel)


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the list"), _("resources.xlsx"))


ask_export_path = _ask_export_path  # tests replace it


def _table(parent: QWidget, model, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    configure_table_view(table, sortable=False)
    return table


class RecordListWidget(QWidget):
    """A titled table with Add / Edit / Remove buttons under it. Its table gets the model when the
    tab is first made current (`attach`), with `widths` for its columns."""

    selection_changed = Signal()

    def __init__(self, model, name: str, parent: QWidget | None = None, widths: dict[int, int] | None = None):
        super().__init__(parent)
        self.model = model
        self.table = QTableView(self)
        self.table.setObjectName(name)
        self._widths = widths or {}
        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.buttons_row = hbox(self.add_button, self.edit_button, self.remove_button, STRETCH)
        vbox(self, (self.table, 1), self.buttons_row, margins=(4, 4, 4, 4))
        self.model.modelReset.connect(self.update_buttons)
        self.update_buttons()
        self.retranslate_ui()

    @property
    def attached(self) -> bool:
        return self.table.model() is not None

    def attach(self) -> None:
        """The table gets its model (once): its tab is being shown."""
        if self.attached:
            return
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        for column, width in self._widths.items():
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())

    def has_selection(self) -> bool:
        return self.attached and self.table.selectionModel().hasSelection()

    def selected_id(self) -> int | None:
        return current_id(self.table, self.model) if self.attached else None

    def set_can_add(self, enabled: bool) -> None:
        self.add_button.setEnabled(enabled)

    def update_buttons(self) -> None:
        has = self.selected_id() is not None and self.has_selection()
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def extra_buttons(self, *buttons: QPushButton) -> None:
        """More buttons after Add / Edit / Remove."""
        for i, button in enumerate(buttons):
            self.buttons_row.insertWidget(3 + i, button)

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))


class FacilitiesView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.facilities_model = FacilitiesTableModel(parent=self)
        self.resources_model = ResourcesTableModel(parent=self)
        self.windows_model = MaintenanceWindowsTableModel(parent=self)
        self.qualifications_model = QualificationsTableModel(parent=self)
        self.incidents_model = IncidentsTableModel(parent=self)
        self.quotas_model = QuotasTableModel(parent=self)

        self.title = page_title(self)
        self.alert_label = styled_label(self, "fieldProblem", wrap=True)
        self.facilities_table = _table(self, self.facilities_model, "facilitiesTable")
        self.resources_caption = styled_label(self, "sectionTitle")
        self.resources_table = _table(self, self.resources_model, "resourcesTable")
        self.windows = RecordListWidget(self.windows_model, "windowsTable", self, {0: 130, 1: 170, 2: 170})
        # recurring maintenance: a series of windows, and removing one from a window's date on
        self.recurring_button = QPushButton(self.windows)
        self.recurring_button.setObjectName("recurringWindowsButton")
        self.change_series_button = QPushButton(self.windows)
        self.change_series_button.setObjectName("changeSeriesButton")
        self.remove_series_button = QPushButton(self.windows)
        self.remove_series_button.setObjectName("removeSeriesButton")
        self.windows.extra_buttons(self.recurring_button, self.change_series_button, self.remove_series_button)
        self.qualifications = RecordListWidget(self.qualifications_model, "qualificationsTable", self,
                                               {0: 180, 1: 220, 2: 130})
        self.incidents = RecordListWidget(self.incidents_model, "incidentsTable", self,
                                          {0: 150, 1: 100, 2: 320, 3: 230, 4: 220})
        self.quotas = RecordListWidget(self.quotas_model, "quotasTable", self)
        # the lists behind the tabs, in tab order, each with its read and the resource its rows are of
        self._detail_panes = (self.windows, self.qualifications, self.incidents, self.quotas)
        self._detail_reads = (queries.windows, queries.qualifications, queries.incidents, queries.quotas)
        self._rows_of: dict[int, int | None] = {}
        self.new_facility_button = QPushButton(self)
        self.edit_facility_button = QPushButton(self)
        self.new_resource_button = QPushButton(self)
        self.edit_resource_button = QPushButton(self)
        self.new_facility_button.clicked.connect(lambda: self.edit_facility(None))
        self.edit_facility_button.clicked.connect(lambda: self.edit_facility(self.selected_facility_id()))
        self.new_resource_button.clicked.connect(lambda: self.edit_resource(None))
        self.edit_resource_button.clicked.connect(lambda: self.edit_resource(self.selected_resource_id()))
        self.facilities_table.doubleClicked.connect(lambda _i: self.edit_facility(self.selected_facility_id()))
        self.resources_table.doubleClicked.connect(lambda _i: self.edit_resource(self.selected_resource_id()))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.windows, "")
        self.tabs.addTab(self.qualifications, "")
        self.tabs.addTab(self.incidents, "")
        self.tabs.addTab(self.quotas, "")
        from hubdesk.db.enums import DocumentKind, DocumentOwner
        from hubdesk.ui.documents.panel import DocumentsPanel

        # the resource's documents (qualification, maintenance and incident reports), read when shown
        self.documents = DocumentsPanel(context, DocumentOwner.RESOURCE, None, self, default_kind=DocumentKind.REPORT)
        self.tabs.addTab(self.documents, "")

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        resources_bar = hbox(self.resources_caption, STRETCH, self.new_resource_button, self.edit_resource_button)
        lower_layout.addLayout(resources_bar)
        lower_layout.addWidget(self.resources_table, 3)
        lower_layout.addWidget(self.tabs, 2)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.facilities_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([190, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        top = hbox(self.title, STRETCH, self.new_facility_button, self.edit_facility_button)
        layout.addLayout(top)
        layout.addWidget(self.alert_label)
        layout.addWidget(splitter, 1)

        self.facilities_table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_resources())
        self.resources_table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_details())
        self.windows.add_button.clicked.connect(self.add_window)
        self.windows.edit_button.clicked.connect(self.edit_window)
        self.windows.remove_button.clicked.connect(self.remove_window)
        self.windows.table.doubleClicked.connect(lambda _i: self.edit_window())
        self.recurring_button.clicked.connect(self.add_recurring_windows)
        self.change_series_button.clicked.connect(self.change_window_series)
        self.remove_series_button.clicked.connect(self.remove_window_series)
        self.windows.selection_changed.connect(self._update_series_buttons)
        self.windows_model.modelReset.connect(self._update_series_buttons)
        self.qualifications.add_button.clicked.connect(self.add_qualification)
        self.qualifications.edit_button.clicked.connect(self.edit_qualification)
        self.qualifications.remove_button.clicked.connect(self.remove_qualification)
        self.qualifications.table.doubleClicked.connect(lambda _i: self.edit_qualification())
        self.incidents.add_button.clicked.connect(self.add_incident)
        self.incidents.edit_button.clicked.connect(self.edit_incident)
        self.incidents.remove_button.clicked.connect(self.remove_incident)
        self.incidents.table.doubleClicked.connect(lambda _i: self.edit_incident())
        self.quotas.add_button.clicked.connect(self.add_quota)
        self.quotas.edit_button.clicked.connect(self.edit_quota)
        self.quotas.remove_button.clicked.connect(self.remove_quota)
        self.quotas.table.doubleClicked.connect(lambda _i: self.edit_quota())
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._opening: dict[str, tuple[int | None, list[dict]]] = {}
        self._open()
        self._size_columns()
        self.retranslate_ui()

    def _size_columns(self) -> None:
        for column, width in {0: 290, 1: 140, 2: 200, 3: 150, 4: 140}.items():
            self.facilities_table.setColumnWidth(column, width)
        for column, width in {0: 230, 1: 80, 2: 100, 3: 90, 4: 90, 5: 90, 6: 90, 7: 130, 8: 90}.items():
            self.resources_table.setColumnWidth(column, width)

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Facilities"))
        self.new_facility_button.setText(_("New facility"))
        self.edit_facility_button.setText(_("Edit facility…"))
        self.new_resource_button.setText(_("New resource"))
        self.edit_resource_button.setText(_("Edit resource…"))
        self.tabs.setTabText(0, _("Maintenance windows"))
        self.tabs.setTabText(1, _("Qualifications"))
        self.tabs.setTabText(2, _("Incidents"))
        self.tabs.setTabText(3, _("Booking quotas"))
        self.tabs.setTabText(4, _("Documents"))
        self.windows.retranslate_ui()
        self.recurring_button.setText(_("Recurring…"))
        self.change_series_button.setText(_("Change the series from this date…"))
        self.remove_series_button.setText(_("Remove the series from this date…"))
        self.qualifications.retranslate_ui()
        self.incidents.retranslate_ui()
        self.quotas.retranslate_ui()
        for model in (self.facilities_model, self.resources_model, self.windows_model, self.qualifications_model,
                      self.incidents_model, self.quotas_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            if model.rowCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))
        self._update_captions()

    def _update_captions(self) -> None:
        alerts = [r for r in self.facilities_model.rows() if r.get("alert")]
        if alerts:
            self.alert_label.setText(ngettext(
                "{count} facility licence expires within 120 days or has expired: file the renewal.",
                "{count} facility licences expire within 120 days or have expired: file the renewals.",
                len(alerts)).format(count=len(alerts)))
        self.alert_label.setVisible(bool(alerts))
        facility = self._current_facility()
        self.resources_caption.setText(
            _("Resources of {facility}").format(facility=facility["name"]) if facility else _("Resources"))

    # --- loading -------------------------------------------------------------------------------
    def _current_facility(self) -> dict | None:
        return current_row(self.facilities_table, self.facilities_model)

    def selected_facility_id(self) -> int | None:
        facility = self._current_facility()
        return facility["id"] if facility else None

    def selected_resource_id(self) -> int | None:
        return current_id(self.resources_table, self.resources_model)

    def _open(self) -> None:
        """The first facility, its first resource and that one's maintenance windows, read in one
        transaction (three before, each with its BEGIN and COMMIT round trips on a server) and
        shown as the selection changes."""
        found, first_resources, first_windows = queries.area_opening(self.context.db)
        facility_id = found[0]["id"] if found else None
        self._opening = {"resources": (facility_id, first_resources),
                         "windows": (first_resources[0]["id"] if first_resources else None, first_windows)}
        try:
            self.facilities_model.set_rows(found)
            self.select_facility(facility_id)
        finally:
            self._opening = {}
        self._update_captions()

    def _read(self, what: str, owner_id: int | None, read):
        """The rows of `what` for `owner_id`: those read as the area opened, else `read(db, owner_id)`."""
        opened = self._opening.pop(what, None)
        if opened is not None and opened[0] == owner_id:
            return opened[1]
        return read(self.context.db, owner_id)

    def refresh(self) -> None:
        facility_id, resource_id = self.selected_facility_id(), self.selected_resource_id()
        self._rows_of.clear()      # the data changed: the lists are read again
        self.facilities_model.set_rows(queries.facilities(self.context.db))
        self.select_facility(facility_id if facility_id is not None else self.facilities_model.id_at(0))
        if resource_id is not None:
            self.select_resource(resource_id)
        self._update_captions()

    def _load_resources(self) -> None:
        self.resources_model.set_rows(self._read("resources", self.selected_facility_id(), queries.resources))
        first = self.resources_model.id_at(0)
        if first is not None:
            self.select_resource(first)
        else:
            self._load_details()
        self._update_captions()

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(self._detail_panes):
            self._show_list(index)

    def _show_list(self, index: int) -> None:
        """The list of tab `index` for the chosen resource, read unless it holds that resource's rows
        already; its table gets the model on its first showing."""
        pane = self._detail_panes[index]
        pane.attach()
        resource_id = self.selected_resource_id()
        if index not in self._rows_of or self._rows_of[index] != resource_id:
            if pane is self.windows:
                pane.model.set_rows(self._read("windows", resource_id, queries.windows))
            else:
                pane.model.set_rows(self._detail_reads[index](self.context.db, resource_id))
            self._rows_of[index] = resource_id

    def _load_details(self) -> None:
        """The chosen resource's list on the tab shown, read now; the lists behind the other tabs are
        emptied (read when their tab is made current, see the module's note)."""
        resource_id = self.selected_resource_id()
        shown = self.tabs.currentIndex()
        for index, pane in enumerate(self._detail_panes):
            if index == shown:
                self._show_list(index)
            elif index not in self._rows_of or self._rows_of[index] != resource_id:
                self._rows_of.pop(index, None)
                if pane.model.rowCount():
                    pane.model.set_rows([])
        if self.documents.owner_id != resource_id:
            self.documents.set_owner(resource_id)
        self.edit_resource_button.setEnabled(resource_id is not None)
        self.edit_facility_button.setEnabled(self.selected_facility_id() is not None)
        self.new_resource_button.setEnabled(self.selected_facility_id() is not None)
        self.windows.set_can_add(resource_id is not None)
        self.recurring_button.setEnabled(resource_id is not None)
        self.qualifications.set_can_add(resource_id is not None)
        self.incidents.set_can_add(resource_id is not None)
        self.quotas.set_can_add(resource_id is not None)

    def select_facility(self, facility_id: int | None) -> None:
        for row, data in enumerate(self.facilities_model.rows()):
            if data["id"] == facility_id:
                if self.facilities_table.currentIndex().row() != row:
                    self.facilities_table.setCurrentIndex(self.facilities_model.index(row, 0))
                    return              # the row change reads its resources
                break
        self._load_resources()

    def select_resource(self, resource_id: int) -> None:
        for row, data in enumerate(self.resources_model.rows()):
            if data["id"] == resource_id:
                if self.resources_table.currentIndex().row() != row:
                    self.resources_table.setCurrentIndex(self.resources_model.index(row, 0))
                    return              # the row change reads its lists
                self._load_details()
                return

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.FACILITY, Change.RESOURCE, Change.RESOURCE_RATE, Change.MAINTENANCE_WINDOW,
                    Change.QUALIFICATION, Change.RESOURCE_INCIDENT, Change.CLOSURE_DAY, Change.ORGANIZATION, Change.CONTACT,
                    Change.BOOKING_QUOTA):
            self.refresh()

    # --- actions -------------------------------------------------------------------------------
    def open_record(self, kind: str, record_id: int) -> bool:
        if kind == "facility":
            self.select_facility(record_id)
            return True
        if kind == "resource":
            from hubdesk.db.schema import Resource

            with self.context.db.read() as s:
                resource = s.get(Resource, record_id)
                facility_id = resource.facility_id if resource else None
            if facility_id is None:
                return False
            self.select_facility(facility_id)
            self.select_resource(record_id)
            return True
        return False

    def export_current(self) -> None:
        """Export the resources of the chosen facility, as the list shows them."""
        export_shown_rows(self, self.resources_model, ask_export_path(self), lambda n: ngettext(
            "{count} resource written to {path}", "{count} resources written to {path}", n),
            table=self.resources_table)

    def new_record(self) -> None:
        """The main window's New: a resource of the selected facility (a facility when there is none)."""
        if self.selected_facility_id() is None:
            self.edit_facility(None)
        else:
            self.edit_resource(None)

    def edit_facility(self, facility_id: int | None) -> None:
        from hubdesk.ui.facilities.dialog import FacilityDialog

        def make() -> FacilityDialog:
            dialog = FacilityDialog(self.context, facility_id, self)
            dialog.saved.connect(self.select_facility)
            return dialog

        self._dialog = self._open_editor("facility", facility_id, make)

    def edit_resource(self, resource_id: int | None) -> None:
        from hubdesk.ui.facilities.dialog import ResourceDialog

        facility_id = self.selected_facility_id()
        if facility_id is None:
            return
        def make() -> ResourceDialog:
            dialog = ResourceDialog(self.context, facility_id, resource_id, self)
            dialog.saved.connect(self.select_resource)
            return dialog

        self._dialog = self._open_editor("resource", resource_id, make)

    def _open_editor(self, kind: str, record_id: int | None, make):
        """A new record's dialog, or an existing record's editor: the open one brought forward
        (one editor per record, `context.editors`)."""
        if record_id is None:
            dialog = make()
            dialog.open()
            return dialog
        return self.context.editors.open(kind, record_id, make)

    def _open_dialog(self, dialog) -> None:
        dialog.open()      # a save announces its Change: _on_data_changed reloads
        self._dialog = dialog

    def _open_new(self, dialog_class) -> None:
        """A dialog adding a maintenance window, a qualification or an incident to the selected resource."""
        if self.selected_resource_id() is not None:
            self._open_dialog(dialog_class(self.context, self.selected_resource_id(), None, self))

    def _open_selected(self, dialog_class, pane) -> None:
        """A dialog editing the record selected in `pane` (windows, qualifications or incidents)."""
        record_id = pane.selected_id()
        if record_id is not None:
            resource_id = self.selected_resource_id()
            self._dialog = self._open_editor(dialog_class.RECORD_KIND, record_id,
                                             lambda: dialog_class(self.context, resource_id, record_id, self))

    def _remove_selected(self, pane, change: Change, question: str) -> None:
        from hubdesk.ui.facilities.dialog import remove_record

        record_id = pane.selected_id()
        if record_id is not None:     # once removed, the announced Change reloads the lists
            remove_record(self.context, self, change, record_id, question)

    def add_window(self, *_args) -> None:
        from hubdesk.ui.facilities.dialog import MaintenanceWindowDialog

        self._open_new(MaintenanceWindowDialog)

    def edit_window(self, *_args) -> None:
        from hubdesk.ui.facilities.dialog import MaintenanceWindowDialog

        self._open_selected(MaintenanceWindowDialog, self.windows)

    def remove_window(self, *_args) -> None:
        self._remove_selected(self.windows, Change.MAINTENANCE_WINDOW, _("Remove this maintenance window?"))

    def _selected_window(self) -> dict | None:
        window_id = self.windows.selected_id()
        return next((r for r in self.windows_model.rows() if r["id"] == window_id), None)

    def _update_series_buttons(self) -> None:
        window = self._selected_window() if self.windows.has_selection() else None
        self.remove_series_button.setEnabled(bool(window and window.get("series_id")))
        self.change_series_button.setEnabled(bool(window and window.get("series_id")))

    def add_recurring_windows(self, *_args) -> None:
        from hubdesk.ui.facilities.maintenance_series import maintenance_series_dialog

        resource_id = self.selected_resource_id()
        if resource_id is not None:
            self._open_dialog(maintenance_series_dialog(self.context, self, resource_id))

    def change_window_series(self, *_args) -> None:
        from hubdesk.ui.facilities.maintenance_series import change_maintenance_series_dialog

        window = self._selected_window()
        if window is not None and window.get("series_id"):
            self._open_dialog(change_maintenance_series_dialog(self.context, self, window["series_id"],
                                                               window["day"]))

    def remove_window_series(self, *_args) -> None:
        from hubdesk.ui.facilities.maintenance_series import remove_series_from

        window = self._selected_window()
        if window is not None and window.get("series_id"):
            remove_series_from(self.context, self, window["series_id"], window["day"])

    def add_qualification(self, *_args) -> None:
        from hubdesk.ui.facilities.dialog import QualificationDialog

        self._open_new(QualificationDialog)

    def edit_qualification(self, *_args) -> None:
        from hubdesk.ui.facilities.dialog import QualificationDialog

        self._open_selected(QualificationDialog, self.qualifications)

    def remove_qualification(self, *_args) -> None:
        self._remove_selected(self.qualifications, Change.QUALIFICATION, _("Remove this qualification?"))

    def add_incident(self, *_args) -> None:
        from hubdesk.ui.facilities.incident_dialog import IncidentDialog

        self._open_new(IncidentDialog)

    def edit_incident(self, *_args) -> None:
        from hubdesk.ui.facilities.incident_dialog import IncidentDialog

        self._open_selected(IncidentDialog, self.incidents)

    def remove_incident(self, *_args) -> None:
        self._remove_selected(self.incidents, Change.RESOURCE_INCIDENT, _("Remove this incident?"))

    def add_quota(self, *_args) -> None:
        from hubdesk.ui.facilities.quota_dialog import QuotaDialog

        self._open_new(QuotaDialog)

    def edit_quota(self, *_args) -> None:
        from hubdesk.ui.facilities.quota_dialog import QuotaDialog

        self._open_selected(QuotaDialog, self.quotas)

    def remove_quota(self, *_args) -> None:
        self._remove_selected(self.quotas, Change.BOOKING_QUOTA, _("Remove this booking quota?"))
