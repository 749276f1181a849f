"""Sign-in, the first administrator's password, user administration and what each role sees —
on a real SQLite file, through the real dialogs and the domain's checks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hubdesk.db import audit
from hubdesk.db.enums import Role
from hubdesk.db.schema import User
from hubdesk.domain.accounts import create_user, verify_password
from hubdesk.errors import DomainError

WRONG = "The user name or password is wrong. Check them and try again."


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    audit.set_actor(None)
    yield
    audit.set_actor(None)


def add_user(db, username: str, role: Role, password: str | None = "correct horse") -> None:
    with db.write() as s:  # as the operating-system user: an administrator on the command line
        create_user(s, username=username, display_name=username.title(), role=role, password=password)


def user_row(db, username: str):
    """The stored account as plain values (None when there is none)."""
    from types import SimpleNamespace

    with db.read() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            return None
        return SimpleNamespace(**{c.key: getattr(user, c.key) for c in User.__table__.columns})


def submit_password(dialog, password: str, again: str | None = None, old: str | None = None) -> None:
    """Type a new password (twice; `again` when the second differs), the current one when the
    dialog asks for it, and press OK."""
    if old is not None:
        dialog.old_edit.setText(old)
    dialog.password_edit.setText(password)
    dialog.again_edit.setText(password if again is None else again)
    dialog.accept()


def users_view(qtbot, db, signed_in: tuple[str, Role], *others: tuple[str, Role]):
    """The users screen for `signed_in` (name, role), with `others` as further accounts."""
    from hubdesk.ui.accounts.view import UsersView
    from hubdesk.ui.context import AppContext

    for name, role in (signed_in, *others):
        add_user(db, name, role)
    audit.set_actor(*signed_in)
    view = UsersView(AppContext(db=db))
    qtbot.addWidget(view)
    return view


def sign_in_with(dialog, username: str, password: str) -> None:
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.accept()


def failures_recorded(db) -> int:
    from hubdesk.db.schema import SignInThrottle

    with db.read() as s:
        return sum(t.failures for t in s.scalars(select(SignInThrottle)))


def test_wrong_password_shows_the_sentence_and_the_right_one_signs_in(qtbot, db):
    from hubdesk.ui.accounts.dialog import SignInDialog

    add_user(db, "kim", Role.MANAGER)
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.password_edit.echoMode().name == "Password"
    sign_in_with(dialog, "kim", "wrong password")
    assert dialog.problem_label.text() == WRONG
    assert dialog.password_edit.text() == ""           # never left on screen
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.signed_in is None
    assert failures_recorded(db) == 1                   # the failure was committed
    sign_in_with(dialog, "KIM", "correct horse")
    assert dialog.problem_label.text() == ""
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.signed_in.role is Role.MANAGER and dialog.signed_in.username == "kim"
    assert (audit.current_actor(), audit.current_role()) == ("kim", Role.MANAGER)
    assert failures_recorded(db) == 0                   # a success forgets them


def test_five_failures_make_the_next_attempt_wait_and_say_how_long(qtbot, db):
    import datetime as dt

    from hubdesk.domain import clock
    from hubdesk.ui.accounts.dialog import SignInDialog

    add_user(db, "lee", Role.STAFF)
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone.utc)
    with clock.fixed(start):
        for name in ("lee", "nobody"):              # a real account and a name nobody has, alike
            for _ in range(4):
                sign_in_with(dialog, name, "not it at all")
                assert dialog.problem_label.text() == WRONG
            sign_in_with(dialog, name, "not it at all")
            assert dialog.problem_label.text() == ("The user name or password is wrong. Wait 2 seconds "
                                                   "before you try again.")
            sign_in_with(dialog, name, "correct horse")
            assert dialog.problem_label.text() == "Too many failed sign-ins from here. Wait 2 seconds, then try again."
    assert dialog.signed_in is None
    assert user_row(db, "lee") is not None and "failed_logins" not in vars(user_row(db, "lee"))
    with clock.fixed(start + dt.timedelta(seconds=2)):   # the wait is over by itself: no lockout
        sign_in_with(dialog, "lee", "correct horse")
    assert dialog.signed_in is not None and dialog.signed_in.username == "lee"


def test_sign_in_at_start_uses_the_dialog_once_accounts_exist(qtbot, db, monkeypatch):
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.context import AppContext

    add_user(db, "park", Role.VIEWER)
    asked = []

    def fake_ask(database, parent):
        d = accounts_dialog.SignInDialog(database, parent)
        qtbot.addWidget(d)
        asked.append(d)
        sign_in_with(d, "park", "correct horse")
        return d.signed_in

    monkeypatch.setattr(accounts_dialog, "ask_sign_in", fake_ask)
    context = AppContext(db=db)
    signed = accounts_dialog.sign_in(context)
    assert signed is not None and signed.role is Role.VIEWER
    assert context.user_name == "Park" and audit.current_role() is Role.VIEWER
    monkeypatch.setattr(accounts_dialog, "ask_sign_in", lambda database, parent: None)
    assert accounts_dialog.sign_in(db) is None             # Cancel: the app quits


def test_signing_in_switches_to_the_language_saved_on_the_account(qtbot, db, monkeypatch):
    from hubdesk import i18n
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.context import AppContext

    with db.write() as s:
        create_user(s, username="linh", display_name="Nguyễn Linh", role=Role.STAFF, password="correct horse",
                    language="vi")
    add_user(db, "park", Role.VIEWER)                          # no language saved: the PC's stays
    context = AppContext(db=db)
    switched = []
    context.bus.language_changed.connect(switched.append)

    def ask_as(username):
        def ask(database, parent):
            d = accounts_dialog.SignInDialog(database, parent)
            qtbot.addWidget(d)
            sign_in_with(d, username, "correct horse")
            return d.signed_in
        return ask

    try:
        context.set_language("en")
        switched.clear()
        monkeypatch.setattr(accounts_dialog, "ask_sign_in", ask_as("park"))
        assert accounts_dialog.sign_in(context) is not None
        assert i18n.get_language() == "en" and switched == []
        monkeypatch.setattr(accounts_dialog, "ask_sign_in", ask_as("linh"))
        assert accounts_dialog.sign_in(context) is not None
        assert i18n.get_language() == "vi" and switched == ["vi"]     # open windows retranslate
        assert i18n._("Reports") == "Báo cáo"
    finally:
        context.set_language("en")


def test_signing_in_over_the_opening_frame_retranslates_it(qtbot, db, monkeypatch):
    """At start the sign-in comes over the main window's frame, before the database is attached:
    the person's language reaches the frame too (menus, sidebar), not only what is built after."""
    from hubdesk.ui import app
    from hubdesk.ui.accounts import dialog as accounts_dialog

    with db.write() as s:
        create_user(s, username="linh", display_name="Nguyễn Linh", role=Role.STAFF, password="correct horse",
                    language="vi")
    frame = app.open_main_window(None)
    qtbot.addWidget(frame)
    frame.show()
    assert frame.sidebar.item(0).text() == "Dashboard"

    def ask(database, parent):
        d = accounts_dialog.SignInDialog(database, parent)
        qtbot.addWidget(d)
        sign_in_with(d, "linh", "correct horse")
        return d.signed_in

    monkeypatch.setattr(accounts_dialog, "ask_sign_in", ask)
    try:
        assert accounts_dialog.sign_in(db, frame) is not None
        assert frame.sidebar.item(0).text() == "Bảng điều khiển"
    finally:
        frame.context.set_language("en")


