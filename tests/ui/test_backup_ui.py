"""Backups from the app: back up now writes a verified copy listed in the panel, restore (after the
confirmation) brings the data back and keeps the replaced file, and the backup on exit is daily
and never fatal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hubdesk.db import audit
from hubdesk.db.backup import verify_backup
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    audit.set_actor(None)  # nobody signed in: the operating-system user, an administrator
    yield
    audit.set_actor(None)


def add_org(db, name: str) -> None:
    with db.write() as s:
        s.add(Organization(name=name, kind=OrgKind.COMPANY))


def org_names(db) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(Organization.name)))


@pytest.fixture
def context(db):
    from hubdesk.ui.context import AppContext

    return AppContext(db=db)


@pytest.fixture
def panel(qtbot, context):
    from hubdesk.ui.backup.view import BackupPanel

    p = BackupPanel(context)
    qtbot.addWidget(p)
    return p


def test_back_up_now_writes_a_verified_file_listed_in_the_panel(panel, context, db, qtbot):
    from hubdesk.ui.backup import actions

    add_org(db, "한방바이오")
    assert panel.model.rowCount() == 0
    with qtbot.waitSignal(context.bus.status_message, timeout=10_000) as said:
        path = panel.back_up_now()
    assert path is not None and path.parent == actions.backup_folder(db) == db.path.parent / "backups"
    verify_backup(path)
    assert said.args[0] == f"Backup written and checked: {path}"
    assert panel.model.rowCount() == 1
    m = panel.model
    assert m.index(0, m.COL_FILE).data() == path.name
    assert m.index(0, m.COL_SIZE).data().endswith("KB")
    assert m.index(0, m.COL_TAKEN).data()
    assert panel.folder_label.text() == f"Backup folder: {path.parent}"


def test_restore_after_confirmation_brings_the_data_back(panel, context, db, monkeypatch, shown_messages):
    from hubdesk.ui.backup import actions

    add_org(db, "Kept before the backup")
    backup = panel.back_up_now()
    add_org(db, "Added after the backup")
    asked = []
    monkeypatch.setattr(actions, "ask_confirm_restore", lambda parent, b, d: asked.append((b, d)) or False)
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    assert panel.restore_selected() is None                  # said no: nothing changed
    assert asked == [(backup, db.path)] and "Added after the backup" in org_names(db)

    changed = []
    context.bus.data_changed.connect(changed.append)
    monkeypatch.setattr(actions, "ask_confirm_restore", lambda parent, b, d: True)
    aside = panel.restore_selected()
    assert shown_messages == []
    assert aside is not None and Path(aside).exists()
    assert org_names(db) == {"Kept before the backup"}        # the same Database object reads the restored file
    assert changed == [""]                                    # every screen reloads
    from hubdesk.db.database import open_database

    kept = open_database(aside)                               # the replaced file is whole
    try:
        with kept.read() as s:
            assert s.scalar(select(func.count()).select_from(Organization)) == 2
    finally:
        kept.dispose()
    add_org(db, "Written after the restore")                  # and writing goes on
    assert "Written after the restore" in org_names(db)


def test_restore_is_refused_while_another_hubdesk_has_the_database_open(panel, context, db, monkeypatch,
                                                                         shown_messages, tmp_path):
    """Issue 15: a second hubdesk that had the file open wrote its next change into the file put
    aside. Now the app's restore is refused with a sentence, and nothing changes."""
    import os
    import subprocess
    import sys

    from hubdesk.ui.backup import actions

    add_org(db, "Kept before the backup")
    backup = panel.back_up_now()
    add_org(db, "Added after the backup")
    monkeypatch.setattr(actions, "ask_confirm_restore", lambda parent, b, d: True)
    root = Path(__file__).resolve().parents[2]
    other = subprocess.Popen(
        [sys.executable, "-c", "import sys; from hubdesk.db.database import open_database; "
                               "db = open_database(sys.argv[1]); db.read().__enter__(); print('open', flush=True); "
                               "sys.stdin.readline()", str(db.path)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        assert panel._restore(backup) is None
    finally:
        other.kill()
        other.wait()
    assert len(shown_messages) == 1 and "open elsewhere" in shown_messages[0][1], shown_messages
    assert "Close hubdesk there first" in shown_messages[0][1]
    assert org_names(db) == {"Kept before the backup", "Added after the backup"}
    assert not list(db.path.parent.glob(f"{db.path.stem}.replaced-*"))
    assert panel._restore(backup) is not None                 # once it is closed, the restore runs
    assert org_names(db) == {"Kept before the backup"}


def test_restore_refuses_a_file_that_is_not_a_backup(panel, db, tmp_path, monkeypatch, shown_messages):
    from hubdesk.ui.backup import actions
    from hubdesk.ui.backup import view as backup_view

    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    monkeypatch.setattr(backup_view, "ask_backup_file", lambda parent, folder: str(bad))
    monkeypatch.setattr(actions, "ask_confirm_restore", lambda *a: pytest.fail("asked about a bad file"))
    add_org(db, "Still here")
    assert panel.restore_other_file() is None
    assert shown_messages == [("Database problem",
                               f"{bad} is not a hubdesk backup (it is not a SQLite file). Choose another file.")]
    assert "Still here" in org_names(db)


def test_backup_on_exit_is_daily_and_never_fatal(context, db, monkeypatch, qtbot):
    from hubdesk.ui.backup import actions

    first = actions.backup_on_exit(context)
    assert first is not None
    verify_backup(first)
    assert actions.backup_on_exit(context) is None            # at most one a day
    messages = []
    context.bus.status_message.connect(messages.append)
    blocker = db.path.parent / "backups"
    for p in blocker.iterdir():
        p.unlink()
    blocker.rmdir()
    blocker.write_text("a file where the backup folder should be")
    assert actions.backup_on_exit(context) is None            # logged and said, not raised
    assert messages and messages[0].startswith("The automatic backup failed: Cannot write the backup")


def test_the_backup_on_exit_says_so_while_it_takes_long(context, db, monkeypatch, qtbot):
    """The app's windows are gone when the daily backup runs; a big database takes half a minute,
    so a small window says what is happening (here the copy is slowed to show it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from hubdesk.db import backup as db_backup
    from hubdesk.ui.backup import actions

    real = db_backup.automatic_backup

    def slow_backup(*args, **kwargs):
        time.sleep(0.8)
        return real(*args, **kwargs)

    monkeypatch.setattr(db_backup, "automatic_backup", slow_backup)
    seen = []
    QTimer.singleShot(600, lambda: seen.extend(
        w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()))
    made = actions.backup_on_exit(db, shown=True)
    assert made is not None and made.parent == db.path.parent / "backups"
    verify_backup(made)
    assert seen == ["Writing and checking the daily backup before hubdesk closes…"]
    assert actions.backup_on_exit(db, shown=True) is None          # at most one a day, and nothing shown


def test_retention_keeps_the_newest(context, db, panel):
    from hubdesk.ui.backup import actions

    panel.keep_spin.setValue(2)
    assert actions.retention() == 2
    made = []
    for i in range(3):
        if i:
            # backups taken within one second get -01, -02 suffixes, which hubdesk.db.backup's name
            # order puts before the first one (reported); a second apart they are in order
            time.sleep(1.05)
        made.append(panel.back_up_now())
    assert panel.model.rowCount() == 2
    assert [panel.model.path_at(r) for r in range(2)] == [made[2], made[1]]


def test_backups_model_passes_qtmodeltester(qtmodeltester, panel):
    panel.back_up_now()
    qtmodeltester.check(panel.model)


def test_postgresql_is_explained_not_offered(qtbot, pg_migrated_url):
    from hubdesk.db.database import open_database
    from hubdesk.ui.backup import actions
    from hubdesk.ui.backup.view import BackupPanel
    from hubdesk.ui.context import AppContext

    pg = open_database(pg_migrated_url)
    try:
        context = AppContext(db=pg)
        p = BackupPanel(context)
        qtbot.addWidget(p)
        assert not p.backup_button.isEnabled() and not p.restore_button.isEnabled()
        assert "pg_dump" in p.intro.text()
        assert actions.backup_on_exit(context) is None
    finally:
        pg.dispose()


def test_only_an_administrator_may_restore(qtbot, context, db, monkeypatch, shown_messages):
    from hubdesk.db.enums import Role
    from hubdesk.ui.backup import actions
    from hubdesk.ui.backup.view import BackupPanel

    audit.set_actor("clerk", Role.STAFF)
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    assert panel.backup_button.isEnabled()
    assert not panel.restore_button.isEnabled() and not panel.restore_file_button.isEnabled()
    backup = panel.back_up_now()                              # taking a copy is fine
    add_org(db, "After the backup")
    monkeypatch.setattr(actions, "ask_confirm_restore", lambda *a: True)
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    assert panel.restore_selected() is None
    assert shown_messages == [("Cannot save", "Only an administrator can restore a backup.")]
    assert backup.exists() and "After the backup" in org_names(db)


def test_after_a_restore_who_works_on_comes_from_the_restored_accounts(panel, context, db, monkeypatch,
                                                                       shown_messages):
    """The restored file has its own users: the person signed in before is asked to sign in again
    against them (role and all), Quit leaves nothing writable, and a file without password accounts
    goes on unprotected as at start."""
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user
    from hubdesk.errors import DomainError
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.accounts import signin
    from hubdesk.ui.backup import actions

    monkeypatch.setattr(actions, "ask_confirm_restore", lambda parent, b, d: True)
    no_accounts = panel.back_up_now()                         # taken before anyone had a password
    time.sleep(1.1)                                           # a second backup file name
    with db.write() as s:
        create_user(s, username="kim", display_name="김민지", role=Role.ADMIN, password="Hanbit-bio-2026")
        create_user(s, username="clerk", display_name="Clerk Lee", role=Role.STAFF, password="Clerk-pass-2026")
    with_accounts = panel.back_up_now()
    audit.set_actor("kim", Role.ADMIN)
    context.user_name = "김민지"
    panel.show()

    asked = []

    def clerk_signs_in(database, parent):
        asked.append(parent)
        return signin.attempt_sign_in(database, "clerk", "Clerk-pass-2026")

    monkeypatch.setattr(accounts_dialog, "ask_sign_in", clerk_signs_in)
    assert actions.restore_backup(context, with_accounts, panel) is not None
    assert asked == [panel]
    from hubdesk.db.schema import AuditEvent

    with db.read() as s:                                      # the restored file says who restored what
        restores = [(e.actor, e.after["restored_from"])
                    for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == audit.DATABASE_ENTITY))]
    assert restores == [("kim", str(with_accounts))]
    assert audit.current_actor() == "clerk" and audit.current_role() is Role.STAFF
    assert context.user_name == "Clerk Lee"
    assert not panel.isVisible()                              # an administrator's window closes for staff

    audit.set_actor("kim", Role.ADMIN)
    monkeypatch.setattr(accounts_dialog, "ask_sign_in", lambda database, parent: None)   # Quit
    assert actions.restore_backup(context, with_accounts, panel) is not None
    assert audit.current_actor() == actions.SIGNED_OUT_ACTOR and audit.current_role() is Role.VIEWER
    with pytest.raises(DomainError):
        add_org(db, "Written by nobody")

    audit.set_actor("kim", Role.ADMIN)
    monkeypatch.setattr(accounts_dialog, "ask_sign_in",
                        lambda database, parent: pytest.fail("asked to sign in without password accounts"))
    assert actions.restore_backup(context, no_accounts, panel) is not None
    assert audit.current_role() is Role.ADMIN and audit.current_actor().startswith("os:")
    add_org(db, "Written after restoring the unprotected file")
    assert "Written after restoring the unprotected file" in org_names(db)
