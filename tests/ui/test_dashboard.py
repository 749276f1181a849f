"""The dashboard: filled by a background worker, every item opens its record, the chart draws."""

from __future__ import annotations

import pytest


def _loaded_dashboard(qtbot, context):
    from hubdesk.ui.dashboard.view import DashboardView

    view = DashboardView(context)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    return view


def test_dashboard_shows_what_needs_attention(qtbot, context):
    view = _loaded_dashboard(qtbot, context)
    p = view.panels
    assert p["approvals"].model.rowCount() == 1                  # the requested booking
    assert p["approvals"].model.index(0, 3).data() == "Requested"
    assert "1 booking" in p["approvals"].title.text()
    assert p["week"].model.rowCount() >= 1
    milestones = [p["milestones"].model.index(r, 1).data() for r in range(p["milestones"].model.rowCount())]
    assert milestones == ["Buyer meeting in Hanoi", "Brand catalogue"]
    assert p["milestones"].model.index(0, 3).data().startswith("Late")
    assert p["deadlines"].model.index(0, 1).data() == "CG-101 autologous chondrocytes"
    assert p["licences"].model.index(0, 1).data() == "Osong Cell Processing Center"
    assert len(view.chart.items()) == 6 and view.chart.items()[-1][1] == 1.0   # one company supported
    assert view.tiles[0].value_label.text() == "1"
    view.chart.resize(400, 220)
    assert not view.chart.grab().isNull()


def test_every_item_opens_the_record_behind_it(qtbot, context):
    view = _loaded_dashboard(qtbot, context)
    opened = []
    context.bus.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    for key, kind in (("approvals", "booking"), ("milestones", "milestone"), ("deadlines", "case"),
                      ("licences", "facility")):
        panel = view.panels[key]
        view.open_row(panel, 0)
        assert opened[-1] == (kind, panel.model.id_at(0))
    view.tiles[0].clicked.emit("companies_supported")
    assert opened[-1] == ("report", 0)


def test_dashboard_models_pass_the_model_tester(qtbot, qtmodeltester, context):
    view = _loaded_dashboard(qtbot, context)
    for panel in view.panels.values():
        qtmodeltester.check(panel.model, force_py=True)


def test_dashboard_follows_the_language(qtbot, context):
    view = _loaded_dashboard(qtbot, context)
    english = (view.title.text(), view.panels["licences"].title.text(), view.tiles[0].caption_label.text())
    context.set_language("ko")
    korean = (view.title.text(), view.panels["licences"].title.text(), view.tiles[0].caption_label.text())
    assert all(a != b for a, b in zip(english, korean)), korean
    context.set_language("en")
    assert (view.title.text(), view.panels["licences"].title.text(), view.tiles[0].caption_label.text()) == english


def test_a_change_elsewhere_is_gathered_when_the_dashboard_is_shown_again(qtbot, context):
    import datetime as dt
    from hubdesk.domain import clock

    from sqlalchemy import select

    from hubdesk.db.schema import Milestone

    view = _loaded_dashboard(qtbot, context)
    view.show()
    qtbot.waitExposed(view)
    view.hide()
    with context.db.write() as s:
        for m in s.scalars(select(Milestone)):
            m.done_on = clock.today()
    from hubdesk.ui.common.operations import Change

    context.notify_changed(Change.MILESTONE)
    assert view.panels["milestones"].model.rowCount() == 2            # hidden: not gathered yet
    view.show()
    qtbot.waitUntil(lambda: view.is_loaded and view.panels["milestones"].model.rowCount() == 0, timeout=20000)


def test_the_lists_come_first_and_the_tiles_say_calculating_until_theirs_are_in(qtbot, context):
    from hubdesk.ui.dashboard.view import DashboardView

    seen = []
    view = DashboardView(context)
    qtbot.addWidget(view)
    # the moment the lists are shown, before the tiles' worker starts
    view.lists_shown.connect(lambda: seen.append(
        (view.lists_loaded, view.is_loaded, view.panels["approvals"].model.rowCount(),
         [(t.value_label.text(), t.target_label.text(), t.progress.isVisibleTo(t)) for t in view.tiles],
         (view.chart.items(), view.chart._placeholder))))
    assert all(t.target_label.text() == "calculating…" for t in view.tiles)     # before anything is in
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    assert len(seen) == 1
    lists_loaded, is_loaded, approvals, tiles, chart = seen[0]
    assert lists_loaded and not is_loaded and approvals == 1
    assert tiles == [("…", "calculating…", False)] * len(view.tiles)
    assert chart == ([], "calculating…")          # the trend comes with the tiles
    # then filled: a value, and a target or "no target set"
    assert view.tiles[0].value_label.text() == "1"
    assert all(t.target_label.text() != "calculating…" and t.value_label.text() != "…" for t in view.tiles)
    context.set_language("ko")
    assert "계산 중" not in " ".join(t.target_label.text() for t in view.tiles)
    context.set_language("en")