def test_first_administrator_chooses_a_password(qtbot, db, monkeypatch):
    from hubdesk.ui.accounts import dialog as accounts_dialog

    add_user(db, "admin", Role.ADMIN, password=None)        # as first-run setup leaves it
    shown = []

    def fake_ask(database, pending, parent):
        d = accounts_dialog.InitialPasswordDialog(database, pending, parent)
        qtbot.addWidget(d)
        shown.append(d)
        assert d.username_edit.text() == "admin" and d.username_edit.isReadOnly()
        submit_password(d, "first secret", again="first secrex")
        assert d.problem_label.text() == "The two passwords are not the same. Type the new password twice."
        submit_password(d, "short")
        assert d.problem_label.text() == "The password must have at least 8 characters. Choose a longer one."
        submit_password(d, "first secret")
        return d.signed_in

    monkeypatch.setattr(accounts_dialog, "ask_initial_password", fake_ask)
    signed = accounts_dialog.sign_in(db)
    assert signed is not None and signed.role is Role.ADMIN and len(shown) == 1
    assert verify_password("first secret", user_row(db, "admin").password_hash)
    assert accounts_dialog.set_initial_password_dialog(db) is None  # a password exists now: sign in instead


def test_initial_password_on_a_database_without_users_creates_the_administrator(qtbot, db):
    from hubdesk.ui.accounts.dialog import InitialPasswordDialog

    d = InitialPasswordDialog(db, None)
    qtbot.addWidget(d)
    assert not d.username_edit.isReadOnly()
    d.username_edit.setText("choi")
    submit_password(d, "한글 비밀번호 ✓")
    assert d.problem_label.text() == "" and d.signed_in.role is Role.ADMIN
    assert verify_password("한글 비밀번호 ✓", user_row(db, "choi").password_hash)


