"""Screenshots of bookings an exchange left in conflict (issue 16), on two real databases made as in
tests/ui/test_exchange_conflict_marks.py: the receiving PC's Bookings timeline with the kept booking
marked, its tooltip drawn beside it, and the approvals tab with its banner:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_exchange_conflict [--lang ko]

writes docs/screenshots/exchange-conflict-timeline-<lang>.png and exchange-conflict-approvals-<lang>.png.
Not a test: pytest does not collect it.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from tests.ui.take_screenshots import output_folder, settle, shot_arguments


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QLabel

    from hubdesk.db.database import open_database
    from hubdesk.ui.app import create_application
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext
    from tests.ui.test_exchange_conflict_marks import double_booked

    app = create_application(args.lang)
    folder = Path(tempfile.mkdtemp(prefix="hubdesk-shots-conflict-"))
    template = folder / "template.db"
    open_database(template).dispose()
    a, b = double_booked(folder, template)
    out = output_folder(args)
    view = BookingsView(AppContext(db=b.db, user_name="김민지"))
    view.resize(1280, 640)
    view.show()
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    view.show_timeline_at(dt.date(2027, 3, 2), "day")
    settle(app, 0.8)
    shot = view.grab()
    item = next(i for i in view.timeline.items() if i.kind == "booking" and i.source.conflict)
    tip = QLabel(view.timeline.tooltip_for(item))          # the tooltip hovering it shows, drawn beside it
    tip.setStyleSheet("QLabel { background: #ffffe1; color: #111827; border: 1px solid #6b7280; padding: 5px; }")
    tip.setWordWrap(True)
    tip.setFixedWidth(420)
    tip.adjustSize()
    corner = view.timeline.mapTo(view, item.rect.bottomRight().toPoint()) + QPoint(12, 12)
    painter = QPainter(shot)
    painter.drawPixmap(corner, tip.grab())
    painter.end()
    shot.save(str(out / f"exchange-conflict-timeline-{args.lang}.png"))
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    settle(app, 0.5)
    view.grab().save(str(out / f"exchange-conflict-approvals-{args.lang}.png"))
    view.close()
    a.db.dispose()
    b.db.dispose()
    print(out / f"exchange-conflict-timeline-{args.lang}.png", out / f"exchange-conflict-approvals-{args.lang}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
