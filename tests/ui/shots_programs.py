"""Screenshots of the Programs editor (offscreen grabs on the `small` demo data):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs --lang ko
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs --lang vi

writes docs/screenshots/programs-editor-<lang>.png (the area on its Budget tab with the budget line
form open), program-dialog-<lang>.png (a program's form) and event-dialog-<lang>.png (an event's
form with its organizations and outcomes). Not a test: pytest does not collect it.
"""

from __future__ import annotations

import sys

from tests.ui.take_screenshots import (close_and_list, demo_database, grab_dialog, output_folder, settle, shot_arguments,
                                       shown_main_window)


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)

    from PySide6.QtGui import QPainter, QPixmap

    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    db, _folder = demo_database()
    out = output_folder(args)
    window = shown_main_window(app, db)
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
    grab_dialog(app, view._dialog, out / f"program-dialog-{args.lang}.png", written)

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
    grab_dialog(app, view._dialog, out / f"event-dialog-{args.lang}.png", written)
    return close_and_list(app, window, db, written)


if __name__ == "__main__":
    sys.exit(main())