def test_administrator_creates_a_user_and_resets_a_password(qtbot, db, shown_messages):
    view = users_view(qtbot, db, ("boss", Role.ADMIN))
    assert view.new_button.isEnabled() and view.reset_button.isEnabled()
    view.new_user()
    d = view._dialog
    d.username_edit.setText("nguyen")
    d.display_edit.setText("Nguyễn Thị Hoa")
    d.role_combo.setCurrentIndex(d.role_combo.findData("manager"))
    submit_password(d, "xin chào 123")
    assert d.problem_label.text() == ""
    row = user_row(db, "nguyen")
    assert row.role is Role.MANAGER and row.display_name == "Nguyễn Thị Hoa"
    assert verify_password("xin chào 123", row.password_hash)
    assert view.selected_username() == "nguyen"
    assert "Nguyễn Thị Hoa" in [view.model.index(r, view.model.COL_NAME).data() for r in range(view.model.rowCount())]

    view.new_user()                                          # the same name again: the domain's sentence
    d = view._dialog
    d.username_edit.setText("Nguyen")
    submit_password(d, "whatever1")
    assert d.problem_label.text() == "The user name Nguyen is already taken. Choose another one."

    view.select_username("nguyen")
    view.reset_password()
    r = view._dialog
    assert r.password_edit.echoMode().name == "Password"
    submit_password(r, "brand new pass")
    assert r.problem_label.text() == ""
    assert verify_password("brand new pass", user_row(db, "nguyen").password_hash)


def test_staff_cannot_create_users_or_reset_passwords(qtbot, db, shown_messages):
    view = users_view(qtbot, db, ("clerk", Role.STAFF), ("other", Role.VIEWER))
    assert not any(b.isEnabled() for b in (view.new_button, view.edit_button, view.reset_button))
    assert view.own_button.isEnabled()
    view.new_user()                                          # even if asked directly, the domain refuses
    d = view._dialog
    d.username_edit.setText("sneaky")
    submit_password(d, "password1")
    assert d.problem_label.text() == ("Your role (staff) does not allow changing user accounts. Ask an "
                                      "administrator or a user with the right role.")
    assert user_row(db, "sneaky") is None
    view.select_username("other")
    view.reset_password()
    r = view._dialog
    submit_password(r, "password2")
    assert r.problem_label.text() == "Only an administrator can reset passwords."
    assert verify_password("correct horse", user_row(db, "other").password_hash)


