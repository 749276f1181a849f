"""Table models of the Facilities area: facilities (licence expiry with an alert), resources of a
facility, and a resource's maintenance windows and qualifications. The lists are short, so they
are RowsTableModels filled from hubdesk.ui.facilities.queries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from hubdesk.i18n import N_, _, get_language, ngettext
from hubdesk.ui.common.display import format_date, format_datetime, format_krw, format_number
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.rows_table_model import ROWS_ROLES, RowsTableModel
from hubdesk.ui.common.style import DANGER, WARNING

AlertRole = Qt.ItemDataRole.UserRole + 10   # True when the row needs attention (licence, requalification)
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})
_ALERT_ROLES = ROWS_ROLES | {int(AlertRole), int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.DecorationRole)}


def _alert_icon():
    from PySide6.QtWidgets import QApplication, QStyle

    app = QApplication.instance()
    return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if app else None


class _AlertingRowsModel(RowsTableModel):
    """Rows whose "alert" key is true get a warning colour and, in `ALERT_COLUMN`, an icon."""

    ALERT_COLUMN = 0
    ALERT_KEY = "alert"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ALERT_ROLES:           # what a painting view asks most (font, background…)
            return None
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        alert = bool(row.get(self.ALERT_KEY))
        if role == AlertRole:
            return alert
        if role == Qt.ItemDataRole.ForegroundRole and alert and index.column() == self.ALERT_COLUMN:
            return QColor(DANGER if self.is_severe(row) else WARNING)
        if role == Qt.ItemDataRole.DecorationRole and alert and index.column() == self.ALERT_COLUMN:
            return _alert_icon()
        if role == Qt.ItemDataRole.ToolTipRole and alert:
            tip = self.alert_text(row)
            if tip:
                return tip
        if role in _TEXT_ROLES:
            return self._text(index.row(), index.column(), row)
        return super().data(index, role)

    def _text(self, row_number: int, column: int, row) -> str:
        """A cell's text, formatted once per rows and language (a view asks for it at every paint,
        for the text and the tooltip, and the resources' hours and rates format numbers)."""
        language = get_language()
        if getattr(self, "_texts_rows", None) is not self._rows or self._texts_language != language:
            self._texts_rows, self._texts_language = self._rows, language
            self._texts: dict[tuple[int, int], str] = {}
        key = (row_number, column)
        if key not in self._texts:
            spec = self.columns[column]
            self._texts[key] = self.display(spec, row.get(spec.key), row)
        return self._texts[key]

    def is_severe(self, row) -> bool:
        return True

    def alert_text(self, row) -> str:
        return ""