def _close_dashboard_when(qtbot, context, when: str):
    """Close (`shutdown`, what the window does) once the lists are shown: "at once" before the
    tiles' worker starts, "running" once it has been started."""
    from PySide6.QtCore import QThreadPool, QTimer

    from hubdesk.ui.dashboard.view import DashboardView

    view = DashboardView(context)
    qtbot.addWidget(view)
    closed = []

    def close() -> None:
        closed.append(view._workers.get("kpis"))
        view.shutdown()

    if when == "at once":
        view.lists_shown.connect(close)
    else:       # the tiles' worker is started by a zero timer queued after the lists are shown
        view.lists_shown.connect(lambda: QTimer.singleShot(0, lambda: QTimer.singleShot(0, close)))
    qtbot.waitUntil(lambda: bool(closed), timeout=20000)
    worker = closed[0]
    assert worker is not None
    assert QThreadPool.globalInstance().waitForDone(10000)
    for _ in range(20):
        qtbot.wait(10)                 # any signal of the stopped worker arrives, and is dropped
    assert worker.is_cancelled and view.kpis is None and not view.is_loaded
    assert view.tiles[0].value_label.text() in ("…", "—")
    return worker


def test_closing_while_the_tiles_gather_stops_them(qtbot, context):
    worker = _close_dashboard_when(qtbot, context, "running")
    assert worker.done.is_set()        # it had started, and ended (stopped or its result dropped)


def test_closing_before_the_tiles_gather_never_starts_them(qtbot, context):
    worker = _close_dashboard_when(qtbot, context, "at once")
    assert not worker.done.is_set()    # never run


def test_the_weeks_and_todays_first_bookings_and_count_are_those_over_the_span(any_db):
    """Each list is the first bookings over its span by their start (then id) with a count of all of
    them, from one statement: the same as every booking read and sorted in Python, whatever the
    limit; cancelled, rejected and no-show bookings are not listed, hour and day bookings are."""
    import datetime as dt
    import random

    from sqlalchemy import select

    from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, BookingUnit
    from hubdesk.db.schema import Booking
    from hubdesk.ui.dashboard import queries
    from tests.factories import make_facility, make_org, make_resource

    today = dt.date(2026, 12, 9)                  # a Wednesday
    rng = random.Random(17)
    with any_db.write() as s:
        org = make_org(s, "Hanbit Bio")
        plant = make_facility(s, "GMP Plant 1")
        rooms = [make_resource(s, plant, f"Cold room {i}", booking_unit=BookingUnit.DAY, max_units=30)
                 for i in range(3)]
        suites = [make_resource(s, plant, f"Suite B-{i}", max_units=8) for i in range(3)]
        s.flush()
        seoul_midnight = dt.datetime(2026, 12, 9, tzinfo=dt.timezone.utc) - dt.timedelta(hours=9)
        for suite in suites:            # two-hour bookings over ten days around the week, none overlapping
            for slot in rng.sample(range(-6 * 12, 4 * 12), 80):
                start = seoul_midnight + dt.timedelta(hours=2 * slot)
                s.add(Booking(resource_id=suite.id, organization_id=org.id, starts_at=start, units=2,
                              ends_at=start + dt.timedelta(hours=2), status=rng.choice(list(BookingStatus))))
        for room, days_before in zip(rooms, (25, 9, 1)):      # long day bookings begun before the week
            start = seoul_midnight - dt.timedelta(days=days_before)
            s.add(Booking(resource_id=room.id, organization_id=org.id, starts_at=start, units=28,
                          ends_at=start + dt.timedelta(days=28), status=BookingStatus.APPROVED))
    wanted = set(ACTIVE_BOOKING_STATUSES) | {BookingStatus.COMPLETED}
    with any_db.read() as s:
        every = s.execute(select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status)).all()
        longest = queries._longest_booking(s)

        def expected(lo, hi):
            return [r.id for r in sorted((r for r in every if r.starts_at < hi and r.ends_at > lo and r.status in wanted),
                                         key=lambda r: (r.starts_at, r.id))]

        monday = today - dt.timedelta(days=today.weekday())
        for first, days in ((monday, 7), (today, 1)):
            bounds = queries._local_day_bounds(first, days, None)
            ids = expected(*bounds)
            assert len(ids) > 5
            for limit in (5, queries.LIST_LIMIT):
                count, rows = queries._bookings(s, *bounds, longest, limit=limit)
                assert (count, [r["id"] for r in rows]) == (len(ids), ids[:limit])
                assert [r["id"] for r in queries._bookings(s, *bounds, longest, limit=limit, counted=False)] == ids[:limit]
            assert all(r["resource"] and r["organization"] == "Hanbit Bio" for r in rows)
        week_ids = expected(*queries._local_day_bounds(monday, 7, None))
        today_ids = expected(*queries._local_day_bounds(today, 1, None))
    data = queries.gather_lists(any_db, today)
    assert (data.week_count, [r["id"] for r in data.bookings_week]) == (len(week_ids), week_ids)
    assert [r["id"] for r in data.bookings_today] == today_ids


