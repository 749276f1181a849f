"""Screenshots of the Programs editor (offscreen grabs on the `small` demo data):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs --lang ko
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs --lang vi

writes docs/screenshots/programs-editor-<lang>.png (the area on its Budget tab with the budget line
form open), program-dialog-<lang>.png (a program's form) and event-dialog-<lang>.png (an event's
form with its organizations and outcomes). Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from tests.ui.take_screenshots import ROOT, SIZE, settle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    os.environ.setdefault("HUBDESK_DATA_DIR", tempfile.mkdtemp(prefix="hubdesk-shots-"))

    from PySide6.QtGui import QPainter, QPixmap

    from hubdesk.db.database import open_database
    from hubdesk.demo.generate import generate
    from hubdesk.ui.app import create_application, open_main_window

    app = create_application(args.lang)
    db = open_database(Path(tempfile.mkdtemp(prefix="hubdesk-shots-db-")) / "demo.db")
    generate(db, "small", 1, today=dt.date.today())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    window = open_main_window(db, user_name="김민지", start_area="dashboard")
    window.resize(*SIZE)
    window.show()
    settle(app)
    view = window.show_area("programs")
    view.tabs.setCurrentIndex(view.BUDGET_TAB)
    settle(app, 0.6)
    bar = view.detail_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())          # the Budget tab whole: lines, and execution by cost item
    settle(app, 0.2)
    written = []

    # the area with the budget line form over it (the form drawn where it would open)
    view.budget_tab.lines.table.selectRow(0)
    view.budget_tab.lines.edit_button.click()
    form = view._dialog
    form.show()
    list_rect = view.programs_table.geometry()
    form.resize(list_rect.width() - 20, form.sizeHint().height())
    settle(app, 0.5)
    shot = window.grab()
    painter = QPainter(shot)
    form_pixmap: QPixmap = form.grab()
    corner = view.programs_table.mapTo(window, list_rect.bottomLeft() - list_rect.topLeft())
    painter.drawPixmap(corner.x() + 10, corner.y() - form_pixmap.height() - 30, form_pixmap)   # over the list's empty part
    painter.end()
    target = out / f"programs-editor-{args.lang}.png"
    shot.save(str(target))
    written.append(target)
    form.done(0)

    view.edit_program()
    form = view._dialog
    form.show()
    settle(app, 0.5)
    target = out / f"program-dialog-{args.lang}.png"
    form.grab().save(str(target))
    written.append(target)
    form.done(0)

    view.tabs.setCurrentIndex(view.EVENTS_TAB)
    for row in range(view.programs_model.rowCount()):     # a program whose events have organizations
        view.programs_table.selectRow(row)
        settle(app, 0.1)
        if any(e["organizations"] for e in view.events_model.rows()):
            break
    if view.events_model.rowCount():
        event = next((e for e in view.events_model.rows() if e["organizations"]), view.events_model.rows()[0])
        view.events_tab.select_id(event["id"])
        view.events_tab.edit_button.click()
    else:
        view.new_event()
    form = view._dialog
    form.show()
    settle(app, 0.5)
    target = out / f"event-dialog-{args.lang}.png"
    form.grab().save(str(target))
    written.append(target)
    form.done(0)

    for path in written:
        print(path)
    window.close()
    settle(app, 0.2)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