def test_anyone_changes_their_own_password(qtbot, db, shown_messages):
    view = users_view(qtbot, db, ("clerk", Role.STAFF))
    view.change_own_password()
    d = view._dialog
    submit_password(d, "new password 1", old="wrong one")
    assert d.problem_label.text() == "The current password is wrong."
    assert d.old_edit.text() == d.password_edit.text() == ""
    submit_password(d, "new password 1", old="correct horse")
    assert d.problem_label.text() == ""
    assert verify_password("new password 1", user_row(db, "clerk").password_hash)


def test_users_model_passes_qtmodeltester(qtmodeltester, db):
    from hubdesk.ui.accounts.table_model import UsersTableModel, load_users

    add_user(db, "kim", Role.ADMIN)
    add_user(db, "lee", Role.VIEWER, password=None)
    model = UsersTableModel(load_users(db))
    qtmodeltester.check(model)
    states = [model.index(r, model.COL_STATE).data() for r in range(model.rowCount())]
    assert states == ["Active", "No password yet"]


@pytest.fixture
def admin_area(monkeypatch):
    from hubdesk.ui import navigation
    from hubdesk.ui.accounts.admin_view import ADMIN_AREA

    monkeypatch.setattr(navigation, "AREAS", list(navigation.AREAS))
    navigation.register(*ADMIN_AREA, before="settings")


def area_row(window, key):
    from hubdesk.ui import navigation

    return [a.key for a in navigation.AREAS].index(key)


def test_viewer_sees_every_area_read_only_and_no_administration(admin_area, main_window):
    from hubdesk.ui.accounts.permissions_ui import apply_role

    audit.set_actor("viewer", Role.VIEWER)
    apply_role(main_window, Role.VIEWER)
    assert main_window.sidebar.item(area_row(main_window, "admin")).isHidden()
    assert not main_window.area_actions["admin"].isVisible()
    view = main_window.show_area("organizations")
    assert not main_window.actions_by_name["new"].isEnabled()
    assert view.new_button.isHidden()
    assert main_window.actions_by_name["export"].isEnabled()   # reading and exporting stay
    assert main_window.change_password_action.text() == "Change my &password…"


def test_staff_may_write_organizations_but_not_programs(admin_area, main_window):
    from hubdesk.db.enums import BookingStatus as S
    from hubdesk.ui.accounts.permissions_ui import apply_role, statuses_for_role

    audit.set_actor("clerk", Role.STAFF)
    apply_role(main_window, Role.STAFF)
    orgs = main_window.show_area("organizations")
    assert main_window.actions_by_name["new"].isEnabled() and not orgs.new_button.isHidden()
    programs = main_window.show_area("programs")
    assert programs.mark_done_button.isHidden() and programs.add_expenditure_button.isHidden()
    assert programs.new_button.isHidden() and programs.budget_tab.lines.edit_button.isHidden()
    assert not programs.foundation_button.isHidden() and not programs.export_button.isHidden()   # reading stays
    reports = main_window.show_area("reports")
    assert reports.issue_button.isHidden() and not reports.save_button.isHidden()
    assert statuses_for_role([S.APPROVED, S.REJECTED, S.CANCELLED], Role.STAFF) == [S.CANCELLED]
    assert statuses_for_role([S.APPROVED, S.CANCELLED], Role.MANAGER) == [S.APPROVED, S.CANCELLED]
    assert statuses_for_role([S.CANCELLED], Role.VIEWER) == []


