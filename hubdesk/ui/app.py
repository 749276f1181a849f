"""Start the desktop program. Placeholder main window until the real screens land (their own issue).

`run_app(db_target, lang, demo=False)` opens the database, shows a window and runs Qt's event loop.
`HUBDESK_QUIT_AFTER_MS=N` quits (or dismisses an error box) after N milliseconds, for smoke tests.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QApplication, QLabel, QMainWindow, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from hubdesk.errors import HubdeskError
from hubdesk.i18n import _, set_language


class PlaceholderWindow(QMainWindow):
    """Says that the screens are being built and which database is in use."""

    def __init__(self, database_name: str, demo: bool = False):
        super().__init__()
        self._database_name = database_name
        self._demo = demo
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.message_label = QLabel(central)
        self.message_label.setWordWrap(True)
        self.database_label = QLabel(central)
        self.database_label.setWordWrap(True)
        self.quit_button = QPushButton(central)
        self.quit_button.clicked.connect(self.close)
        layout.addWidget(self.message_label)
        layout.addWidget(self.database_label)
        layout.addStretch(1)
        layout.addWidget(self.quit_button)
        self.setCentralWidget(central)
        self.resize(560, 240)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("hubdesk"))
        self.message_label.setText(_("The screens of hubdesk are being built. Until they arrive, use the "
                                     "command line: run “hubdesk --help” to see what it can do."))
        if self._demo:
            text = _("Database in use (a throw-away demo copy): {name}").format(name=self._database_name)
        else:
            text = _("Database in use: {name}").format(name=self._database_name)
        self.database_label.setText(text)
        self.quit_button.setText(_("Quit"))


def _quit_after_ms() -> int | None:
    value = os.environ.get("HUBDESK_QUIT_AFTER_MS")
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        return None


def show_problem(message: str, quit_after_ms: int | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, _("hubdesk"), message, QMessageBox.StandardButton.Close)
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, box.reject)
    box.exec()


def run_app(db_target: str | None, lang: str, demo: bool = False) -> int:
    set_language(lang)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("hubdesk")
    quit_after = _quit_after_ms()
    demo_dir = tempfile.mkdtemp(prefix="hubdesk-demo-") if demo else None
    try:
        try:
            db = _open(db_target, demo_dir)
        except HubdeskError as exc:
            print(exc.message, file=sys.stderr)
            show_problem(exc.message, quit_after)
            return exc.exit_code
        try:
            window = PlaceholderWindow(db.display_name, demo=demo)
            window.show()
            if quit_after is not None:
                QTimer.singleShot(quit_after, app.quit)
            return app.exec()
        finally:
            db.dispose()
    finally:
        if demo_dir:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _open(db_target: str | None, demo_dir: str | None):
    from hubdesk.db.database import open_database

    if demo_dir is None:
        return open_database(db_target)
    from hubdesk.demo.generate import generate

    db = open_database(os.path.join(demo_dir, "demo.db"))
    try:
        generate(db, "small", 1, progress=lambda *args, **kwargs: None)
    except BaseException:
        db.dispose()
        raise
    return db
