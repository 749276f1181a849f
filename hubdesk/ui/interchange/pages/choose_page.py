"""Step 1 of the import wizard: what to import — with the columns that kind reads (name, required
or not, what a cell takes: from the kind's own column definitions) and "Save a template…" — and
from which file.

`choose_template_path(parent, suggested)` asks where to save a template; tests replace it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QWidget

from hubdesk.i18n import N_, _, get_language
from hubdesk.ui.common import file_dialogs
from hubdesk.ui.common.layouts import hbox, vbox
from hubdesk.ui.interchange.pages.widgets import note_label, table_view
from hubdesk.ui.interchange.table_model import KindColumnsTableModel

KINDS = (
    ("organizations", N_("Organizations (with their primary contact)")),
    ("contacts", N_("Contacts")),
    ("booking_series", N_("Booking series (import them before their bookings)")),
    ("bookings", N_("Bookings")),
    ("incidents", N_("Resource incidents")),
    ("kpis", N_("Quarterly KPI values")),
    ("programs", N_("Programs")),
    ("budget_lines", N_("Program budget lines")),
    ("expenditures", N_("Program expenditures")),
    ("participants", N_("Program participants")),
    ("milestones", N_("Program milestones")),
    ("events", N_("Events")),
    ("kpi_targets", N_("KPI targets")),
    ("subsidies", N_("Facility subsidies of programs")),
    ("booking_quotas", N_("Booking quotas of organizations on resources")),
    ("maintenance_series", N_("Maintenance series (import them before their windows)")),
    ("maintenance", N_("Maintenance and requalification windows")),
    ("payments", N_("Payments received against invoices")),
)


def _choose_template_path(parent: QWidget | None, suggested: str) -> str | None:
    path, chosen = file_dialogs.get_save_file_name(parent, _("Save a template"), str(Path.home() / suggested),
                                               _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
    if path and Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    return path or None


choose_template_path = _choose_template_path  # tests replace it


class ChoosePage(QWidget):
    file_changed = Signal()

    def __init__(self, kind: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for key, _title in KINDS:
            self.kind_combo.addItem("", key)
        if kind is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.textChanged.connect(lambda _text: self.file_changed.emit())
        self.browse_button = QPushButton()
        file_row = hbox((self.file_edit, 1), self.browse_button)
        self.kind_label, self.file_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.file_label, file_row)
        self.choose_help = QLabel()
        self.choose_help.setWordWrap(True)
        self.choose_error = note_label(error=True)

        self.columns_caption = QLabel()
        self.columns_caption.setObjectName("columnsCaption")
        self.columns_model = KindColumnsTableModel(self)
        self.columns_view = table_view(self.columns_model)
        self.columns_view.setObjectName("kindColumns")
        self.columns_view.verticalHeader().setVisible(False)
        header = self.columns_view.horizontalHeader()
        header.setSectionResizeMode(KindColumnsTableModel.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KindColumnsTableModel.REQUIRED, QHeaderView.ResizeMode.ResizeToContents)
        self.template_language = QComboBox()
        self.template_language.setObjectName("templateLanguage")
        self.template_language.addItem("", True)     # Korean headers
        self.template_language.addItem("", False)    # English headers
        self.template_language.setCurrentIndex(0 if get_language() == "ko" else 1)
        self.template_button = QPushButton()
        self.template_button.setObjectName("saveTemplateButton")
        self.template_button.clicked.connect(self.save_template)
        self.template_note = note_label()
        self.template_note.setObjectName("templateNote")
        template_row = hbox((self.columns_caption, 1), self.template_language, self.template_button)

        vbox(self, form, self.choose_help, self.choose_error, template_row, (self.columns_view, 1), self.template_note)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def _kind_changed(self) -> None:
        self.columns_model.set_kind(self.kind)
        self.template_note.hide()
        self.retranslate_ui()

    def set_enabled_while_idle(self, idle: bool) -> None:
        for widget in (self.kind_combo, self.file_edit, self.browse_button, self.template_button,
                       self.template_language):
            widget.setEnabled(idle)

    def save_template(self) -> str | None:
        """Ask where, then write an empty file with the chosen kind's headers in the chosen language
        (hubdesk.interchange.exporter.write_template, as `hubdesk template` does)."""
        from hubdesk.interchange.exporter import write_template
        from hubdesk.ui.common import errors

        kind, korean = self.kind, bool(self.template_language.currentData())
        path = choose_template_path(self, _("{kind}-template.xlsx").format(kind=kind))
        if not path:
            return None
        with errors.guard(self):
            write_template(kind, path, korean_headers=korean)
            self.template_note.setText(_("The template was saved as {path}. Fill in one row per record, keep the "
                                         "header row, then choose the file above.").format(path=path))
            self.template_note.show()
            return path
        return None

    def retranslate_ui(self) -> None:
        for i, (_key, title) in enumerate(KINDS):
            self.kind_combo.setItemText(i, _(title))
        self.kind_label.setText(_("Import:"))
        self.file_label.setText(_("File:"))
        self.file_edit.setPlaceholderText(_("An .xlsx or .csv file"))
        self.browse_button.setText(_("Browse…"))
        self.choose_help.setText(_(
            "The first row must hold the column headers, in English or Korean (for example name or 기업명). "
            "CSV files may be UTF-8 or CP949 (what Korean Excel writes), separated by commas, semicolons "
            "or tabs. Nothing is written until every row has been checked and you press Import."))
        self.columns_caption.setText(_("The columns {kind} takes (the required ones first):").format(
            kind=_(dict(KINDS)[self.kind])))
        self.template_language.setItemText(0, _("Korean headers"))
        self.template_language.setItemText(1, _("English headers"))
        self.template_button.setText(_("Save a template…"))
        self.template_button.setToolTip(_("An empty workbook with these columns as its header row, to fill in "
                                          "and import."))
        self.columns_model.retranslate()