class FacilitiesTableModel(_AlertingRowsModel):
    COL_NAME, COL_KIND, COL_LICENCE_NO, COL_AUTHORITY, COL_EXPIRES, COL_RESOURCES = range(6)
    ALERT_COLUMN = COL_EXPIRES
    columns = (
        LazyColumn("name", N_("Facility")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("licence_no", N_("Licence no.")),
        LazyColumn("licence_authority", N_("Licence authority")),
        LazyColumn("licence_expires_on", N_("Licence expires"), render=format_date),
        LazyColumn("resources", N_("Resources"), render=lambda v: format_number(v), align_right=True),
    )

    def is_severe(self, row) -> bool:
        return row.get("days_left") is not None and row["days_left"] < 0

    def alert_text(self, row) -> str:
        days = row.get("days_left")
        if days is None:
            return ""
        if days < 0:
            return _("The licence of {facility} expired on {date}.").format(
                facility=row["name"], date=format_date(row["licence_expires_on"]))
        return ngettext("The licence of {facility} expires in {days} day. Renewal must be filed at least "
                        "120 days before expiry.",
                        "The licence of {facility} expires in {days} days. Renewal must be filed at least "
                        "120 days before expiry.", days).format(facility=row["name"], days=days)


def _rates(value) -> str:
    return ", ".join(f"{name}: {format_krw(fee)}" for name, fee in (value or []))


def _hours(value) -> str:
    if value is None:
        return ""
    return ngettext("{hours} hour", "{hours} hours", 1 if float(value) == 1 else 2).format(
        hours=format_number(value))


class ResourcesTableModel(_AlertingRowsModel):
    (COL_NAME, COL_KIND, COL_GRADE, COL_UNIT, COL_CHANGEOVER, COL_MIN, COL_MAX, COL_REQUALIFY,
     COL_STATUS, COL_RATES) = range(10)
    ALERT_COLUMN = COL_REQUALIFY
    ALERT_KEY = "requalification_overdue"
    columns = (
        LazyColumn("name", N_("Resource")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("grade", N_("Cleanroom grade")),
        LazyColumn("unit", N_("Booking unit")),
        LazyColumn("changeover", N_("Changeover"), render=_hours, align_right=True),
        LazyColumn("min_units", N_("Minimum units"), render=lambda v: format_number(v), align_right=True),
        LazyColumn("max_units", N_("Maximum units"), render=lambda v: format_number(v), align_right=True),
        LazyColumn("requalification_due", N_("Requalification due"), render=format_date),
        LazyColumn("status", N_("Status")),
        LazyColumn("rates", N_("Rates"), render=_rates),
    )

    def display(self, column, value, row) -> str:
        if column.key == "grade":
            return value.value if value is not None else ""
        return super().display(column, value, row)

    def alert_text(self, row) -> str:
        return _("{resource} must be requalified before it can be booked again.").format(resource=row["name"])


class MaintenanceWindowsTableModel(RowsTableModel):
    COL_KIND, COL_STARTS, COL_ENDS, COL_NOTE = range(4)
    columns = (
        LazyColumn("kind", N_("Kind")),
        LazyColumn("starts_at", N_("Starts")),
        LazyColumn("ends_at", N_("Ends")),
        LazyColumn("note", N_("Note")),
    )

    def display(self, column, value, row) -> str:
        if column.key in ("starts_at", "ends_at"):
            return format_datetime(value, row.get("timezone")) if value else ""
        return super().display(column, value, row)


class QuotasTableModel(RowsTableModel):
    """The booking quotas of organizations on a resource."""

    COL_ORGANIZATION, COL_HOURS, COL_PERIOD, COL_NOTE = range(4)
    columns = (
        LazyColumn("organization", N_("Organization")),
        LazyColumn("hours", N_("At most"), render=lambda v: ngettext("{n} hour", "{n} hours", int(v or 0)).format(
            n=format_number(v)), align_right=True),
        LazyColumn("period", N_("Counted per"), render=label),
        LazyColumn("note", N_("Note")),
    )


class IncidentsTableModel(_AlertingRowsModel):
    """A resource's incident log; an incident whose downtime is still open stands out."""

    COL_OCCURRED, COL_KIND, COL_DESCRIPTION, COL_DOWNTIME, COL_QUALIFICATION, COL_REPORTED_BY = range(6)
    ALERT_COLUMN = COL_DOWNTIME
    ALERT_KEY = "down_open"
    columns = (
        LazyColumn("occurred_at", N_("Occurred")),
        LazyColumn("kind", N_("Kind")),
        LazyColumn("description", N_("Description")),
        LazyColumn("down_from", N_("Downtime")),
        LazyColumn("voids_qualification", N_("Qualification")),
        LazyColumn("reported_by", N_("Reported by")),
    )

    def display(self, column, value, row) -> str:
        tz = row.get("timezone")
        if column.key == "occurred_at":
            return format_datetime(value, tz) if value else ""
        if column.key == "down_from":
            if value is None:
                return ""
            if row.get("down_until") is None:
                return _("since {start}").format(start=format_datetime(value, tz))
            return f"{format_datetime(value, tz)} – {format_datetime(row['down_until'], tz)}"
        if column.key == "voids_qualification":
            return _("Voided: requalify") if value else ""
        return super().display(column, value, row)

    def alert_text(self, row) -> str:
        return _("The resource is still down: no booking is accepted until the end of the downtime is recorded.")


class QualificationsTableModel(_AlertingRowsModel):
    COL_PERSON, COL_ORGANIZATION, COL_GRANTED, COL_VALID_UNTIL = range(4)
    ALERT_COLUMN = COL_VALID_UNTIL
    ALERT_KEY = "expired"
    columns = (
        LazyColumn("person", N_("Person")),
        LazyColumn("organization", N_("Organization")),
        LazyColumn("granted_on", N_("Granted on"), render=format_date),
        LazyColumn("valid_until", N_("Valid until"), render=format_date),
    )

    def alert_text(self, row) -> str:
        return _("This qualification has expired.")


__all__ = ["AlertRole", "FacilitiesTableModel", "IncidentsTableModel", "MaintenanceWindowsTableModel", "QualificationsTableModel",
           "ResourcesTableModel"]
