"""Start-up if the main window were painted before SQLAlchemy is imported and the database opened:
the real MainWindow (sidebar, menus, toolbar, Dashboard area) on a stand-in context, against a
bare QMainWindow. Each in a new process, timed from just before it starts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/experiments/paint_before_open.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]


def child(t0: float) -> None:
    from types import SimpleNamespace

    from probe_app import PaintWatch

    from hubdesk.ui.app import create_application

    app = create_application("en")
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.main_window import MainWindow

    # a stand-in database: the window shows its name; the Dashboard's worker fails without it
    # (after the paint), which does not matter here
    window = MainWindow(AppContext(db=SimpleNamespace(display_name="huge.db"), user_name=""))

    def painted():
        from harness import emit

        emit({"painted_s": time.time() - t0, "sqlalchemy_orm_imported": "sqlalchemy.orm" in sys.modules})
        os._exit(0)

    watch = PaintWatch(app, window, painted)  # noqa: F841 - kept alive until the paint
    window.show()
    app.exec()


def main() -> None:
    from harness import private_home, run_probe

    shell, bare = [], []
    for _ in range(5):
        with private_home() as home:
            shell.append(run_probe("experiments/paint_before_open.py", "--child", repr(time.time()),
                                   env=home)["painted_s"])
        with private_home() as home:
            bare.append(run_probe("probe_app.py", "bare", "--t0", repr(time.time()), env=home)["painted_s"])
    s, b = statistics.median(shell), statistics.median(bare)
    print(f"main window painted before the database: {s * 1000:.0f} ms; bare window {b * 1000:.0f} ms; "
          f"{s / b:.1f}x; load average {os.getloadavg()}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(float(sys.argv[2]))
    else:
        main()
