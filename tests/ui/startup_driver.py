"""Start the real program in this process (`hubdesk.cli.main(["--db", FILE])`) and print, as the last
line, `STARTUP {json}`: what had happened and what was imported when the main window was first
painted, when the sign-in was asked, and when the areas came in. tests/ui/test_startup.py runs it
in a fresh interpreter, since its own process has imported SQLAlchemy long before.

    HUBDESK_QUIT_AFTER_MS=300 python tests/ui/startup_driver.py FILE
"""

from __future__ import annotations

import json
import sys


def heavy_modules() -> list[str]:
    """The modules that must wait until the window is painted (SQLAlchemy, the database layer, the domain)."""
    return sorted(m for m in sys.modules
                  if m == "sqlalchemy" or m.startswith(("sqlalchemy.", "hubdesk.db.database", "hubdesk.db.schema",
                                                        "hubdesk.db.engine", "hubdesk.domain")))


def main(db_path: str) -> int:
    import hubdesk.ui.app as app

    seen: dict = {"events": []}
    original_open_main_window = app.open_main_window
    original_sign_in = app.sign_in

    def open_main_window(*args, **kwargs):
        window = original_open_main_window(*args, **kwargs)
        seen["events"].append("window built")

        def painted():
            seen["events"].append("painted")
            seen.setdefault("at_paint", {
                "heavy_modules": heavy_modules(),
                "visible": window.isVisible(),
                "is_open": window.is_open,
                "opening_page_shown": (window.opening_page is not None
                                       and window.stack.currentWidget() is window.opening_page),
                "sidebar_enabled": window.sidebar.isEnabled(),
                "views": list(window.loaded_views()),
            })

        def attached():
            seen["events"].append("attached")
            seen["at_attach"] = {"is_open": window.is_open, "current_view": window.current_view().objectName(),
                                 "sidebar_enabled": window.sidebar.isEnabled(),
                                 "opening_page": window.opening_page is not None}

        window.first_painted.connect(painted)
        window.database_attached.connect(attached)
        return window

    def sign_in(db, parent=None):
        seen["events"].append("sign in")
        seen["at_sign_in"] = {"over_the_window": parent is not None and parent.isVisible(),
                              "window_painted": bool(parent is not None and parent.painted),
                              "views": list(parent.loaded_views()) if parent is not None else None}
        return original_sign_in(db, parent)

    app.open_main_window = open_main_window
    app.sign_in = sign_in
    from hubdesk.cli import main as cli_main

    seen["exit_code"] = cli_main(["--db", db_path])
    import gc

    seen["frozen"] = gc.get_freeze_count()     # the program's long-lived objects out of the collector's walks
    print("STARTUP " + json.dumps(seen), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
