"""An organization's detail page: the profile form (profile_form.py) and tabs with its contacts,
certifications, interactions (their forms in record_dialogs.py), quarterly KPI values, bookings,
clinical-entry cases and documents (hubdesk.ui.documents.panel, read when its tab is first shown); what it shows is read by queries.py.

Saving goes through hubdesk.domain.organizations; a refused save shows every problem under its
field and the first one in a message box, and the form keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common import errors
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.organizations import queries
from hubdesk.ui.organizations.calendar import add_calendar_button
from hubdesk.ui.organizations.profile_form import OrganizationProfileWidget
from hubdesk.ui.organizations.record_dialogs import ADD_DIALOGS, EDITABLE
from hubdesk.ui.organizations.table_model import (CertificationsTableModel, ContactsTableModel,
                                                  InteractionsTableModel, KpiValuesTableModel,
                                                  OrganizationBookingsTableModel, OrganizationCasesTableModel)


def _ask_discard_changes(parent: QWidget) -> bool:
    answer = QMessageBox.question(parent, _("Unsaved changes"),
                                  _("This organization has changes that are not saved. Close it and "
                                    "lose them?"),
                                  QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


ask_discard_changes: Callable[[QWidget], bool] = _ask_discard_changes  # tests replace it


def _ask_confirmation(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


ask_confirmation: Callable[[QWidget, str, str], bool] = _ask_confirmation  # tests replace it


class OrganizationDialog(QDialog):
    """Create (org_id None) or view and edit one organization."""

    saved = Signal(int)

    def __init__(self, context, org_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        # what opening shows (user classes, the profile) in one read transaction: each one costs two
        # round trips more on a server (the KPI form reads its quarter when its tab is first shown)
        with context.db.read() as opening:
            self.setObjectName("OrganizationDialog")
            self.context = context
            self.org_id = org_id
            self.resize(1040, 600)
            self._loaded_values: dict = {}
            # the version of the organization the form shows: a save based on an older one is refused
            # (hubdesk.domain.versions) and the form offers to reload
            self.based_on: dict[tuple[str, int], int] = {}

            self.heading = QLabel(self)
            self.heading.setObjectName("pageTitle")
            self.general_problem = QLabel(self)
            self.general_problem.setObjectName("fieldProblem")
            self.general_problem.setWordWrap(True)
            self.general_problem.hide()
            self.tabs = QTabWidget(self)
            self.profile = OrganizationProfileWidget(self._user_classes(opening), self)
            self.tabs.addTab(self.profile, "")
            self.detail_models = {
                "contacts": ContactsTableModel(parent=self),
                "certifications": CertificationsTableModel(parent=self),
                "interactions": InteractionsTableModel(parent=self),
                "kpis": KpiValuesTableModel(parent=self),
                "bookings": OrganizationBookingsTableModel(parent=self),
                "cases": OrganizationCasesTableModel(parent=self),
            }
            # each list tab's widgets are built when the tab is first shown (or first asked for, see
            # `detail_tables`): nine tabs' tables, buttons and KPI form built, polished and laid out
            # on opening cost more than half of the opening time, most of it for tabs never looked at
            self._detail_tables: dict[str, QTableView] = {}
            self._add_buttons: dict[str, QPushButton] = {}
            self._edit_buttons: dict[str, QPushButton] = {}
            self._remove_buttons: dict[str, QPushButton] = {}
            self._kpi_entry = None
            self._detail_pages: dict[str, QWidget] = {}
            for key in self.detail_models:
                page = QWidget(self)
                self._detail_pages[key] = page
                self.tabs.addTab(page, "")
                self.tabs.setTabEnabled(self.tabs.count() - 1, org_id is not None)
            self.tabs.currentChanged.connect(self._load_shown_tab)
            # its documents (certificates, agreements...), read when the tab is first shown
            from hubdesk.db.enums import DocumentOwner
            from hubdesk.ui.documents.panel import DocumentsPanel

            self.documents_panel = DocumentsPanel(context, DocumentOwner.ORGANIZATION, org_id, self)
            self.tabs.addTab(self.documents_panel, "")
            self.tabs.setTabEnabled(self.tabs.count() - 1, org_id is not None)
            self.invoices = None
            if org_id is not None:
                from hubdesk.ui.organizations.invoices_panel import InvoicesPanel

                # read when first shown: opening the page reads no more than before
                self.invoices = InvoicesPanel(context, org_id, self)
                self.tabs.addTab(self.invoices, "")
                self.tabs.currentChanged.connect(self._load_invoices_if_shown)

            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                            | QDialogButtonBox.StandardButton.Cancel, self)
            self.buttons.accepted.connect(self.save)
            self.buttons.rejected.connect(self.reject)
            self.archive_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.archive_button.setEnabled(org_id is not None)
            self.archive_button.clicked.connect(self.toggle_archived)
            self.archived_on: dt.date | None = None
            self.archived_label = QLabel(self)
            self.archived_label.setObjectName("muted")
            self.archived_label.hide()
            self.document_buttons: dict[str, QPushButton] = {}
            for kind in ("organization", "statement"):
                button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
                button.setEnabled(org_id is not None)
                button.clicked.connect(lambda _checked=False, kind=kind: self.print_document(kind))
                self.document_buttons[kind] = button
            self.calendar_button = add_calendar_button(self)
            layout = QVBoxLayout(self)
            layout.addWidget(self.heading)
            layout.addWidget(self.archived_label)
            layout.addWidget(self.general_problem)
            layout.addWidget(self.tabs, 1)
            layout.addWidget(self.buttons)

            if org_id is not None:
                self._load(org_id, opening)
            else:
                self._default_user_class()
            self._loaded_values = self.profile.values()
            context.bus.language_changed.connect(self.retranslate_ui)
            self.retranslate_ui()

    # --- loading ------------------------------------------------------------------------------
    def _user_classes(self, session=None) -> list[tuple[int, str]]:
        from hubdesk.domain.organizations import user_class_label

        rows = queries.user_classes(self.context.db, session)
        self._class_codes = {r.id: r.code for r in rows}
        self._class_names = {r.id: (r.name, r.name_en) for r in rows}
        return [(r.id, user_class_label(r.name, r.name_en)) for r in rows]

    def _default_user_class(self) -> None:
        """A new organization is a member company unless the person chooses otherwise (its fees
        depend on it, and a booking needs it)."""
        member = next((cid for cid, code in self._class_codes.items() if code == "member"), None)
        if member is not None:
            combo = self.profile.user_class_combo
            combo.setCurrentIndex(max(0, combo.findData(member)))

    def _load(self, org_id: int, session=None) -> None:
        values, self._name, self.archived_on, version = queries.organization_profile(
            self.context.db, org_id, self.profile.fields, session)
        self.based_on = {("organization", org_id): version}
        self.profile.load(values)
        self._load_details()

    def reload(self) -> None:
        """Show the stored organization again (after a save refused because someone changed it):
        their values replace the form's."""
        if self.org_id is None:
            return
        self.profile.clear_problems()
        self._load(self.org_id)
        self._loaded_values = self.profile.values()
        self.retranslate_ui()

    def _load_details(self) -> None:
        """Reload the tabs' lists (not the profile form, which may hold unsaved edits): the tab shown
        now at once, each other one when it is first shown (or its list first read): opening the
        page reads no tab behind the profile."""
        for key, model in self.detail_models.items():
            model.set_loader(lambda key=key: queries.organization_details(self.context.db, self.org_id, [key])[key])
        self._load_shown_tab()

    @staticmethod
    def _show_rows(table: QTableView, model) -> None:
        if table.model() is not model:
            table.setModel(model)
        table.resizeColumnsToContents()

    def _load_shown_tab(self, *_args) -> None:
        page = self.tabs.currentWidget()
        for key, detail_page in self._detail_pages.items():
            if page is detail_page:
                self._build_page(key)
                self.detail_models[key].ensure_loaded()

    # --- the list tabs, built when first shown ------------------------------------------------------
    @property
    def detail_tables(self) -> dict[str, QTableView]:
        """The tables of the list tabs by key (every tab's widgets built on asking)."""
        self._build_all_pages()
        return self._detail_tables

    @property
    def add_buttons(self) -> dict[str, QPushButton]:
        self._build_all_pages()
        return self._add_buttons

    @property
    def edit_buttons(self) -> dict[str, QPushButton]:
        self._build_all_pages()
        return self._edit_buttons

    @property
    def remove_buttons(self) -> dict[str, QPushButton]:
        self._build_all_pages()
        return self._remove_buttons

    @property
    def kpi_entry(self):
        """The form typing a quarter's figures (None for a new organization)."""
        self._build_all_pages()
        return self._kpi_entry

    def _build_all_pages(self) -> None:
        for key in self.detail_models:
            self._build_page(key)

    def _build_page(self, key: str) -> None:
        """Fill the tab of list `key` with its table, its buttons (and the KPI form), once."""
        page = self._detail_pages[key]
        if key in self._detail_tables:
            return
        model = self.detail_models[key]
        # the table gets its model when the rows are first read (`_show_rows`): a view lays its
        # rows out on timers even while its tab is hidden, which would read every tab at once
        table = QTableView(page)
        configure_table_view(table, sortable=False)
        self._detail_tables[key] = table
        box = QVBoxLayout(page)
        if key in ADD_DIALOGS:
            row = QHBoxLayout()
            button = QPushButton(page)
            button.clicked.connect(lambda _checked=False, key=key: self.add_record(key))
            self._add_buttons[key] = button
            row.addWidget(button)
            if key in EDITABLE:
                for store, slot in ((self._edit_buttons, self.edit_record),
                                    (self._remove_buttons, self.remove_record)):
                    other = QPushButton(page)
                    other.clicked.connect(lambda _checked=False, key=key, slot=slot: slot(key))
                    store[key] = other
                    row.addWidget(other)
                table.doubleClicked.connect(lambda _index, key=key: self.edit_record(key))
            row.addStretch(1)
            box.addLayout(row)
        elif key == "kpis" and self.org_id is not None:
            from hubdesk.ui.organizations.kpi_entry import KpiEntryWidget

            self._kpi_entry = KpiEntryWidget(self.context, self.org_id, page)
            self._kpi_entry.saved.connect(self._load_details)
            table.clicked.connect(lambda index: self._choose_kpi_quarter(index.row()))
            # ten figure columns: each keeps the width of its heading, and the table scrolls when
            # they do not fit (a stretched last column was cut short in Vietnamese)
            table.horizontalHeader().setStretchLastSection(False)
            box.addWidget(self._kpi_entry)
        else:   # the bookings and the cases: the table fills its tab, and opens a row's record
            box.setContentsMargins(0, 0, 0, 0)
            kind = {"bookings": "booking", "cases": "case"}.get(key)
            if kind is not None:
                table.doubleClicked.connect(
                    lambda index, key=key, kind=kind: self._open_related(kind, self.detail_models[key], index.row()))
        box.addWidget(table, 1)
        model.modelReset.connect(lambda table=table, model=model: self._show_rows(table, model))
        if model.is_loaded:
            self._show_rows(table, model)
        self._retranslate_records()

    def add_record(self, key: str) -> None:
        """Open the small form that adds a contact, certification or interaction; reload after."""
        dialog = ADD_DIALOGS[key](self.context, self.org_id, self)
        dialog.accepted.connect(self._load_details)
        dialog.open()
        self._add_dialog = dialog

    def _selected_id(self, key: str) -> int | None:
        index = self.detail_tables[key].currentIndex()
        return self.detail_models[key].id_at(index.row()) if index.isValid() else None

    def edit_record(self, key: str) -> None:
        """Open the selected contact, certification or interaction in its form to correct it (the
        open form brought forward when it has one already)."""
        record_id = self._selected_id(key)
        if record_id is None:
            errors.show_error(self, DomainError(_("Select a line in the list first.")))
            return

        def make():
            dialog = ADD_DIALOGS[key](self.context, self.org_id, self, record_id=record_id)
            dialog.accepted.connect(self._load_details)
            return dialog

        self._add_dialog = self.context.editors.open(ADD_DIALOGS[key].change.value, record_id, make)

    def remove_record(self, key: str) -> bool:
        """Remove the selected contact, certification or interaction after asking."""
        from hubdesk.domain.certifications import remove_certification
        from hubdesk.domain.interactions import remove_interaction
        from hubdesk.domain.organizations import remove_contact
        record_id = self._selected_id(key)
        if record_id is None:
            errors.show_error(self, DomainError(_("Select a line in the list first.")))
            return False
        if key == "contacts":
            question, fn, change = (_("Remove this contact? Remove one entered by mistake or who has left; people "
                                      "named on bookings stay for the bookings' history."),
                                    remove_contact, Change.CONTACT)
        elif key == "certifications":
            question, fn, change = (_("Remove this certification? Remove only one that was recorded by mistake; "
                                      "an expired certification stays in the history."),
                                    remove_certification, Change.CERTIFICATION)
        else:
            question, fn, change = (_("Remove this interaction? It no longer counts in the quarterly figures."),
                                    remove_interaction, Change.INTERACTION)
        if not ask_confirmation(self, _("Remove"), question):
            return False
        result = write_op(self.context, self, fn, record_id, changes=change)
        if result.ok:
            self._load_details()
        return result.ok

    def _choose_kpi_quarter(self, row: int) -> None:
        from hubdesk.domain.quarters import Quarter

        values = self.detail_models["kpis"].rows()[row]
        self.kpi_entry.set_quarter(Quarter(values["year"], values["quarter"]))

    def toggle_archived(self) -> bool:
        """Archive the organization (or bring it back) after asking."""
        from hubdesk.domain.organizations import archive_organization, unarchive_organization
        if self.org_id is None:
            return False
        if self.archived_on is None:
            question = _("Archive {name}? It will no longer be offered for new bookings and is hidden from the "
                         "organization list unless archived ones are shown. Its history and reports stay.") \
                .format(name=self._name)
            fn, done = archive_organization, _("{name} is archived.").format(name=self._name)
        else:
            question = _("Bring {name} back from the archive? It can be booked again.").format(name=self._name)
            fn, done = unarchive_organization, _("{name} is no longer archived.").format(name=self._name)
        if not ask_confirmation(self, _("Archive") if self.archived_on is None else _("Unarchive"), question):
            return False
        result = write_op(self.context, self, fn, self.org_id, changes=Change.ORGANIZATION, done=done,
                          based_on=self.based_on, reload=self.reload)
        if result.ok:
            self.archived_on = result.value.archived_on
            self.based_on = {("organization", self.org_id): result.value.version}
            self.retranslate_ui()
        return result.ok

    def print_document(self, kind: str):
        """Open the profile ("organization") or usage statement ("statement") of this organization,
        generated at once, to preview, save or print. Documents print what is saved, so unsaved edits
        are pointed out first. Returns the documents dialog (None when not opened)."""
        from hubdesk.ui.organizations.documents import OrganizationDocumentsDialog

        if self.org_id is None:
            return None
        if self.is_modified():
            errors.show_error(self, DomainError(_("This organization has unsaved changes, and documents print "
                                                  "what is saved. Save the changes first, then print.")))
            return None
        dialog = OrganizationDocumentsDialog(self.context, self.org_id, self._name, kind, self)
        dialog.open()
        self._documents_dialog = dialog
        return dialog

    def _load_invoices_if_shown(self, *_args) -> None:
        if self.invoices is not None and self.tabs.currentWidget() is self.invoices and not self.invoices.loaded:
            self.invoices.load()

    def _open_related(self, kind: str, model, row: int) -> None:
        record_id = model.id_at(row)
        if record_id is not None:
            self.context.open(kind, record_id)

    # --- texts -------------------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        if self.org_id is None:
            self.setWindowTitle(_("New organization"))
            self.heading.setText(_("New organization"))
        else:
            self.setWindowTitle(_("Organization: {name}").format(name=self._name))
            self.heading.setText(self._name)
        titles = [_("Profile"), _("Contacts"), _("Certifications"), _("Interactions"), _("Quarterly KPIs"),
                  _("Bookings"), _("Clinical-entry cases"), _("Documents"), _("Invoices")]
        for i, text in enumerate(titles[:self.tabs.count()]):    # a new organization has no Invoices tab
            self.tabs.setTabText(i, text)
        self.profile.retranslate_ui()
        from hubdesk.domain.organizations import user_class_label

        combo = self.profile.user_class_combo
        for i in range(1, combo.count()):        # the English name outside Korean
            names = self._class_names.get(combo.itemData(i))
            if names is not None:
                combo.setItemText(i, user_class_label(*names))
        self._retranslate_records()
        self.archive_button.setText(_("Archive…") if self.archived_on is None else _("Unarchive…"))
        self.archived_label.setVisible(self.archived_on is not None)
        if self.archived_on is not None:
            from hubdesk.ui.common.display import format_date

            self.archived_label.setText(_("Archived on {date}: not offered for new bookings; its history is kept.")
                                        .format(date=format_date(self.archived_on)))
        self.document_buttons["organization"].setText(_("Print profile…"))
        self.document_buttons["statement"].setText(_("Usage statement…"))
        self.document_buttons["organization"].setToolTip(_("The organization profile as a PDF: preview, save "
                                                           "or print it."))
        self.document_buttons["statement"].setToolTip(_("The facility usage statement of a quarter as a PDF: "
                                                        "bookings, units, rates and fees."))
        for model in self.detail_models.values():
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            if model.is_loaded and model.rowCount():   # a tab not read yet is read in the new language
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))

    def _retranslate_records(self) -> None:
        """The texts of the list tabs built so far (a tab built later gets them when built)."""
        add_texts = {"contacts": _("Add contact…"), "certifications": _("Add certification…"),
                     "interactions": _("Record interaction…")}
        for key, button in self._add_buttons.items():
            button.setText(add_texts[key])
        for button in self._edit_buttons.values():
            button.setText(_("Edit…"))
        for button in self._remove_buttons.values():
            button.setText(_("Remove…"))
        if self._kpi_entry is not None:
            self._kpi_entry.retranslate_ui()

    # --- saving ------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        return self.profile.values() != self._loaded_values

    def organization_input(self):
        from hubdesk.domain.organizations import OrganizationInput

        values = self.profile.values()
        return OrganizationInput(**values)

    def save(self) -> bool:
        """Save; on a refused save show the problems and keep the form as typed. True when saved."""
        from hubdesk.domain.organizations import (InvalidOrganization, create_organization,
                                                  update_organization)
        from hubdesk.domain.versions import STALE

        self.profile.clear_problems()
        self.general_problem.hide()
        data = self.organization_input()
        if self.org_id is None:
            result = write_op(self.context, self, lambda s: _saved(create_organization(s, data)),
                              changes=Change.ORGANIZATION)
        else:
            result = write_op(self.context, self, lambda s: _saved(update_organization(s, self.org_id, data)),
                              changes=Change.ORGANIZATION, based_on=self.based_on, reload=self.reload)
        if not result.ok:
            if getattr(result.error, "code", None) == STALE and self.is_modified():   # kept editing
                self.general_problem.setText(result.error.message)
                self.general_problem.show()
            if isinstance(result.error, InvalidOrganization):
                self._show_problems(result.error.problems)
                self.tabs.setCurrentWidget(self.profile)
            return False
        saved_id, self._name = result.value
        self.org_id = saved_id
        self._loaded_values = self.profile.values()
        self.context.bus.status_message.emit(_("{name} saved.").format(name=self._name))
        self.saved.emit(saved_id)
        self.accept()
        return True

    def _show_problems(self, problems) -> None:
        general = []
        first_widget = None
        for problem in problems:
            if problem.field in self.profile.problem_labels:
                self.profile.set_problem(problem.field, problem.message)
                first_widget = first_widget or self.profile.fields[problem.field]
            else:
                general.append(problem.message)
        if general:
            self.general_problem.setText("\n".join(general))
            self.general_problem.show()
        if first_widget is not None:
            first_widget.setFocus()

    def reject(self) -> None:
        if self.is_modified() and not ask_discard_changes(self):
            return
        super().reject()


def _saved(org) -> tuple[int, str]:
    return org.id, org.name
