"""Shared fixtures: a real SQLite file per test, and a real PostgreSQL database per test on the
server HUBDESK_TEST_PG_URL names or, when it names none, on a throw-away server the session starts
itself from the PostgreSQL installed on the machine (tests/pgserver.py). Only where PostgreSQL is not
installed are the PostgreSQL variants skipped, said in one line of the summary; under CI that is a
failure."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from tests import pgserver

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HUBDESK_LANG", "en")


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    """Every test gets its own per-user data folder and English unless it asks otherwise."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("HUBDESK_DATA_DIR", str(data))
    monkeypatch.delenv("HUBDESK_DB", raising=False)
    from hubdesk import i18n

    i18n.set_language("en")
    yield
    from hubdesk.domain import clock

    clock.set_zone(None)   # a test that saved another foundation zone leaves the default behind
    i18n.set_language("en")


# A modal dialog that a test did not expect (an error box, a question) waits for a click nobody gives,
# inside Qt's own event loop, where neither pytest-timeout nor Ctrl+C reaches: after this long it is
# closed and the test fails with the dialog's words, instead of the run hanging until CI kills it.
# (A test that opens a dialog on purpose closes it within milliseconds; progress windows close
# themselves when their work ends and are left alone.)
STUCK_DIALOG_SECONDS = 30


