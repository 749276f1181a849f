"""Screenshots of every area (each of its tabs) at 1280×800 after a live language switch from Korean,
the way the fit test (tests/ui/test_fit.py) walks them:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_areas [--langs vi en]

starts in Korean on the `small` demo data, switches the language in Settings to each of --langs in
turn and writes docs/screenshots/area-<area>[-tab<n>]-<lang>.png. Not a test: pytest does not
collect it.
"""

from __future__ import annotations

import argparse
import sys

from tests.ui.take_screenshots import close_and_list, demo_database, output_folder, shot_arguments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langs", nargs="*", default=["vi", "en"])
    args = shot_arguments(argv, parser)

    from hubdesk.ui.app import create_application, open_main_window
    from tests.ui import fit_tour

    app = create_application("ko")
    db, _folder = demo_database()
    out = output_folder(args)
    window = open_main_window(db, user_name="김민지", start_area="dashboard")
    window.resize(*fit_tour.SIZE)
    window.show()
    fit_tour.settle(400)
    fit_tour.areas(window, lambda name, w: None)          # every area built in Korean first
    written = []
    for lang in args.langs:
        settings = fit_tour.show_area(window, "settings")
        combo = settings.foundation.language_combo
        combo.setCurrentIndex(combo.findData(lang))
        fit_tour.settle(400)

        def grab(name: str, shown, lang=lang) -> None:
            fit_tour.settle(200)
            target = out / f"area-{name.replace('/', '-tab')}-{lang}.png"
            shown.grab().save(str(target))
            written.append(target)

        fit_tour.areas(window, grab)
    return close_and_list(app, window, db, written)


if __name__ == "__main__":
    sys.exit(main())
