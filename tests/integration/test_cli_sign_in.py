"""The command line signs in when the database has accounts: `python -m hubdesk` in a subprocess
on a real SQLite file, as a person or a script runs it (issue 15, finding 4: it always acted as
an administrator).

Who acts is read back from the audit trail the command wrote.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select as sql_select

from hubdesk.db.audit import os_actor
from hubdesk.db.database import open_database
from hubdesk.db.enums import Role
from hubdesk.db.schema import AuditEvent, Organization
from hubdesk.domain.accounts import create_user
from hubdesk.domain.identifiers import business_no_check_digit
from hubdesk.domain.sign_in_throttle import os_account_name
from hubdesk.interchange.exporter import export_rows
from tests.integration.test_cli import AT_A_TERMINAL, ROOT, run

PASSWORDS = {"boss": "boss password", "kim": "kim password", "vera": "vera password"}
WRONG = "The user name or password is wrong. Check them and try again."


def make_database(tmp_path: Path, *accounts: tuple[str, Role]) -> Path:
    path = tmp_path / "hub.db"
    db = open_database(path)
    try:
        with db.write() as s:            # nobody signed in yet: the OS user, an administrator
            for name, role in accounts:
                create_user(s, username=name, display_name=name.title(), role=role, password=PASSWORDS[name])
    finally:
        db.dispose()
    return path


def members_file(tmp_path: Path, n: int = 1) -> Path:
    def brn(i: int) -> str:
        first9 = f"{101 + i // 10000:03d}81{i % 10000:04d}"
        return first9 + str(business_no_check_digit(first9))

    src = tmp_path / f"members{n}.csv"
    export_rows(src, ["기업명", "사업자등록번호"], [[f"한빛생약 {n}", brn(n)]])
    return src


def who_imported(path: Path) -> tuple[int, set[str]]:
    """How many organizations there are, and who the audit trail says created them."""
    db = open_database(path)
    try:
        with db.read() as s:
            count = s.scalar(sql_select(func.count()).select_from(Organization))
            actors = set(s.scalars(sql_select(AuditEvent.actor).where(AuditEvent.entity == "organization")))
            return count, actors
    finally:
        db.dispose()


def as_person(name: str | None = None, password: str | None = None, **more: str) -> dict[str, str]:
    env = dict(more)
    if name is not None:
        env["HUBDESK_USER"] = name
    if password is not None:
        env["HUBDESK_PASSWORD"] = password
    return env


@pytest.fixture(autouse=True)
def _no_credentials_inherited(monkeypatch):
    for name in ("HUBDESK_USER", "HUBDESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def test_without_accounts_the_command_line_acts_as_the_os_user_as_before(tmp_path):
    db = make_database(tmp_path)
    result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path)), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert who_imported(db) == (1, {os_actor()})


def test_a_password_from_the_environment_signs_in_and_the_command_acts_as_that_person(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN), ("kim", Role.STAFF))
    result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path, 1)), tmp_path=tmp_path,
                 env=as_person("kim", PASSWORDS["kim"]))
    assert result.returncode == 0, result.stderr
    result = run("--db", str(db), "--user", "BOSS", "import", "organizations", str(members_file(tmp_path, 2)),
                 tmp_path=tmp_path, env=as_person(password=PASSWORDS["boss"]))
    assert result.returncode == 0, result.stderr
    assert who_imported(db) == (2, {"kim", "boss"})


def test_a_wrong_password_and_an_unknown_name_are_refused_alike_with_exit_2(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN))
    answers = []
    for name in ("boss", "nobody"):
        result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path)), tmp_path=tmp_path,
                     env=as_person(name, "not the password"))
        answers.append((result.returncode, result.stdout, result.stderr.strip()))
    assert answers[0] == answers[1] == (2, "", WRONG)
    assert who_imported(db) == (0, set())


def test_a_script_without_credentials_is_told_how_to_sign_in(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN))
    result = run("--db", str(db), "export", "organizations", str(tmp_path / "out.xlsx"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "This database has accounts: sign in to use it." in result.stderr
    assert "--user NAME" in result.stderr and "HUBDESK_PASSWORD" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
    result = run("--db", str(db), "export", "organizations", str(tmp_path / "out.xlsx"), tmp_path=tmp_path,
                 env=as_person("boss"))
    assert (result.returncode, result.stderr.strip()) == (
        2, "There is no terminal to ask for the password of boss. Give it in HUBDESK_PASSWORD.")
    # commands that open no database, and check, ask nothing
    assert run("--db", str(db), "check", tmp_path=tmp_path).returncode == 0
    assert run("template", "organizations", str(tmp_path / "t.xlsx"), tmp_path=tmp_path).returncode == 0


def test_a_viewer_can_read_but_cannot_import_or_restore(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN), ("vera", Role.VIEWER))
    vera, boss = as_person("vera", PASSWORDS["vera"]), as_person("boss", PASSWORDS["boss"])
    result = run("--db", str(db), "export", "organizations", str(tmp_path / "out.xlsx"), tmp_path=tmp_path, env=vera)
    assert result.returncode == 0, result.stderr
    result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path)), tmp_path=tmp_path, env=vera)
    assert result.returncode == 1
    assert "Your role (viewer) does not allow changing organizations." in result.stdout + result.stderr
    assert who_imported(db) == (0, set())

    backup = tmp_path / "before.db"
    assert run("--db", str(db), "backup", "--out", str(backup), tmp_path=tmp_path, env=boss).returncode == 0
    assert run("--db", str(db), "import", "organizations", str(members_file(tmp_path)), tmp_path=tmp_path,
               env=boss).returncode == 0
    result = run("--db", str(db), "restore", str(backup), tmp_path=tmp_path, env=vera)
    assert (result.returncode, result.stderr.strip()) == (1, "Only an administrator can restore a backup.")
    assert who_imported(db) == (1, {"boss"})                    # not rewound
    result = run("--db", str(db), "restore", str(backup), tmp_path=tmp_path, env=boss)
    assert result.returncode == 0, result.stderr
    assert who_imported(db) == (0, set())


def test_an_os_account_mapped_by_an_administrator_signs_in_without_a_password(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN), ("kim", Role.STAFF))
    me = os_account_name()
    result = run("--db", str(db), "users", "map-os-account", "kim", me, tmp_path=tmp_path,
                 env=as_person("kim", PASSWORDS["kim"]))
    assert result.returncode == 1
    assert "Your role (staff) does not allow changing user accounts." in result.stderr
    result = run("--db", str(db), "users", "map-os-account", "kim", me, tmp_path=tmp_path,
                 env=as_person("boss", PASSWORDS["boss"]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"The command line run by the operating-system account {me} now acts as kim."
    assert run("--db", str(db), "users", "map-os-account", "boss", "boss-os", tmp_path=tmp_path,
               env=as_person("boss", PASSWORDS["boss"])).returncode == 0

    # no password asked; and the USER variable does not make anyone the mapped boss-os
    spoof = {"USER": "boss-os", "LOGNAME": "boss-os", "USERNAME": "boss-os"}
    result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path)), tmp_path=tmp_path,
                 env=spoof)
    assert result.returncode == 0, result.stderr
    assert who_imported(db) == (1, {"kim"})

    assert run("--db", str(db), "users", "map-os-account", "kim", "--remove", tmp_path=tmp_path,
               env=as_person("boss", PASSWORDS["boss"])).returncode == 0
    result = run("--db", str(db), "import", "organizations", str(members_file(tmp_path, 2)), tmp_path=tmp_path)
    assert result.returncode == 2 and "sign in to use it" in result.stderr
    assert who_imported(db) == (1, {"kim"})


# --- at a terminal ------------------------------------------------------------------------------

def _on_terminal(*args: str, tmp_path: Path, typed: list[bytes]) -> tuple[int, str]:
    """Run `hubdesk ARGS` with a pseudo-terminal as its controlling terminal, typing `typed` one
    entry at each prompt; returns the exit code and everything it wrote."""
    master, slave = os.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), HUBDESK_DATA_DIR=str(tmp_path / "userdata"), HUBDESK_LANG="en")
    env.pop("HUBDESK_DB", None)
    # a session of its own whose controlling terminal is the pseudo-terminal, and Ctrl+C as in a
    # person's terminal even when this test run was started with SIGINT ignored
    process = subprocess.Popen([sys.executable, str(AT_A_TERMINAL), "--tty", *args],
                               cwd=tmp_path, env=env, stdin=slave, stdout=slave, stderr=slave,
                               start_new_session=True, close_fds=True)
    os.close(slave)
    output = b""
    pending = list(typed)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith(b":"):
                time.sleep(0.3)                       # let the prompt turn echo off first
                os.write(master, pending.pop(0))
        elif process.poll() is not None:
            break
    code = process.wait(timeout=60)
    os.close(master)
    return code, output.decode("utf-8", "replace")


def test_at_a_terminal_the_password_is_asked_and_not_shown(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN), ("kim", Role.STAFF))
    code, output = _on_terminal("--db", str(db), "import", "organizations", str(members_file(tmp_path)),
                                tmp_path=tmp_path, typed=[b"kim\n", b"kim password\n"])
    assert code == 0, output
    assert "User name:" in output and "Password for kim:" in output
    assert "kim password" not in output                    # not echoed
    assert who_imported(db) == (1, {"kim"})


def test_ctrl_c_at_the_password_prompt_exits_130_quietly(tmp_path):
    db = make_database(tmp_path, ("boss", Role.ADMIN))
    code, output = _on_terminal("--db", str(db), "--user", "boss", "import", "organizations",
                                str(members_file(tmp_path)), tmp_path=tmp_path, typed=[b"\x03"])
    assert code == 130, output
    assert "Traceback" not in output and "Error" not in output
    assert who_imported(db) == (0, set())


@pytest.mark.parametrize("name", ["²", "\u202e", "1" * 400, "'; DROP TABLE app_user; --", "Boss\t"])
def test_any_name_given_gets_the_sentence_and_exit_2(tmp_path, name):
    db = make_database(tmp_path, ("boss", Role.ADMIN))
    result = run("--db", str(db), "--user", name, "check", tmp_path=tmp_path)   # check asks nothing
    assert result.returncode == 0
    result = run("--db", str(db), "--user", name, "export", "organizations", str(tmp_path / "o.xlsx"),
                 tmp_path=tmp_path, env=as_person(password="wrong"))
    assert (result.returncode, result.stderr.strip()) == (2, WRONG)