def test_administrator_gets_the_administration_area(admin_area, main_window):
    from hubdesk.ui.accounts.admin_view import AdministrationView
    from hubdesk.ui.accounts.permissions_ui import apply_role

    audit.set_actor("boss", Role.ADMIN)
    apply_role(main_window, Role.ADMIN)
    assert not main_window.sidebar.item(area_row(main_window, "admin")).isHidden()
    view = main_window.show_area("admin")
    assert isinstance(view, AdministrationView)
    assert view.current_page().new_button.isEnabled()
    audit_page = view.page("audit")
    assert audit_page.model.rowCount() > 0                    # the small database's inserts


def test_administrator_changes_a_role_and_closes_an_account_but_keeps_the_last_admin(qtbot, db, shown_messages):
    from hubdesk.ui.accounts.dialog import SignInDialog

    view = users_view(qtbot, db, ("boss", Role.ADMIN), ("kim", Role.STAFF))
    view.select_username("kim")
    view.edit_user()
    d = view._dialog
    d.role_combo.setCurrentIndex(d.role_combo.findData("manager"))
    d.active_check.setChecked(False)
    d.accept()
    assert d.problem_label.text() == ""
    row = user_row(db, "kim")
    assert row.role is Role.MANAGER and row.active is False
    assert view.model.index(view.model.row_of_username("kim"), view.model.COL_STATE).data() == "Inactive account"
    sign = SignInDialog(db)
    qtbot.addWidget(sign)
    sign_in_with(sign, "kim", "correct horse")               # a closed account cannot sign in
    assert sign.problem_label.text() == WRONG
    audit.set_actor("boss", Role.ADMIN)

    view.select_username("boss")
    view.edit_user()
    d = view._dialog
    d.role_combo.setCurrentIndex(d.role_combo.findData("viewer"))
    d.accept()
    assert d.problem_label.text() == ("boss is the last active administrator. Make another user an "
                                      "administrator first.")
    assert shown_messages[-1][1] == d.problem_label.text()              # and in the box, like every refusal
    assert user_row(db, "boss").role is Role.ADMIN


def test_the_start_and_close_sequence_the_app_wires_in(qtbot, db, monkeypatch):
    """What run_app does with these pieces: first administrator's password (or sign-in), the window
    fitted to the role, and the backup when it closes."""
    from hubdesk.db.backup import verify_backup
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.accounts.permissions_ui import apply_role
    from hubdesk.ui.app import open_main_window
    from hubdesk.ui.backup.actions import backup_on_exit

    add_user(db, "minji", Role.ADMIN, password=None)         # what first-run setup leaves
    monkeypatch.setattr(accounts_dialog, "ask_sign_in", lambda *a: pytest.fail("no account has a password yet"))

    def choose_password(database, pending, parent):
        d = accounts_dialog.InitialPasswordDialog(database, pending, parent)
        qtbot.addWidget(d)
        submit_password(d, "관리자 비밀번호")
        return d.signed_in

    monkeypatch.setattr(accounts_dialog, "ask_initial_password", choose_password)
    signed = accounts_dialog.sign_in(db)
    assert signed.username == "minji"
    window = open_main_window(db, user_name=signed.display_name, start_area="organizations")
    qtbot.addWidget(window)
    apply_role(window, signed.role)
    assert window.actions_by_name["new"].isEnabled()
    window.close()
    made = backup_on_exit(window.context)
    assert made is not None and verify_backup(made)


def test_not_now_works_as_before_accounts_and_smoke_runs_never_wait(qtbot, db, monkeypatch):
    from hubdesk.ui.accounts import dialog as accounts_dialog

    add_user(db, "minji", Role.ADMIN, password=None)
    monkeypatch.setenv("HUBDESK_QUIT_AFTER_MS", "50")         # the dialog gives up by itself: "Not now"
    signed = accounts_dialog.sign_in(db)
    assert (signed.username, signed.role) == ("minji", Role.ADMIN)
    assert user_row(db, "minji").password_hash is None
    assert audit.current_actor() == "minji"
    add_user(db, "lee", Role.STAFF)                           # an account with a password: sign-in, here dismissed
    assert accounts_dialog.sign_in(db) is None