class DialogWatch:
    """Looked at each second: closes a modal dialog (not a progress window) that stayed up
    `seconds`, and keeps what it said in `stuck`."""

    def __init__(self, seconds: float = STUCK_DIALOG_SECONDS) -> None:
        self.seconds = seconds
        self.current: tuple[object, float] | None = None
        self.stuck: list[str] = []

    def every(self, milliseconds: int):
        """A started QTimer that makes the watch look each `milliseconds` (stop it when done)."""
        from PySide6.QtCore import QTimer

        timer = QTimer()
        timer.setInterval(milliseconds)
        timer.timeout.connect(self.look)
        timer.start()
        return timer

    def look(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

        widget = QApplication.activeModalWidget()
        if widget is None or isinstance(widget, QProgressDialog):
            self.current = None
            return
        if self.current is None or self.current[0] is not widget:
            self.current = (widget, time.monotonic())
            return
        if time.monotonic() - self.current[1] < self.seconds:
            return
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        self.stuck.append(f"{type(widget).__name__} '{widget.windowTitle()}'" + (f": {text}" if text else ""))
        self.current = None
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()


@pytest.fixture(autouse=True)
def _no_dialog_waits_forever(request):
    """In a test with Qt: hubdesk's message box (`errors.show_message`) records instead of waiting
    for a click, and the test fails with what it said unless the test expected messages (it then
    replaces `show_message` itself, as the `shown_messages` fixture does); any other modal dialog
    is watched (`DialogWatch`)."""
    if not {"qapp", "qtbot"} & set(request.fixturenames):
        yield
        return
    from hubdesk.ui.common import errors

    request.getfixturevalue("qapp")
    unexpected: list[str] = []
    request.getfixturevalue("monkeypatch").setattr(
        errors, "show_message", lambda parent, title, text, icon: unexpected.append(f"'{title}': {text}"))
    watch = DialogWatch()
    timer = watch.every(1000)
    yield
    timer.stop()
    if unexpected:
        pytest.fail("hubdesk showed a message this test did not expect (a test that expects one uses the "
                    "shown_messages fixture): " + "; ".join(unexpected), pytrace=False)
    if watch.stuck:
        pytest.fail(f"A dialog waited {watch.seconds:g} s for a click nobody would give, and was closed: "
                    + "; ".join(watch.stuck), pytrace=False)


_PG_SERVER = pytest.StashKey[pgserver.PgServer]()
NO_PG = "PostgreSQL is not installed here"


def pytest_configure(config):
    """In the controller process (not in an xdist worker): without HUBDESK_TEST_PG_URL, start one
    throw-away PostgreSQL for the whole session and export its URL, which the workers inherit."""
    if hasattr(config, "workerinput") or pg_admin_url() is not None or config.option.help:
        return
    bindir = pgserver.find_bindir()
    if bindir is None:
        return
    server = pgserver.PgServer(bindir)
    config.stash[_PG_SERVER] = server
    try:
        url = server.start()
    except pgserver.PgServerError as exc:
        raise pytest.UsageError(f"Could not start a throw-away PostgreSQL for the tests:\n{exc}") from None
    os.environ["HUBDESK_TEST_PG_URL"] = url


def pytest_unconfigure(config):
    server = config.stash.get(_PG_SERVER, None)
    if server is not None:
        server.stop()
        if os.environ.get("HUBDESK_TEST_PG_URL") == server.url:
            del os.environ["HUBDESK_TEST_PG_URL"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """Where PostgreSQL is not installed, one line says how many PostgreSQL tests were skipped,
    instead of -ra's line per test; the final count still includes them."""
    stats = terminalreporter.stats
    skipped = stats.get("skipped", [])
    no_pg = [r for r in skipped if isinstance(r.longrepr, tuple) and NO_PG in str(r.longrepr[-1])]
    if no_pg:
        stats["skipped"] = [r for r in skipped if not any(r is s for s in no_pg)]
    try:
        return (yield)
    finally:
        if no_pg:
            stats["skipped"] = skipped
            terminalreporter.write_line(
                f"{NO_PG}: {len(no_pg)} PostgreSQL tests were skipped; install postgresql or set "
                "HUBDESK_TEST_PG_URL", yellow=True, bold=True)


def pg_admin_url() -> str | None:
    return os.environ.get("HUBDESK_TEST_PG_URL") or None


def require_pg() -> str:
    url = pg_admin_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"{NO_PG} and HUBDESK_TEST_PG_URL is not set: in CI the PostgreSQL tests must "
                        "run (install postgresql; the tests start a server themselves)")
        pytest.skip(f"{NO_PG} (install postgresql or set HUBDESK_TEST_PG_URL)")
    return url


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database on the test server; dropped afterwards."""
    admin = require_pg()
    import psycopg
    from sqlalchemy.engine import make_url

    name = "hubdesk_t_" + uuid.uuid4().hex[:12]
    base = make_url(admin)
    conninfo = dict(host=base.host or "127.0.0.1", port=base.port or 5432, user=base.username,
                    password=base.password or None, dbname=base.database or "postgres")
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_path(tmp_path) -> Path:
    return tmp_path / "hubdesk-test.db"


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory) -> Path:
    """One SQLite file migrated to the latest revision per test session; tests get a copy, so
    the migration (tested on its own in test_migrations) does not run again for every test."""
    from hubdesk.db.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(path)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def db(sqlite_path, _migrated_sqlite_template):
    """An opened, migrated hubdesk database in a real SQLite file of its own."""
    import shutil

    from hubdesk.db.database import open_database

    shutil.copyfile(_migrated_sqlite_template, sqlite_path)
    database = open_database(sqlite_path)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _pg_template():
    """A PostgreSQL database migrated once per session, used as the TEMPLATE of per-test copies."""
    admin = pg_admin_url()
    if admin is None:
        yield None
        return
    import psycopg
    from sqlalchemy.engine import make_url

    from hubdesk.db.database import open_database

    base = make_url(admin)
    conninfo = dict(host=base.host or "127.0.0.1", port=base.port or 5432, user=base.username,
                    password=base.password or None, dbname=base.database or "postgres")
    name = "hubdesk_tmpl_" + uuid.uuid4().hex[:12]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    database = open_database(url)
    database.dispose()
    yield name, conninfo, base
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_migrated_url(_pg_template):
    """A fresh PostgreSQL database already at the latest revision (a copy of the template)."""
    require_pg()
    import psycopg

    template, conninfo, base = _pg_template
    name = "hubdesk_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """The same test on a real SQLite file and on a real PostgreSQL database (both migrated)."""
    from hubdesk.db.database import open_database

    if request.param == "sqlite":
        target = str(tmp_path / "any.db")
        import shutil

        shutil.copyfile(request.getfixturevalue("_migrated_sqlite_template"), target)
    else:
        target = request.getfixturevalue("pg_migrated_url")
    database = open_database(target)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_any_db(request, tmp_path):
    """An empty SQLite file or PostgreSQL database, migrated from nothing by opening it."""
    from hubdesk.db.database import open_database

    if request.param == "sqlite":
        target = str(tmp_path / "fresh.db")
    else:
        target = request.getfixturevalue("pg_url")
    database = open_database(target)
    yield database
    database.dispose()


@pytest.fixture
def newer_migrations(tmp_path, monkeypatch):
    """A copy of the migration scripts with one more revision after the real head, so that a
    database at today's head is an 'older' database for the code under test."""
    import shutil

    from hubdesk import paths
    from hubdesk.db import migrate

    folder = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.HEAD_REVISION
    (folder / "versions" / "9000_test_next.py").write_text(
        '"""test-only next revision"""\n'
        "from alembic import op\n"
        "import sqlalchemy as sa\n\n"
        'revision = "9000_test_next"\n'
        f'down_revision = "{head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        '    op.create_table("test_next_marker", sa.Column("id", sa.Integer, primary_key=True))\n\n\n'
        "def downgrade():\n"
        '    op.drop_table("test_next_marker")\n'
    )
    monkeypatch.setattr(paths, "migrations_dir", lambda: folder)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000_test_next")
    return "9000_test_next"