def test_a_certificate_on_file_shows_its_paperclip_and_names_the_file(qtbot, context):
    """Only the certification cell of a certificate on file has the icon and the file's name; the
    other cells, and a certification without a file, answer those roles with nothing."""
    import datetime as dt
    import io

    from PySide6.QtCore import Qt
    from sqlalchemy import select

    from hubdesk.db.enums import CertificationType, DocumentKind, DocumentOwner
    from hubdesk.db.schema import Organization
    from hubdesk.domain import certifications, clock
    from hubdesk.domain import documents as D
    from hubdesk.ui.dashboard.table_model import CertificationsExpiryTableModel as M

    today = clock.today()
    with context.db.write() as s:
        org = s.scalars(select(Organization).where(Organization.archived_on.is_(None))
                        .order_by(Organization.id)).first()
        assert org is not None
        filed = certifications.create_certification(s, org.id, CertificationType.KGMP, today - dt.timedelta(days=700),
                                                    expires_on=today + dt.timedelta(days=10), number="KGMP-10")
        certifications.create_certification(s, org.id, CertificationType.HACCP, today - dt.timedelta(days=700),
                                            expires_on=today + dt.timedelta(days=20), number="HACCP-20")
        D.attach(s, DocumentOwner.ORGANIZATION, org.id, io.BytesIO(b"c" * 64), name="kgmp certificate.pdf",
                 kind=DocumentKind.CERTIFICATE, certification_id=filed.id)
    view = _loaded_dashboard(qtbot, context)
    model = view.panels["certifications"].model
    numbers = [model.index(r, M.COL_NUMBER).data() for r in range(model.rowCount())]
    with_file, without = numbers.index("KGMP-10"), numbers.index("HACCP-20")
    decoration, tooltip = Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole
    assert model.index(with_file, M.COL_FILE).data(decoration) is not None
    assert "kgmp certificate.pdf" in model.index(with_file, M.COL_FILE).data(tooltip)
    assert model.index(with_file, M.COL_NUMBER).data(decoration) is None
    assert model.index(with_file, M.COL_NUMBER).data(tooltip) == "KGMP-10"
    assert model.index(without, M.COL_FILE).data(decoration) is None
    assert "kgmp" not in (model.index(without, M.COL_FILE).data(tooltip) or "").lower()
    assert model.index(with_file, M.COL_EXPIRES).data().endswith("in 10 days")
    # the title counts them all (the list shows the first 200)
    assert view.panels["certifications"].title.text() == f"Near expiry: {model.rowCount()} certifications"


