"""The booking dialog: a new booking (prefilled from the timeline when dragged) or an existing
one (its times, people and status history, with the status moves it allows).

While the person edits, the request is checked by the domain (`check_and_estimate`, debounced): every
broken rule is listed in words before saving — a conflict names the other booking and its
changeover, because the domain's sentence does — and the fee estimate is shown. The holiday
override box appears only when the booking touches a holiday or closure day (or is already
overridden). A refused save keeps the form as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QTableView, QWidget)
from sqlalchemy import select

from hubdesk.domain import clock
from hubdesk.db.enums import BookingStatus, BookingUnit
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.bookings.actions import action_text, change_booking_status
from hubdesk.ui.bookings.queries import organization_to_book, organizations_to_book
from hubdesk.ui.bookings.table_model import StatusHistoryTableModel
from hubdesk.ui.common.organization_box import OrganizationBox
from hubdesk.ui.common.forms import datetime_edit, grow_to_fit
from hubdesk.ui.common.display import format_krw
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import muted_label, styled_label, vbox
from hubdesk.ui.common.operations import Change, show_refusal, write_op
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.facilities.dialog import from_qdatetime, to_qdatetime

CHECK_DELAY_MS = 300


def save_booking(session, booking_id: int | None, request) -> int:
    """A new booking from the request, or new times for booking `booking_id`; its id."""
    from hubdesk.domain.bookings import create_booking, update_booking_times

    if booking_id is None:
        return create_booking(session, request).id
    return update_booking_times(session, booking_id, request.starts_at, request.ends_at,
                                holiday_override=request.holiday_override).id


def _reading(db, session):
    """`session` when the caller reads in one already (the editor opens in one read), else a read."""
    return contextlib.nullcontext(session) if session is not None else db.read()


def bookable_resources(db, session=None) -> list[dict]:
    from hubdesk.db.enums import ResourceStatus
    from hubdesk.db.schema import Facility, Resource

    with _reading(db, session) as s:
        rows = s.execute(select(Resource.id, Resource.name, Facility.name, Facility.timezone, Resource.booking_unit,
                                Resource.status)
                         .join(Facility, Facility.id == Resource.facility_id)
                         .where(Resource.status != ResourceStatus.RETIRED)
                         .order_by(Facility.name, Resource.name, Resource.id)).all()
    return [dict(id=r[0], name=r[1], facility=r[2], timezone=clock.zone(r[3]).key, unit=r[4]) for r in rows]


class BookingDialog(QDialog):
    """`booking_id` None: a new booking, optionally prefilled (resource, start, end, organization)."""

    saved = Signal(int)

    def __init__(self, context, booking_id: int | None = None, parent: QWidget | None = None, *,
                 resource_id: int | None = None, starts_at: dt.datetime | None = None,
                 ends_at: dt.datetime | None = None, organization_id: int | None = None):
        super().__init__(parent)
        self.setObjectName("bookingDialog")
        self.context = context
        self.booking_id = booking_id
        self.based_on: dict[tuple[str, int], int] = {}
        self.problems: list = []
        self.problem_texts: list[str] = []
        self.fee: int | None = None
        self.subsidy_krw: int | None = None   # the subsidised part of the frozen fee
        self.status: BookingStatus | None = None
        self._resources: list[dict] = []

        self.resource_combo = QComboBox(self)
        # sized by the form, not by measuring each of its items (1,600 resources on huge: 85 ms)
        self.resource_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.resource_combo.setMinimumContentsLength(30)
        # a new booking's organization is found by typing part of its name (not chosen among every one)
        self.org_combo = OrganizationBox(self._organizations_matching, self)
        self.starts_edit, self.ends_edit = datetime_edit(self), datetime_edit(self)
        self.purpose_edit = QLineEdit(self)
        self.campaign_edit = QLineEdit(self)
        self.setMinimumWidth(620)
        self.people_list = QListWidget(self)
        self.people_list.setMaximumHeight(90)
        # rule messages appearing below must not squeeze the list to one row: the dialog grows
        rows = self.people_list.fontMetrics().height() + 8
        self.people_list.setMinimumHeight(min(90, 3 * rows + 2 * self.people_list.frameWidth()))
        self.holiday_check = QCheckBox(self)
        self.holiday_check.hide()
        self.status_label = QLabel(self)
        # the fee may be a sentence (no user class, no rate): it must show whole
        self.fee_label = styled_label(self, "feeLabel", wrap=True)
        self.problems_label = styled_label(self, "fieldProblem", wrap=True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.hide()
        self.ok_label = muted_label(self)

        self.history_model = StatusHistoryTableModel(parent=self)
        self.history_table = QTableView(self)
        self.history_table.setModel(self.history_model)
        configure_table_view(self.history_table, sortable=False)
        self.history_table.setMaximumHeight(130)
        for column, width in {StatusHistoryTableModel.COL_WHEN: 165, StatusHistoryTableModel.COL_FROM: 80,
                              StatusHistoryTableModel.COL_TO: 80, StatusHistoryTableModel.COL_BY: 170}.items():
            self.history_table.setColumnWidth(column, width)
        self.history_table.setVisible(booking_id is not None)
        self.status_buttons: dict[BookingStatus, QPushButton] = {}
        status_row = QHBoxLayout()
        for target in (BookingStatus.APPROVED, BookingStatus.REJECTED, BookingStatus.CONFIRMED, BookingStatus.IN_USE,
                       BookingStatus.COMPLETED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW):
            button = QPushButton(self)
            button.setObjectName(f"status_{target.value}")
            button.clicked.connect(lambda _c=False, t=target: self.change_status(t))
            button.setVisible(False)
            status_row.addWidget(button)
            self.status_buttons[target] = button
        status_row.addStretch(1)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.row_labels: dict[str, QLabel] = {}
        for key, widget in (("resource", self.resource_combo), ("organization", self.org_combo),
                            ("starts", self.starts_edit), ("ends", self.ends_edit), ("people", self.people_list),
                            ("purpose", self.purpose_edit), ("campaign", self.campaign_edit),
                            ("status", self.status_label), ("fee", self.fee_label)):
            self.row_labels[key] = QLabel(self)
            self.form.addRow(self.row_labels[key], widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # a new booking may repeat (a booking series); a booking of a series changes or cancels it from its day
        self.repeat_button = QPushButton(self)
        self.repeat_button.setObjectName("repeatButton")
        self.repeat_button.clicked.connect(self.repeat)
        self.series: object | None = None
        self.series_label = muted_label(self, wrap=True)
        self.change_series_button = QPushButton(self)
        self.change_series_button.setObjectName("changeSeriesButton")
        self.change_series_button.clicked.connect(self.change_series)
        self.cancel_series_button = QPushButton(self)
        self.cancel_series_button.setObjectName("cancelSeriesButton")
        self.cancel_series_button.clicked.connect(self.cancel_series)
        series_row = QHBoxLayout()
        for w in (self.series_label, self.change_series_button, self.cancel_series_button):
            series_row.addWidget(w)
        series_row.setStretch(0, 1)
        for w in (self.series_label, self.change_series_button, self.cancel_series_button):
            w.setVisible(False)
        if booking_id is None:
            self.buttons.addButton(self.repeat_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            self.repeat_button.hide()
        vbox(self, self.form, self.holiday_check, self.problems_label, self.ok_label, status_row, series_row,
             self.history_table, self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)

        # the form's data and its first check in one read transaction (each one costs two round
        # trips more on a server); an existing booking brings its resource and organization with it
        with context.db.read() as s:
            if booking_id is not None:
                held = self._load_booking(booking_id, s)   # noqa: F841 - kept for the check below
            else:
                self._fill_choices(s)
                self._prefill(resource_id, starts_at, ends_at, organization_id, s)
            for signal in (self.resource_combo.currentIndexChanged, self.org_combo.currentIndexChanged,
                           self.starts_edit.dateTimeChanged, self.ends_edit.dateTimeChanged,
                           self.campaign_edit.textChanged, self.holiday_check.toggled,
                           self.people_list.itemChanged):
                signal.connect(self.schedule_check)
            self.resource_combo.currentIndexChanged.connect(self._resource_changed)
            self.org_combo.currentIndexChanged.connect(lambda _i: self._load_people())
            context.bus.language_changed.connect(self.retranslate_ui)
            self.retranslate_ui()
            self.check_now(s)

    # --- filling -----------------------------------------------------------------------------------
    @property
    def resource(self) -> dict | None:
        rid = self.resource_combo.currentData()
        return next((r for r in self._resources if r["id"] == rid), None)

    @property
    def timezone(self) -> str:
        return self.resource["timezone"] if self.resource else clock.zone_name()

    def _set_times(self, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
        """Show a span; for a resource booked by the day the second field shows the LAST day
        (the booking ends at midnight after it)."""
        tz = clock.zone(self.timezone)
        self.starts_edit.setDateTime(to_qdatetime(starts_at, self.timezone))
        local_end = ends_at.astimezone(tz)
        if self._day_unit() and local_end.time() == dt.time(0) and ends_at > starts_at:
            local_end = dt.datetime.combine(local_end.date() - dt.timedelta(days=1), dt.time(0), tz)
        self.ends_edit.setDateTime(to_qdatetime(local_end, self.timezone))

    def span(self) -> tuple[dt.datetime, dt.datetime]:
        """The span in the form: for a day resource, midnight of the first day to midnight after the last."""
        starts_at = from_qdatetime(self.starts_edit.dateTime(), self.timezone)
        ends_at = from_qdatetime(self.ends_edit.dateTime(), self.timezone)
        if self._day_unit():
            tz = clock.zone(self.timezone)
            starts_at = dt.datetime.combine(starts_at.date(), dt.time(0), tz)
            ends_at = dt.datetime.combine(ends_at.date() + dt.timedelta(days=1), dt.time(0), tz)
        return starts_at, ends_at

    def _fill_choices(self, session) -> None:
        """A new booking: every bookable resource, and the organizations booked most recently (any
        other is found by typing part of its name)."""
        self._resources = bookable_resources(self.context.db, session)
        for r in self._resources:
            self.resource_combo.addItem(f"{r['name']} — {r['facility']}", r["id"])
        self.org_combo.set_choices(organizations_to_book(session))

    def _organizations_matching(self, text: str) -> list[tuple[int, str]]:
        with self.context.db.read() as s:
            return organizations_to_book(s, text)

    def _prefill(self, resource_id, starts_at, ends_at, organization_id, session=None) -> None:
        if resource_id is not None:
            self.resource_combo.setCurrentIndex(max(0, self.resource_combo.findData(resource_id)))
        if organization_id is not None:
            chosen = organization_to_book(session, organization_id)
            if chosen is not None:
                self.org_combo.choose(*chosen)
        tz = clock.zone(self.timezone)
        if starts_at is None:
            tomorrow = clock.today(self.timezone) + dt.timedelta(days=1)   # the facility's tomorrow
            starts_at = dt.datetime.combine(tomorrow, dt.time(0 if self._day_unit() else 9), tz)
        if ends_at is None:
            ends_at = starts_at + (dt.timedelta(days=1) if self._day_unit() else dt.timedelta(hours=2))
        self._set_times(starts_at, ends_at)
        self._update_time_format()
        self._load_people(session=session)

    def _day_unit(self) -> bool:
        return bool(self.resource and self.resource["unit"] == BookingUnit.DAY)

    def _update_time_format(self) -> None:
        fmt = "yyyy-MM-dd" if self._day_unit() else "yyyy-MM-dd HH:mm"
        for edit in (self.starts_edit, self.ends_edit):
            edit.setDisplayFormat(fmt)

    def _resource_changed(self, *_args) -> None:
        self._update_time_format()
        self.retranslate_ui()

    def _load_people(self, chosen: set[int] | None = None, session=None) -> None:
        from hubdesk.db.schema import Contact

        org_id = self.org_combo.currentData()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        if org_id is not None:
            with _reading(self.context.db, session) as s:
                for cid, name in s.execute(select(Contact.id, Contact.name).where(Contact.organization_id == org_id)
                                           .order_by(Contact.name)):
                    item = QListWidgetItem(name, self.people_list)
                    item.setData(Qt.ItemDataRole.UserRole, cid)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if chosen and cid in chosen else Qt.CheckState.Unchecked)
        self.people_list.blockSignals(False)

    def _load_booking(self, booking_id: int, session=None):
        """Fill the form with the stored booking (read in `session` when given); returns the booking,
        which holds its resource and organization in the session for the check that follows."""
        from hubdesk.domain.accounts import display_name
        from hubdesk.ui.bookings.queries import booking_for_editor, series_info

        with _reading(self.context.db, session) as s:
            b = booking_for_editor(s, booking_id)
            if b is None:
                raise DomainError(_("Booking number {id} does not exist. It may have been deleted; refresh "
                                    "the list.").format(id=booking_id))
            # a stored booking keeps its resource and organization: the boxes show those two only
            # (not every resource and organization: ten thousand of them on a large foundation)
            resource = b.resource
            self._resources = [dict(id=resource.id, name=resource.name, facility=resource.facility.name,
                                    timezone=clock.zone(resource.facility.timezone).key,
                                    unit=resource.booking_unit)]
            self.resource_combo.blockSignals(True)
            self.org_combo.blockSignals(True)
            self.resource_combo.clear()
            self.resource_combo.addItem(f"{resource.name} — {resource.facility.name}", resource.id)
            self.org_combo.clear()
            self.org_combo.addItem("", None)
            self.org_combo.addItem(b.organization.name, b.organization_id)
            self.resource_combo.setCurrentIndex(0)
            self.org_combo.setCurrentIndex(1)      # quietly: the people are filled below, in this read
            self.resource_combo.blockSignals(False)
            self.org_combo.blockSignals(False)
            self._set_times(b.starts_at, b.ends_at)
            self.purpose_edit.setText(b.purpose or "")
            self.campaign_edit.setText(b.campaign or "")
            self.holiday_check.setChecked(b.holiday_override)
            self.status = b.status
            self.fee = b.fee_krw
            self.subsidy_krw = b.subsidy_krw
            # the version the form shows: a save based on an older one is refused (domain.versions)
            self.based_on = {("booking", b.id): b.version}
            people = {p.id for p in b.people}
            self.series = series_info(b, self.resource_combo.currentText(), self.org_combo.currentText())
            history = [dict(id=h.id, changed_at=h.changed_at, from_status=h.from_status, to_status=h.to_status,
                            changed_by=display_name(h.changed_by, h.account), note=h.note) for h in b.history]
            self._load_people(people, s)
        self.history_model.set_rows(history)
        for w in (self.series_label, self.change_series_button, self.cancel_series_button):
            w.setVisible(self.series is not None)
        self._update_time_format()
        self.resource_combo.setEnabled(False)
        self.org_combo.setEnabled(False)
        from hubdesk.domain.booking_status import MOVABLE_STATUSES

        movable = self.status in MOVABLE_STATUSES
        for w in (self.starts_edit, self.ends_edit, self.holiday_check):
            w.setEnabled(movable)
        for w in (self.purpose_edit, self.campaign_edit, self.people_list):
            w.setEnabled(False)
        self._update_status_buttons()
        return b

    def _update_status_buttons(self) -> None:
        from hubdesk.domain.booking_status import allowed_moves

        allowed = set(allowed_moves(self.status)) if self.status is not None else set()
        for target, button in self.status_buttons.items():
            button.setVisible(target in allowed)
            button.setEnabled(target in allowed)

    # --- the request and its check ---------------------------------------------------------------------
    def request(self):
        from hubdesk.domain.bookings import BookingRequest

        people = [self.people_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people_list.count())
                  if self.people_list.item(i).checkState() == Qt.CheckState.Checked]
        return BookingRequest(resource_id=self.resource_combo.currentData() or 0,
                              organization_id=self.org_combo.currentData() or 0,
                              starts_at=self.span()[0], ends_at=self.span()[1],
                              purpose=self.purpose_edit.text().strip() or None,
                              campaign=self.campaign_edit.text().strip() or None,
                              people=people, holiday_override=self.holiday_check.isChecked())

    def schedule_check(self, *_args) -> None:
        self._timer.start()

    def check_now(self, session=None) -> None:
        """Run every rule on what is in the form now and show the outcome (the timer calls this;
        `session`: the read the editor opens in)."""
        from hubdesk.domain.bookings import check_and_estimate

        self._timer.stop()
        request = self.request()
        problems: list = []
        fee_text = ""
        if request.organization_id == 0:
            problems_text = [_("Choose the organization that books.")]
        else:
            problems_text = []
        try:
            with _reading(self.context.db, session) as s:
                if request.organization_id and request.resource_id:
                    problems, fee, no_fee, split = check_and_estimate(
                        s, request, exclude_booking_id=self.booking_id, estimate=self.fee is None)
                    if self.fee is not None:
                        fee_text = _("{fee} (fixed when approved)").format(fee=format_krw(self.fee))
                        if self.subsidy_krw:
                            fee_text += "\n" + _("A subsidy pays {subsidy}; the organization pays {pays}.").format(
                                subsidy=format_krw(self.subsidy_krw), pays=format_krw(self.fee - self.subsidy_krw))
                    elif fee is not None:
                        fee_text = _("{fee} (estimate)").format(fee=format_krw(fee))
                        if split is not None and split.sentence():
                            fee_text += "\n" + (split.sentence() or "")
                    elif no_fee is not None:
                        fee_text = no_fee
        except DomainError as exc:
            problems_text.append(exc.message)
        self.problems = problems
        problems_text += [p.message for p in problems]
        holiday = any(p.code == "holiday" for p in problems)
        self.holiday_check.setVisible(holiday or self.holiday_check.isChecked())
        self.fee_label.setText(fee_text)
        if problems_text:
            items = "".join(f"<li>{html.escape(t)}</li>" for t in problems_text)
            self.problems_label.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        self.problems_label.setVisible(bool(problems_text))
        self.ok_label.setVisible(not problems_text)
        grow_to_fit(self)
        self.problem_texts = problems_text

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> None:
        request = self.request()
        if request.organization_id == 0:
            self.check_now()
            show_refusal(self, DomainError(_("Choose the organization that books."), field="organization_id"))
            return
        result = write_op(self.context, self, save_booking, self.booking_id, request, changes=Change.BOOKING,
                          done=lambda booking_id: _("Booking number {id} is saved.").format(id=booking_id),
                          based_on=self.based_on, reload=self.reload if self.booking_id is not None else None)
        if not result.ok:  # shown; the form stays filled and lists what is wrong now
            self.check_now()
            return
        self.saved.emit(result.value)
        self.accept()

    def repeat(self) -> None:
        """Open the series dialog on what the form holds; a booked series closes this editor."""
        from hubdesk.ui.bookings.series_dialog import new_series_dialog

        request = self.request()
        if request.organization_id == 0:
            self.check_now()
            show_refusal(self, DomainError(_("Choose the organization that books."), field="organization_id"))
            return
        dialog = new_series_dialog(self.context, self, request, zone=self.timezone, day_unit=self._day_unit(),
                                   resource=self.resource_combo.currentText(),
                                   organization=self.org_combo.currentText())
        dialog.accepted.connect(self.accept)
        self._series_dialog = dialog
        dialog.open()

    def change_series(self) -> None:
        from hubdesk.ui.bookings.series_dialog import change_series_dialog

        if self.series is None:
            return
        dialog = change_series_dialog(self.context, self, self.series, self._day_unit())
        dialog.accepted.connect(self.reload)
        self._series_dialog = dialog
        dialog.open()

    def cancel_series(self) -> None:
        from hubdesk.ui.bookings.series_dialog import cancel_series_from

        if self.series is not None and cancel_series_from(self.context, self, self.series):
            self.reload()

    def reload(self) -> None:
        """Show the stored booking again (after a save refused because someone changed it)."""
        if self.booking_id is not None:
            self._load_booking(self.booking_id)
            self.retranslate_ui()
            self.check_now()

    def change_status(self, target: BookingStatus) -> None:
        if self.booking_id is None:
            return
        if change_booking_status(self.context, self, self.booking_id, target, based_on=self.based_on,
                                 reload=self.reload):
            self.reload()

    # --- text --------------------------------------------------------------------------------------------
    def retranslate_ui(self, *_args) -> None:
        if self.booking_id is None:
            self.setWindowTitle(_("New booking"))
        else:
            self.setWindowTitle(_("Booking number {id}").format(id=self.booking_id))
        zone = self.timezone
        texts = {"resource": _("Resource"), "organization": _("Organization"),
                 "starts": (_("First day ({zone})") if self._day_unit() else _("Starts ({zone})")).format(zone=zone),
                 "ends": (_("Last day ({zone})") if self._day_unit() else _("Ends ({zone})")).format(zone=zone),
                 "people": _("People"), "purpose": _("Purpose"), "campaign": _("Campaign or product"),
                 "status": _("Status"), "fee": _("Fee")}
        for key, text in texts.items():
            self.row_labels[key].setText(text)
        self.org_combo.retranslate_ui()
        self.status_label.setText(label(self.status) if self.status else _("New (will be requested)"))
        self.holiday_check.setText(_("Go ahead on the holiday or closure day"))
        self.repeat_button.setText(_("Repeat…"))
        self.change_series_button.setText(_("Change from this date…"))
        self.cancel_series_button.setText(_("Cancel from this date…"))
        if self.series is not None:
            self.series_label.setText(_("This booking is one of booking series number {id}.").format(
                id=self.series.id))
        self.ok_label.setText(_("No rule is broken: this booking can be saved."))
        for target, button in self.status_buttons.items():
            button.setText(action_text(target))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            _("Request booking") if self.booking_id is None else _("Save times"))
        if self.booking_id is not None:
            from hubdesk.domain.booking_status import MOVABLE_STATUSES

            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.status in MOVABLE_STATUSES)
        self.history_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.history_model.columnCount() - 1)
