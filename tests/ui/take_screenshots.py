"""Take the screenshots in docs/screenshots/: real windows (run under Xvfb) on the `small` demo data.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.ui.take_screenshots [--lang ko] [AREA...]

Each area is grabbed into docs/screenshots/<area>-<lang>.png; "organization" is the detail page of
the first company in the list, "organization-kpis" its Quarterly KPIs tab, "report-reopen" the Reports area's
question why an issued quarter is reopened, "organization-documents" its profile printed from that page, "organization-new" a new one with a mistyped business number,
"settings-closures" / "settings-fees" the other Settings tabs, "incidents" the Facilities area on the
incident log of the resource that is still down, "series-preview" the booking series dialog (Mondays and
Fridays over Christmas and New Year on the demo's series instrument, at the time of a Monday booking
there: the holidays and that conflict listed). Not a
test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1440, 900)


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shot_arguments(argv: list[str] | None, parser: argparse.ArgumentParser | None = None) -> argparse.Namespace:
    """--lang and --out (besides what `parser` already takes); the data folder a temporary one."""
    parser = parser or argparse.ArgumentParser()
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    os.environ.setdefault("HUBDESK_DATA_DIR", tempfile.mkdtemp(prefix="hubdesk-shots-"))
    return args


def demo_database():
    """Today's `small` demo data in a new temporary folder: (the database, the folder)."""
    from hubdesk.db.database import open_database
    from hubdesk.demo.generate import generate
    from hubdesk.domain import clock

    folder = Path(tempfile.mkdtemp(prefix="hubdesk-shots-db-"))
    db = open_database(folder / "demo.db")
    generate(db, "small", 1, today=clock.today())
    return db, folder


def output_folder(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out


def shown_main_window(app, db):
    """The main window on the dashboard, signed in as 김민지, at the screenshot size."""
    from hubdesk.ui.app import open_main_window

    window = open_main_window(db, user_name="김민지", start_area="dashboard")
    window.resize(*SIZE)
    window.show()
    settle(app)
    return window


def grab_dialog(app, form, target: Path, written: list) -> None:
    """Show the form, save its picture to `target`, note it in `written`, and close it."""
    form.show()
    settle(app, 0.5)
    form.grab().save(str(target))
    written.append(target)
    form.done(0)


def type_into_organization_box(app, box, window, text: str, target: Path, written: list) -> None:
    """Type `text` into an organization box (`ui/common/organization_box.py`) as an input method
    commits each letter, wait for the search and its popup, and save `window`'s picture with the
    popup (a window of its own) drawn where it opens to `target`; prints how many matches are listed."""
    from PySide6.QtGui import QInputMethodEvent, QPainter
    from PySide6.QtWidgets import QApplication

    box.lineEdit().setFocus()
    for char in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(char)
        QApplication.sendEvent(box.lineEdit(), event)
    settle(app, 0.6)                                          # the pause before the search, the popup
    popup = box.completer_.popup()
    shot = window.grab()
    if popup.isVisible():
        at = window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft()))
        painter = QPainter(shot)
        painter.drawPixmap(at, popup.grab())
        painter.end()
    shot.save(str(target))
    written.append(target)
    print(f"{box.matches.rowCount()} matches listed", file=sys.stderr)
    popup.hide()


