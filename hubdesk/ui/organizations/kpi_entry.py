"""The Quarterly KPIs tab of an organization: choose a quarter, enter its figures (headcount, new
and permanent hires, sales, exports, investment, patents) and save them through
hubdesk.domain.kpi_values, the same checks as the KPI import. A refusal (a bad figure, a locked
quarter) stands under the form and the figures typed stay."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from hubdesk.domain import clock
from hubdesk.domain.kpi_values import FIGURES
from hubdesk.domain.quarters import Quarter
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_number
from hubdesk.ui.common.forms import problem_label

TITLES = {
    "headcount": N_("Headcount"), "new_hires": N_("New hires"), "permanent_hires": N_("Permanent hires"),
    "sales_krw": N_("Sales (KRW)"), "exports_krw": N_("Exports (KRW)"),
    "investment_agreed_krw": N_("Investment agreed (KRW)"),
    "investment_executed_krw": N_("Investment executed (KRW)"),
    "patents_filed": N_("Patents filed"), "patents_registered": N_("Patents registered"),
}


def parse_figure(text: str):
    """The typed figure: None when blank, an int when it is digits (separators and ₩ allowed), else
    the text itself so that the domain names what is wrong with it."""
    from babel.numbers import get_group_symbol

    from hubdesk.i18n import babel_locale

    group = get_group_symbol(babel_locale())       # "," in Korean and English, "." in Vietnamese
    cleaned = text.strip().replace(group, "").replace(" ", "").replace("\u00a0", "").replace("₩", "")
    if not cleaned:
        return None
    if cleaned.isdigit() or (cleaned.startswith("-") and cleaned[1:].isdigit()):
        return int(cleaned)
    return text.strip()


class KpiEntryWidget(QWidget):
    """The form above the organization's KPI table."""

    saved = Signal()

    def __init__(self, context, org_id: int, parent: QWidget | None = None, *, today: dt.date | None = None,
                 session=None):
        super().__init__(parent)
        self.context = context
        self.org_id = org_id
        default = Quarter.of(today or clock.today()).previous()   # reports are about ended quarters
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(default.year)
        self.quarter_combo = QComboBox(self)
        for number in (1, 2, 3, 4):
            self.quarter_combo.addItem("", number)
        self.quarter_combo.setCurrentIndex(default.quarter - 1)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, name in enumerate(FIGURES):
            edit = QLineEdit(self)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setObjectName(f"kpi_{name}")
            self.edits[name] = edit
            self.labels[name] = QLabel(self)
            row, col = divmod(i, 3)
            grid.addWidget(self.labels[name], row, 2 * col)
            grid.addWidget(edit, row, 2 * col + 1)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.request_button = QPushButton(self)
        self.request_button.clicked.connect(self.write_request)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("muted")
        self.problem_label = problem_label(self)
        self.quarter_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.quarter_label)
        top.addWidget(self.year_spin)
        top.addWidget(self.quarter_combo)
        top.addWidget(self.state_label, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.request_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.problem_label)
        self.year_spin.valueChanged.connect(lambda _v: self.load())
        self.quarter_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.retranslate_ui()
        self.load(session)

    def quarter(self) -> Quarter:
        return Quarter(self.year_spin.value(), self.quarter_combo.currentData())

    def set_quarter(self, quarter: Quarter) -> None:
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(quarter.year)
        self.year_spin.blockSignals(False)
        self.quarter_combo.setCurrentIndex(quarter.quarter - 1)   # loads (also when it did not change)
        self.load()

    def figures(self) -> dict:
        return {name: parse_figure(edit.text()) for name, edit in self.edits.items()}

    def load(self, session=None) -> None:
        """Show the saved figures of the chosen quarter (blank fields when there are none; `session`:
        the read the page opens in)."""
        from hubdesk.ui.organizations.queries import quarter_figures

        values, saved, self._locked, self.based_on = quarter_figures(self.context.db, self.org_id, self.quarter(),
                                                                     FIGURES, session)
        for name, edit in self.edits.items():
            value = values[name]
            edit.setText("" if value is None else format_number(value))
        self.problem_label.hide()
        self._update_state(saved)

    def _update_state(self, has_row: bool) -> None:
        self._has_row = has_row
        if self._locked:
            text = _("The report of this quarter was issued: its figures are locked.")
        elif has_row:
            text = _("Figures saved for this quarter can be changed here.")
        else:
            text = _("No figures for this quarter yet.")
        self.state_label.setText(text)

    def save(self) -> bool:
        from hubdesk.domain.kpi_values import set_kpi_values
        from hubdesk.ui.common.operations import Change, write_op

        q = self.quarter()
        result = write_op(self.context, self, set_kpi_values, self.org_id, q, self.figures(),
                          changes=Change.KPI_VALUE, problem=self.problem_label, based_on=self.based_on,
                          reload=self.load,
                          done=lambda _r: _("The figures of {quarter} are saved.").format(quarter=str(q)))
        if result.ok:
            self.load()
            self.saved.emit()
        return result.ok

    def write_request(self) -> str | None:
        """Save a workbook asking this organization for the chosen quarter's figures (pre-filled with
        what is known); the filled file comes back through Import (KPI values)."""
        from hubdesk.ui.common.kpi_request import save_kpi_request

        q = self.quarter()
        return save_kpi_request(self.context, self, q, _("kpi-request-{quarter}.xlsx").format(quarter=str(q)),
                                org_id=self.org_id)

    def retranslate_ui(self, *_args) -> None:
        self.quarter_label.setText(_("Quarter:"))
        for i in range(self.quarter_combo.count()):
            self.quarter_combo.setItemText(i, _("Q{number}").format(number=self.quarter_combo.itemData(i)))
        for name, label_ in self.labels.items():
            label_.setText(_(TITLES[name]))
        self.save_button.setText(_("Save figures"))
        self.request_button.setText(_("KPI request…"))
        self.request_button.setToolTip(_("A workbook asking the company for this quarter's figures, pre-filled with "
                                         "the last ones; import it back with Import › KPI values."))
        if hasattr(self, "_has_row"):
            self._update_state(self._has_row)