def test_tools_menu_entries_open_the_tabs_for_an_administrator_only(qtbot, monkeypatch, small_db):
    from hubdesk.i18n import N_
    from hubdesk.ui import navigation
    from hubdesk.ui.accounts.permissions_ui import apply_role
    from hubdesk.ui.app import open_main_window

    monkeypatch.setattr(navigation, "TOOLS", list(navigation.TOOLS) + [
        navigation.Tool("users", N_("Users and roles…"), "hubdesk.ui.accounts.admin_view:open_users"),
        navigation.Tool("audit", N_("Audit trail…"), "hubdesk.ui.accounts.admin_view:open_audit"),
        navigation.Tool("backups", N_("Backups…"), "hubdesk.ui.accounts.admin_view:open_backups")])
    for role, visible in ((Role.STAFF, False), (Role.ADMIN, True)):
        audit.set_actor("someone", role)
        window = open_main_window(small_db, user_name="Someone", start_area="dashboard")
        qtbot.addWidget(window)
        apply_role(window, role)
        assert {k: a.isVisible() for k, a in window.tool_actions.items() if k not in ("import", "documents")} == \
            {"users": visible, "audit": visible, "backups": visible}
        assert window.tool_actions["documents"].isVisible()     # finding documents is for every role
    window.tool_actions["audit"].trigger()
    dialog = window._administration_dialog
    assert dialog.isVisible() and dialog.view.tabs.currentIndex() == 1
    assert dialog.view.current_page().model.rowCount() > 0
    window.tool_actions["backups"].trigger()
    assert window._administration_dialog is dialog and dialog.view.tabs.currentIndex() == 2
    dialog.close()


def test_a_demo_database_without_accounts_asks_for_no_password_at_any_start(qtbot, db, monkeypatch):
    """A database filled by `hubdesk demo` has no account: there is no administrator to give a
    password, so no start asks for one; the person works as this PC's account (as the command
    line does). A database whose first administrator has no password yet still asks."""
    from hubdesk.demo.generate import generate
    from hubdesk.ui.accounts import dialog as accounts_dialog

    generate(db, "small", 1)
    monkeypatch.setattr(accounts_dialog, "ask_sign_in", lambda *a: pytest.fail("no account has a password"))
    monkeypatch.setattr(accounts_dialog, "ask_initial_password",
                        lambda *a: pytest.fail("a database without accounts asked for a password"))
    for _start in range(2):
        signed = accounts_dialog.sign_in(db)
        assert signed.role is Role.ADMIN and signed.username == audit.os_actor()
        assert audit.current_actor() == audit.os_actor()
    asked = []
    add_user(db, "minji", Role.ADMIN, password=None)           # what the first-run setup leaves
    monkeypatch.setattr(accounts_dialog, "ask_initial_password", lambda *a: asked.append(a) or None)
    accounts_dialog.sign_in(db)
    assert len(asked) == 1


def test_the_users_list_shows_an_account_whose_sign_in_is_slowed(qtbot, db):
    import datetime as dt

    from hubdesk.domain import clock
    from hubdesk.ui.accounts.signin import attempt_sign_in
    from hubdesk.ui.accounts.table_model import UsersTableModel, load_users
    from hubdesk.ui.common.display import format_datetime

    add_user(db, "kim", Role.ADMIN)
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone.utc)
    with clock.fixed(start):
        for _ in range(5):
            with pytest.raises(DomainError, match="wrong"):
                attempt_sign_in(db, "kim", "guess")
        model = UsersTableModel(load_users(db))
    assert model.index(0, model.COL_STATE).data() == (
        "Sign-in attempts slowed until " + format_datetime(start + dt.timedelta(seconds=2)))
    model = UsersTableModel(load_users(db, now=start + dt.timedelta(seconds=3)))
    assert model.index(0, model.COL_STATE).data() == "Active"