def close_and_list(app, window, db, written: list) -> int:
    """Print the pictures written, close the window and the database: the script's exit code."""
    for path in written:
        print(path)
    window.close()
    settle(app, 0.2)
    db.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("areas", nargs="*", default=["dashboard", "organizations", "organization", "settings",
                                                         "settings-closures", "settings-fees", "first-run",
                                                         "organization-new"])
    args = shot_arguments(argv, parser)

    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    db, _folder = demo_database()
    out = output_folder(args)
    window = shown_main_window(app, db)
    written = []

    def first_organization_page():
        window.show_area("organizations")
        view = window.current_view()
        settle(app)
        view.open_row(0)
        page = view._dialog
        page.resize(1100, 640)
        page.show()
        return page

    for area in args.areas:
        if area == "organization":
            dialog = first_organization_page()
            settle(app, 0.6)
            target = out / f"organization-{args.lang}.png"
            dialog.grab().save(str(target))
            dialog.close()
        elif area == "organization-kpis":
            page = first_organization_page()
            page.tabs.setCurrentWidget(page.kpi_entry.parentWidget())
            settle(app, 0.6)
            target = out / f"organization-kpis-{args.lang}.png"
            page.grab().save(str(target))
            page.close()
        elif area == "report-reopen":
            from hubdesk.domain.quarters import Quarter
            from hubdesk.ui.common.display import format_quarter
            from hubdesk.ui.reports.dialog import reopen_reason_dialog

            reports = window.show_area("reports")
            q = Quarter.of(clock.today()).previous()
            dialog = reopen_reason_dialog(reports, format_quarter(q.year, q.quarter))
            dialog.setTextValue("3분기 한빛바이오 매출액 정정" if args.lang == "ko" else
                                "Sửa doanh thu quý 3 của Hanbit Bio" if args.lang == "vi" else
                                "Hanbit Bio's Q3 sales were corrected")
            dialog.show()
            settle(app, 0.6)
            target = out / f"report-reopen-{args.lang}.png"
            dialog.grab().save(str(target))
            dialog.done(0)
        elif area == "organization-documents":
            page = first_organization_page()
            documents = page.print_document("organization")
            documents.resize(1280, 820)
            settle(app, 0.3)
            documents.view.wait_idle()
            settle(app, 0.6)
            target = out / f"organization-documents-{args.lang}.png"
            documents.grab().save(str(target))
            documents.done(0)
            page.close()
        elif area == "organization-new":
            window.show_area("organizations")
            view = window.current_view()
            view.new_record()
            dialog = view._dialog
            dialog.resize(1100, 640)
            dialog.profile.name_edit.setText("제천한방바이오 주식회사")
            dialog.profile.business_no_edit.setText("220-81-62518")      # wrong check digit
            dialog.show()
            settle(app, 0.6)
            target = out / f"organization-new-{args.lang}.png"
            dialog.grab().save(str(target))
            dialog.profile.business_no_edit.clear()
            dialog.done(0)
        elif area == "first-run":
            from hubdesk.ui.first_run.dialog import FirstRunDialog

            dialog = FirstRunDialog(args.lang, demo_available=True)
            dialog.foundation_edit.setText("한빛바이오헬스산업진흥재단")
            dialog.admin_edit.setText("김민지")
            dialog.demo_check.setChecked(True)
            dialog.show()
            settle(app, 0.5)
            target = out / f"first-run-{args.lang}.png"
            dialog.grab().save(str(target))
            dialog.close()
        elif area == "incidents":
            from hubdesk.ui.facilities import queries as facility_queries

            view = window.show_area("facilities")
            down = next((f["id"], r["id"]) for f in facility_queries.facilities(db)
                        for r in facility_queries.resources(db, f["id"])
                        if any(i["down_open"] for i in facility_queries.incidents(db, r["id"])))
            view.select_facility(down[0])
            view.select_resource(down[1])
            view.tabs.setCurrentWidget(view.incidents)
            settle(app, 0.6)
            target = out / f"incidents-{args.lang}.png"
            window.grab().save(str(target))
        elif area == "series-preview":
            from sqlalchemy import select

            from hubdesk.db.schema import BookingSeries
            from hubdesk.domain import clock
            from tests.factories import kst

            with db.read() as s:
                resource_id, org_id = s.execute(select(BookingSeries.resource_id, BookingSeries.organization_id)
                                                .limit(1)).one()
            view = window.show_area("bookings")
            settle(app)
            from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES
            from hubdesk.db.schema import Booking

            today = clock.today()
            friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)
            start = kst(friday.year, friday.month, friday.day, 10)
            with db.read() as s:     # the time of a booking on a Friday to come: the series conflicts with it
                taken = [b.starts_at.astimezone(clock.zone()) for b in s.scalars(select(Booking).where(
                    Booking.resource_id == resource_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
                    Booking.starts_at >= start, Booking.starts_at < start + dt.timedelta(weeks=4)))]
            taken = [t for t in taken if t.weekday() == 0]       # a Monday
            if taken:
                start = kst(friday.year, friday.month, friday.day, taken[0].hour)
            view.open_dialog(resource_id=resource_id, organization_id=org_id, starts_at=start,
                             ends_at=start + dt.timedelta(hours=2))
            booking = view._dialog
            settle(app)
            booking.purpose_edit.setText("안정성 시험 시료 분석")
            booking.repeat()
            series = booking._series_dialog
            series.rule_editor.weekday_checks[0].setChecked(True)   # Mondays and Fridays, ten times
            series.rule_editor.count_radio.setChecked(True)
            series.rule_editor.count_spin.setValue(10)
            series.refresh_preview()
            target = out / f"series-preview-{args.lang}.png"
            grab_dialog(app, series, target, [])
            booking.done(0)
        elif area.startswith("settings-"):
            view = window.show_area("settings")
            view.tabs.setCurrentIndex({"settings-closures": 1, "settings-fees": 2}[area])
            settle(app, 0.6)
            target = out / f"{area}-{args.lang}.png"
            window.grab().save(str(target))
        else:
            view = window.show_area(area)
            if hasattr(view, "wait_idle"):
                view.wait_idle()
            settle(app, 1.0)
            target = out / f"{area}-{args.lang}.png"
            window.grab().save(str(target))
        written.append(target)
        print(target)
    window.close()
    settle(app, 0.2)
    db.dispose()
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