def test_a_long_day_booking_begun_weeks_before_is_in_the_week_and_today(any_db):
    """The week's bookings are read a day back for hour-booked resources and months back only for
    day-booked ones: a 30-day booking that began 20 days before the week is listed (this week and
    today), an hour booking that ended before the week is not, and one over the week's start is."""
    import datetime as dt

    from hubdesk.db.enums import BookingStatus, BookingUnit
    from hubdesk.db.schema import Booking
    from hubdesk.ui.dashboard import queries
    from tests.factories import make_facility, make_org, make_resource

    today = dt.date(2026, 12, 9)                  # a Wednesday
    monday = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc) - dt.timedelta(hours=9)   # Seoul midnight
    with any_db.write() as s:
        org = make_org(s, "Hanbit Bio")
        plant = make_facility(s, "GMP Plant 1")
        room = make_resource(s, plant, "Cold room", booking_unit=BookingUnit.DAY, max_units=60)
        suite = make_resource(s, plant, "Suite B-1", max_units=8)
        s.flush()

        def book(resource, starts_at, hours, units):
            booking = Booking(resource_id=resource.id, organization_id=org.id, starts_at=starts_at, units=units,
                              ends_at=starts_at + dt.timedelta(hours=hours), status=BookingStatus.APPROVED)
            s.add(booking)
            s.flush()
            return booking.id

        long_stay = book(room, monday - dt.timedelta(days=20), 30 * 24, 30)
        ended = book(suite, monday - dt.timedelta(hours=6), 4, 4)
        over_start = book(suite, monday - dt.timedelta(hours=2), 5, 5)
    with any_db.read() as s:
        assert queries._longest_booking(s) == queries.LookBack(hours=dt.timedelta(days=2), days=dt.timedelta(days=61))
    data = queries.gather_lists(any_db, today)
    week = {r["id"] for r in data.bookings_week}
    assert week == {long_stay, over_start} and data.week_count == 2
    assert {r["id"] for r in data.bookings_today} == {long_stay}
    assert ended not in week


def test_the_lists_are_filled_once_and_not_again_when_the_tiles_come(qtbot, context):
    """Each list's rows are set once per gathering: the tiles' figures, arriving later, fill the
    tiles and the trend only (the lists were laid out and painted already)."""
    from hubdesk.ui.dashboard.view import DashboardView

    resets: dict[str, int] = {}
    view = DashboardView(context)
    qtbot.addWidget(view)
    for key, panel in view.panels.items():
        panel.model.modelReset.connect(lambda key=key: resets.__setitem__(key, resets.get(key, 0) + 1))
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    assert resets == {key: 1 for key in view.panels}
    assert view.tiles[0].value_label.text() == "1"


def test_the_lists_paint_once_before_the_tiles_worker_starts(qtbot, context):
    """The lists are laid out as they are filled and painted once; the KPI tiles' worker (which
    holds the GIL while it reads) starts only after that paint."""
    from PySide6.QtCore import QEvent, QObject

    from hubdesk.ui.dashboard.view import DashboardView

    events: list[tuple[str, str]] = []
    view = DashboardView(context)
    qtbot.addWidget(view)

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and view.lists_loaded:
                events.append(("paint", obj.objectName()))
            return False

    paints = Paints(view)
    for key, panel in view.panels.items():
        panel.table.viewport().setObjectName(key)
        panel.table.viewport().installEventFilter(paints)
    start_kpis = view._start_kpis
    view._start_kpis = lambda generation: (events.append(("kpis", "")), start_kpis(generation))
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    before_kpis = events[:events.index(("kpis", ""))]
    assert view.panels["week"].model.rowCount() >= 1
    # the lists in view (the bookings' lists at the top) painted with their rows, once each
    for key in ("today", "approvals", "week"):
        assert before_kpis.count(("paint", key)) == 1, (key, events)


@pytest.mark.parametrize("language", ["ko", "en", "vi"])
def test_a_fitted_column_is_as_wide_as_qt_measures_its_texts_in_view(qtbot, context, language):
    """`DashboardPanelWidget.text_width` measures the texts itself (quicker than Qt's
    `sizeHintForColumn`): never narrower than Qt would make the column, at most 4 px wider."""
    from hubdesk.i18n import set_language

    set_language(language)      # the autouse fixture sets English back
    view = _loaded_dashboard(qtbot, context)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    filled = 0
    for name, panel in view.panels.items():
        for column in panel.fitted:
            qt = panel.table.sizeHintForColumn(column)
            if panel.model.rowCount():
                filled += 1
                assert qt <= panel.text_width(column) <= qt + 4, (language, name, column)
                assert panel.table.columnWidth(column) >= qt, (language, name, column)
            else:
                assert panel.text_width(column) == 0
    assert filled >= 6
