"""KPI targets against actuals: the KPI targets tab of a program's page and the foundation's own
targets (no program), reached from the area's "Foundation targets…" button. Both are one panel:
the targets by year and quarter with the foundation's actual figure and the achievement, and
New / Edit / Remove through hubdesk.domain.kpi_targets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hubdesk.domain import clock
from hubdesk.i18n import _
from hubdesk.ui.common import errors
from hubdesk.ui.common.operations import Change
from hubdesk.ui.programs.table_model import KpiTargetsTableModel
from hubdesk.ui.programs.tabs import RecordTab


class TargetsPanel(RecordTab):
    """The targets of one program (`show(program_id, years)`) or of the foundation (program None)."""

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None):
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        super().__init__(KpiTargetsTableModel(), parent, note=self.note)
        self.model.setParent(self)
        self.context = context
        self._today = today
        self.program_id: int | None = None
        self.years: list[int] | None = None
        self.loaded_for: object = ()          # the program id (or None) whose targets are shown
        self.figures_cache: dict = {}
        self.new_requested.connect(self.new_target)
        self.edit_requested.connect(self.edit_target)
        self.remove_requested.connect(self.remove_target)
        self._dialog = None

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    def set_owner(self, program_id: int | None, years: list[int] | None) -> None:
        """Whose targets the panel shows (read by `load`)."""
        if program_id != self.program_id:
            self.loaded_for = ()
        self.program_id, self.years = program_id, years
        self.set_program_shown(True)

    def load(self, *, force: bool = False) -> None:
        """Read the targets with their actuals (the quarters' figures take a moment: a wait cursor)."""
        from hubdesk.ui.programs.queries import load_targets

        if not force and self.loaded_for == self.program_id:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with errors.guard(self):
                self.set_rows(load_targets(self.context.db, self.program_id, None, today=self.today,
                                           figures_cache=self.figures_cache))
                self.loaded_for = self.program_id
        finally:
            QApplication.restoreOverrideCursor()

    def forget(self) -> None:
        """The records changed: read again when next shown."""
        self.loaded_for = ()
        self.figures_cache.clear()

    def retranslate_ui(self, *_args) -> None:
        self.set_texts(_("New target…"))
        from hubdesk.ui.programs.queries import actuals_quarter

        q = actuals_quarter(self.today.year, self.today)
        from hubdesk.ui.common.display import format_quarter

        self.note.setText(_("Actuals are the foundation's figures: annual targets against the year to date up "
                            "to {quarter}, quarter targets against their quarter.")
                          .format(quarter=format_quarter(q.year, q.quarter)))

    def _open(self, target_id: int | None) -> None:
        from hubdesk.ui.programs.dialog import KpiTargetDialog

        def make() -> KpiTargetDialog:
            dialog = KpiTargetDialog(self.context, self.program_id, self.years, target_id, self, today=self.today)
            dialog.saved.connect(self.select_id)
            return dialog

        if target_id is None:
            self._dialog = make()
            self._dialog.open()
        else:   # one editor per target: an open one is brought forward
            self._dialog = self.context.editors.open("kpi_target", target_id, make)

    def new_target(self) -> None:
        self._open(None)

    def edit_target(self, target_id: int) -> None:
        self._open(target_id)

    def remove_target(self, target_id: int) -> bool:
        from hubdesk.domain.kpi_codes import kpi_label
        from hubdesk.domain.kpi_targets import remove_kpi_target
        from hubdesk.ui.programs.dialog import remove_record

        row = self.selected_row() or {}
        return remove_record(self.context, self, remove_kpi_target, target_id,
                             _("Remove the target for {kpi}?").format(kpi=kpi_label(row.get("kpi", ""))),
                             Change.KPI_TARGET)


class FoundationTargetsDialog(QDialog):
    """The foundation's own KPI targets (not of one program), by year and quarter."""

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.panel = TargetsPanel(context, self, today=today)
        self.panel.set_owner(None, None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.panel.load(force=True)
        self.retranslate_ui()
        from hubdesk.ui.accounts.permissions_ui import area_writable, restrict_widget

        restrict_widget(self, area_writable("programs"), "programs")   # read only for whom programs are

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.KPI_TARGET):
            self.panel.forget()
            self.panel.load()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Foundation targets"))
        self.explain.setText(_("Targets of the foundation as a whole, for a year or one quarter. The quarterly "
                               "report compares them with the foundation's figures; each program's own targets "
                               "are on its KPI targets tab."))
        self.panel.retranslate_ui()
