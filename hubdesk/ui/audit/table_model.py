"""Table models of the audit-trail browser: the lazy list of audit events (filters and search in
SQL), and the fields of one event before and after. Read only: no model here is editable."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from hubdesk.db.enums import AuditAction
from hubdesk.domain import clock
from hubdesk.field_labels import FIELD_LABELS, field_label  # noqa: F401  (the audit's field names)
from hubdesk.i18n import N_, _
from hubdesk.ui.common.display import format_datetime, person
from hubdesk.ui.common.lazy_table_model import LazyColumn, LazyTableModel
from hubdesk.ui.common.list_filters import SearchAndFilters, escape_like
from hubdesk.ui.common.rows_table_model import RowsTableModel


ACTION_LABELS = {AuditAction.INSERT: N_("Added"), AuditAction.UPDATE: N_("Changed"),
                 AuditAction.DELETE: N_("Deleted")}

# table name -> what one row of it is (singular, translated where shown)
ENTITY_LABELS = {
    "organization": N_("Organization"), "contact": N_("Contact"), "certification": N_("Certification"),
    "interaction": N_("Interaction"), "kpi_value": N_("Company KPI value"), "facility": N_("Facility"),
    "resource": N_("Resource"), "resource_rate": N_("Rate"), "user_class": N_("User class"),
    "maintenance_window": N_("Maintenance window"), "qualification": N_("Qualification"),
    "resource_incident": N_("Incident"), "maintenance_series": N_("Maintenance series"),
    "booking_series": N_("Booking series"),
    "booking": N_("Booking"), "booking_status_change": N_("Booking status change"),
    "booking_person": N_("Person on a booking"), "clinical_case": N_("Clinical-entry case"),
    "case_stage_change": N_("Case stage change"), "review_clock_stop": N_("Review clock stop"),
    "case_document": N_("Case document"), "program": N_("Program"), "milestone": N_("Milestone"),
    "expenditure": N_("Expenditure"), "kpi_target": N_("KPI target"), "event": N_("Event"),
    "budget_line": N_("Budget line"), "participant": N_("Program participant"),
    "event_participant": N_("Event participant"),
    "facility_subsidy": N_("Facility subsidy"), "facility_subsidy_resource": N_("Resource of a facility subsidy"),
    "booking_quota": N_("Booking quota"),
    "invoice": N_("Invoice"), "invoice_line": N_("Invoice line"), "invoice_payment": N_("Payment"),
    "issued_report": N_("Issued report"), "report_reopening": N_("Reopened quarter"), "closure_day": N_("Closure day"),
    "app_user": N_("User account"),
    "setting": N_("Setting"),
    "database": N_("Database"),      # audit.DATABASE_ENTITY: a restore, demo data
}
NAME_FIELDS = ("name", "title", "product", "username", "display_name", "code", "number")


def action_label(value: Any) -> str:
    try:
        return _(ACTION_LABELS[AuditAction(value)])
    except ValueError:
        return str(value or "")


def entity_label(value: str | None) -> str:
    text = ENTITY_LABELS.get(value or "")
    return _(text) if text else (value or "")


def enum_class(entity: str | None, field: str):
    """The enum a stored field holds (its values are then shown by their translated names)."""
    from hubdesk.db.schema import Base

    table = Base.metadata.tables.get(entity or "")
    col = table.c.get(field) if table is not None else None
    return getattr(col.type, "enum_class", None) if col is not None else None


def field_value_text(entity: str | None, field: str, value: Any) -> str:
    cls = enum_class(entity, field)
    if cls is not None and value is not None:
        from hubdesk.ui.common.labels import label

        return label(value, cls)
    return value_text(value)


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_name(row: Mapping[str, Any]) -> str:
    values = row.get("after") or row.get("before") or {}
    for key in NAME_FIELDS:
        if values.get(key):
            return str(values[key])
    return ""


def changes_text(row: Mapping[str, Any], limit: int = 160) -> str:
    """A one-line summary: the changed fields with old → new for a change, the record's name for an
    addition or deletion."""
    before, after = row.get("before") or {}, row.get("after") or {}
    if AuditAction(row["action"]) is AuditAction.UPDATE:
        entity = row.get("entity")
        parts = [_("{field}: {old} → {new}").format(field=field_label(k),
                                                    old=field_value_text(entity, k, before.get(k)) or "—",
                                                    new=field_value_text(entity, k, v) or "—")
                 for k, v in after.items()]
        text = "; ".join(parts)
    else:
        text = record_name(row)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def local_day_start(day: dt.date, zone: str | None = None) -> dt.datetime:

    return dt.datetime.combine(day, dt.time(0), clock.zone(zone)).astimezone(dt.timezone.utc)


class AuditTableModel(SearchAndFilters, LazyTableModel):
    """Every audit event matching the filters, newest first unless sorted otherwise."""

    COL_AT, COL_ACTOR, COL_ACTION, COL_ENTITY, COL_RECORD, COL_CHANGES = range(6)
    FILTERS = ("actor", "entity", "action", "date_from", "date_to")

    def __init__(self, db, parent=None):
        from hubdesk.db.schema import AuditEvent

        self.sql_table = AuditEvent.__table__
        t = self.sql_table.c
        self.columns = (
            LazyColumn("at", N_("When"), t.at, render=lambda v: format_datetime(v) if v else ""),
            LazyColumn("actor", N_("Who"), t.actor, render=person),
            LazyColumn("action", N_("Action"), t.action, render=action_label),
            LazyColumn("entity", N_("Record kind"), t.entity, render=entity_label),
            LazyColumn("entity_id", N_("Record"), t.entity_id),
            LazyColumn("after", N_("Changes")),
        )
        super().__init__(db, parent)
        self._init_search_and_filters()

    def row_columns(self) -> list:
        t = self.sql_table.c
        return [t.id, t.at, t.actor, t.action, t.entity, t.entity_id, t.entity_uid, t.before, t.after]

    def default_order(self) -> list:
        t = self.sql_table.c
        return [t.at.desc(), t.id.desc()]

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "after":
            return changes_text(row)
        if column.key == "entity_id":
            name = record_name(row)
            if value is None:
                return name
            return _("No. {id} {name}").format(id=value, name=name).strip()
        return super().display(column, value, row)

    def where_clauses(self) -> list:
        from sqlalchemy import String, cast, func, or_

        t = self.sql_table.c
        clauses = []
        f = self._filters
        if f.get("actor"):
            clauses.append(t.actor == f["actor"])
        if f.get("entity"):
            clauses.append(t.entity == f["entity"])
        if f.get("action"):
            clauses.append(t.action == AuditAction(f["action"]))
        if f.get("date_from"):
            clauses.append(t.at >= local_day_start(f["date_from"]))
        if f.get("date_to"):
            clauses.append(t.at < local_day_start(f["date_to"] + dt.timedelta(days=1)))
        if self._search:
            text = self._search.lower()
            # JSON is stored with non-ASCII letters escaped (\ud55c): its fields are searched in that spelling
            plain = f"%{escape_like(text)}%"
            in_json = f"%{escape_like(json.dumps(text)[1:-1])}%"
            options = [func.lower(t.actor).like(plain, escape="\\"), func.lower(t.entity).like(plain, escape="\\"),
                       func.lower(cast(t.before, String)).like(in_json, escape="\\"),
                       func.lower(cast(t.after, String)).like(in_json, escape="\\")]
            from hubdesk.db.ids import parse_id

            if (entity_id := parse_id(text)) is not None:
                options.append(t.entity_id == entity_id)
            clauses.append(or_(*options))
        return clauses

    def distinct_values(self, column: str) -> list[str]:
        from sqlalchemy import select

        col = self.sql_table.c[column]
        with self._db.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(col).where(col.is_not(None)).distinct().order_by(col))]

    # --- export: what the list shows, plus the fields before and after -----------------------
    def export_columns(self) -> list[str]:
        return super().export_columns() + [_("Before"), _("After")]

    def export_values(self, row: Mapping[str, Any]) -> list[Any]:
        extra = [json.dumps(row.get(k), ensure_ascii=False) if row.get(k) is not None else ""
                 for k in ("before", "after")]
        return super().export_values(row) + extra


class AuditChangesTableModel(RowsTableModel):
    """The fields of one audit event: before and after (an addition has only after, a deletion
    only before)."""

    COL_FIELD, COL_BEFORE, COL_AFTER = range(3)
    columns = (
        LazyColumn("field", N_("Field")),
        LazyColumn("before", N_("Before")),
        LazyColumn("after", N_("After")),
    )

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        if column.key == "field":
            return field_label(value)
        return field_value_text(row.get("entity"), row["field"], value)

    def set_event(self, event: Mapping[str, Any] | None) -> None:
        if event is None:
            self.set_rows([])
            return
        before, after = event.get("before") or {}, event.get("after") or {}
        keys = list(after) + [k for k in before if k not in after]
        self.set_rows([{"id": i, "field": k, "entity": event.get("entity"), "before": before.get(k),
                        "after": after.get(k)}
                       for i, k in enumerate(keys)])
