"""Table models of the Clinical entry area: the lazy case list over SQL, and the small lists on a
case's page (stage history, document checklist, review-clock stops)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt

from hubdesk.db.enums import CaseStage, Pathway, RiskLevel
from hubdesk.i18n import N_
from hubdesk.ui.common.display import format_date, format_datetime, person
from hubdesk.ui.common.lazy_table_model import LazyColumn, LazyTableModel
from hubdesk.ui.common.list_filters import SearchAndFilters, escape_like
from hubdesk.ui.common.rows_table_model import AnyIndex, RowsTableModel

DoneRole = Qt.ItemDataRole.UserRole + 10   # a checklist row's done flag (bool)
CodeRole = Qt.ItemDataRole.UserRole + 11   # a checklist row's document code


def _stage(value) -> str:
    from hubdesk.domain.case_templates import stage_title

    return stage_title(value) if value else ""


def _pathway(value) -> str:
    from hubdesk.domain.case_templates import pathway_title

    return pathway_title(value) if value else ""


class CasesTableModel(SearchAndFilters, LazyTableModel):
    """Every case matching the search and the pathway / stage / risk filters, sorted in SQL."""

    (COL_ORGANIZATION, COL_PRODUCT, COL_PATHWAY, COL_RISK, COL_STAGE, COL_OPENED, COL_SUBMITTED,
     COL_DEADLINE) = range(8)
    FILTERS = ("pathway", "stage", "risk_level")

    def __init__(self, db, parent=None):
        from hubdesk.db.schema import ClinicalCase, Organization

        self._cases = ClinicalCase.__table__
        self._orgs = Organization.__table__
        c, o = self._cases.c, self._orgs.c
        self.columns = (
            LazyColumn("organization", N_("Organization"), o.name),
            LazyColumn("product", N_("Product"), c.product),
            LazyColumn("pathway", N_("Pathway"), c.pathway, render=_pathway),
            LazyColumn("risk_level", N_("Risk"), c.risk_level),
            LazyColumn("stage", N_("Stage"), c.stage, render=_stage),
            LazyColumn("opened_on", N_("Opened on"), c.opened_on, render=format_date),
            LazyColumn("submitted_on", N_("Submitted on"), c.submitted_on, render=format_date),
            LazyColumn("next_deadline", N_("Next deadline"), c.next_deadline, render=format_date),
        )
        super().__init__(db, parent)
        self._init_search_and_filters()

    def from_clause(self):
        return self._cases.join(self._orgs, self._orgs.c.id == self._cases.c.organization_id)

    def id_column(self):
        return self._cases.c.id

    def row_columns(self) -> list:
        c, o = self._cases.c, self._orgs.c
        return [c.id, o.name.label("organization"), c.product, c.pathway, c.risk_level, c.stage, c.opened_on,
                c.submitted_on, c.next_deadline]

    def default_order(self) -> list:
        return [self._cases.c.opened_on.desc()]

    def where_clauses(self) -> list:
        from sqlalchemy import or_

        c, o = self._cases.c, self._orgs.c
        clauses = [c[key] == value for key, value in self._filters.items() if value is not None]
        if self._search:
            pattern = f"%{escape_like(self._search)}%"
            clauses.append(or_(c.product.ilike(pattern, escape="\\"), o.name.ilike(pattern, escape="\\")))
        return clauses



ENUM_FILTERS = {"pathway": Pathway, "stage": CaseStage, "risk_level": RiskLevel}


class CaseHistoryTableModel(RowsTableModel):
    COL_DATE, COL_FROM, COL_TO, COL_BY, COL_NOTE = range(5)
    columns = (
        LazyColumn("changed_on", N_("Date"), render=format_date),
        LazyColumn("from_stage", N_("From stage"), render=_stage),
        LazyColumn("to_stage", N_("To stage"), render=_stage),
        LazyColumn("changed_by", N_("By"), render=person),
        LazyColumn("note", N_("Note")),
    )


class ClockStopsTableModel(RowsTableModel):
    COL_STOPPED, COL_DUE, COL_RESUMED, COL_REASON = range(4)
    columns = (
        LazyColumn("stopped_on", N_("Clock stopped on"), render=format_date),
        LazyColumn("due_on", N_("Supplement due on"), render=format_date),
        LazyColumn("resumed_on", N_("Review resumed on"), render=format_date),
        LazyColumn("reason", N_("Note")),
    )


class CaseDocumentsTableModel(RowsTableModel):
    """The checklist: the first column is checkable; ticking calls `on_toggle(code, done)`, which
    writes through the domain and returns the row as stored (or None when refused: nothing changes).
    The "document required" column is checkable the same way through `on_require(code, required)`."""

    COL_DOCUMENT, COL_REQUIRED, COL_FILES, COL_DONE_BY, COL_DONE_AT = range(5)
    columns = (
        LazyColumn("title", N_("Document")),
        LazyColumn("requires_document", N_("File required"), render=lambda _v: ""),
        LazyColumn("files", N_("Files"), render=lambda v: str(v or 0), align_right=True),
        LazyColumn("done_by", N_("Ticked by"), render=person),
        LazyColumn("done_at", N_("Ticked at"), render=lambda v: format_datetime(v) if v else ""),
    )

    def __init__(self, rows=(), parent=None, on_toggle: Callable[[str, bool], dict | None] | None = None,
                 on_require: Callable[[str, bool], dict | None] | None = None):
        super().__init__(rows, parent)
        self.on_toggle = on_toggle
        self.on_require = on_require

    def _writer(self, column: int) -> Callable[[str, bool], dict | None] | None:
        return {self.COL_DOCUMENT: self.on_toggle, self.COL_REQUIRED: self.on_require}.get(column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        if role == DoneRole:
            return bool(row.get("done"))
        if role == CodeRole:
            return row.get("code")
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.COL_DOCUMENT:
            return Qt.CheckState.Checked if row.get("done") else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.COL_REQUIRED:
            return Qt.CheckState.Checked if row.get("requires_document") else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._writer(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        writer = self._writer(index.column()) if index.isValid() else None
        if role != Qt.ItemDataRole.CheckStateRole or writer is None or index.row() >= len(self._rows):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        stored = writer(self._rows[index.row()]["code"], checked)
        if stored is None:
            return False
        self._rows[index.row()] = stored
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        return True
