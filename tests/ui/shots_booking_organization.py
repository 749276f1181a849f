"""Screenshot of a new booking's organization box with a few matches listed as one types (offscreen
grab on the `small` demo data):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_booking_organization --lang ko
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_booking_organization --lang vi

writes docs/screenshots/booking-organization-box-<lang>.png: the dialog with the matches' popup
drawn where it opens (the popup is a window of its own). Korean types 바이오; Vietnamese types
"công ty" (the Vietnamese companies of the demo). Not a test: pytest does not collect it.
"""

from __future__ import annotations

import sys

from tests.ui.take_screenshots import (close_and_list, demo_database, output_folder, settle, shot_arguments,
                                       shown_main_window, type_into_organization_box)

TYPED = {"ko": "바이오", "vi": "công ty", "en": "bio"}


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)

    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    db, _folder = demo_database()
    out = output_folder(args)
    window = shown_main_window(app, db)
    view = window.show_area("bookings")
    view.new_record()
    dialog = view._dialog
    dialog.show()
    settle(app, 0.5)
    written: list = []
    type_into_organization_box(app, dialog.org_combo, dialog, TYPED.get(args.lang, "bio"),
                               out / f"booking-organization-box-{args.lang}.png", written)
    dialog.done(0)
    return close_and_list(app, window, db, written)


if __name__ == "__main__":
    raise SystemExit(main())
