"""Screenshots of the Programs area as it opens and of the Reports area's organization box with the
matches of what is typed (offscreen grabs on the `small` demo data):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs_reports --lang ko
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs_reports --lang vi
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_programs_reports --lang ko --switch-to en

writes programs-area-<lang>.png (the area on its Budget tab, then its Events tab, built when first
shown: programs-events-<lang>.png) and reports-organization-box-<lang>.png (a usage statement with
the popup of matches drawn where it opens). With --switch-to the window starts in --lang and the
language is switched live before the areas are shown (files named for the language switched to,
"-live"). Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import sys

from tests.ui.take_screenshots import (close_and_list, demo_database, output_folder, settle, shot_arguments,
                                       shown_main_window, type_into_organization_box)

TYPED = {"ko": "바이오", "vi": "công ty", "en": "bio"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--switch-to", default=None)
    args = shot_arguments(argv, parser)

    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    db, _folder = demo_database()
    out = output_folder(args)
    window = shown_main_window(app, db)
    lang, suffix = args.lang, ""
    if args.switch_to:
        window.show_area("programs")            # built in the first language, switched while shown
        window.show_area("reports")
        settle(app, 0.3)
        window.context.set_language(args.switch_to)
        lang, suffix = args.switch_to, "-live"
        settle(app, 0.3)
    written = []

    view = window.show_area("programs")
    view.tabs.setCurrentIndex(view.BUDGET_TAB)
    settle(app, 0.6)
    target = out / f"programs-area-{lang}{suffix}.png"
    window.grab().save(str(target))
    written.append(target)
    view.tabs.setCurrentIndex(view.EVENTS_TAB)
    settle(app, 0.4)
    target = out / f"programs-events-{lang}{suffix}.png"
    window.grab().save(str(target))
    written.append(target)

    reports = window.show_area("reports")
    reports.choose("statement")
    settle(app, 0.3)
    type_into_organization_box(app, reports.org_combo, window, TYPED.get(lang, "bio"),
                               out / f"reports-organization-box-{lang}{suffix}.png", written)
    return close_and_list(app, window, db, written)


if __name__ == "__main__":
    raise SystemExit(main())
