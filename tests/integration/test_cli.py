"""The command line as a person runs it: `python -m hubdesk` in a subprocess, real files.

Exit codes: 0 success, 1 a data problem with a sentence naming what and where, 2 wrong usage,
and never a traceback for something a user can cause.
Tests run as root in CI, where permission bits do not stop anybody: "a folder you cannot write
to" is exercised with a path below a regular file and with /proc, which refuse even root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hubdesk import __version__
from tests.checks import another_programs_database, digest, schema_revision, set_schema_revision

ROOT = Path(__file__).resolve().parents[2]
# `python AT_A_TERMINAL ARGS` is `python -m hubdesk ARGS` started as a person's terminal starts it
AT_A_TERMINAL = ROOT / "tests" / "as_at_a_terminal.py"


def run(*args: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 300):
    full_env = dict(os.environ)
    full_env.pop("HUBDESK_DB", None)
    full_env.update({
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "HUBDESK_DATA_DIR": str(tmp_path / "userdata"),
        "HUBDESK_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen",
    })
    full_env.update(env or {})
    result = subprocess.run([sys.executable, "-m", "hubdesk", *args], cwd=tmp_path, env=full_env,
                            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def test_version_is_fast_and_loads_no_database_code(tmp_path):
    result = run("--version", tmp_path=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"hubdesk {__version__}"
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from hubdesk.cli import main; main(['--version']); "
                               "print(sorted(m for m in ('sqlalchemy', 'PySide6', 'alembic') if m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip().splitlines()[-1] == "[]"


HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "openpyxl")


def test_help_of_every_sub_command_loads_no_heavy_library():
    """The registry's rule: command modules import what is heavy inside run(), so the parser (and
    with it --help, usage errors and --lang --version) builds fast."""
    script = ("import sys\n"
              "from hubdesk import cli\n"
              "parser = cli.build_parser(cli.load_commands())\n"
              "for name in cli.load_commands():\n"
              "    try:\n"
              "        cli.main([name, '--help'])\n"
              "    except SystemExit:\n"
              "        pass\n"
              f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    probe = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                           timeout=120, env={**os.environ, "HUBDESK_LANG": "en"})
    assert probe.returncode == 0, probe.stderr
    assert probe.stderr.strip().splitlines()[-1] == "[]"


def test_help_lists_the_sub_commands(tmp_path):
    result = run("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for word in ("demo", "check", "--db", "--lang", "--demo", "--version"):
        assert word in result.stdout


@pytest.mark.parametrize("args", [
    ["no-such-command"],
    ["--lang", "fr", "check"],
    ["demo", "--size", "enormous"],
    ["demo", "--seed", "many"],
    ["--demo", "check"],
    ["--demo", "--db", "x.db"],
    ["check", "--db", "x.db"],  # global options go before the sub-command
])
def test_wrong_usage_exits_2(tmp_path, args):
    result = run(*args, tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr


@pytest.mark.slow
def test_demo_small_then_check_is_healthy(tmp_path):
    target = tmp_path / "t.db"
    demo = run("--db", str(target), "demo", "--size", "small", tmp_path=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert str(target) in demo.stdout
    check = run("--db", str(target), "check", tmp_path=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "healthy" in check.stdout


def test_check_refuses_a_text_file_and_leaves_it_unchanged(tmp_path):
    target = tmp_path / "not-a-db.txt"
    target.write_text("name,amount\nBio Co.,1000\n")
    before = digest(target)
    result = run("--db", str(target), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert str(target) in result.stderr and "not a hubdesk database" in result.stderr
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["not-a-db.txt"]


def test_check_on_a_missing_file_creates_nothing(tmp_path):
    target = tmp_path / "missing.db"
    result = run("--db", str(target), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"There is no database at {target}" in result.stderr
    assert not target.exists()


def test_check_on_a_folder_is_a_sentence(tmp_path):
    result = run("--db", str(tmp_path), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path} is a folder, not a database file" in result.stderr


def test_check_uses_hubdesk_db_then_the_default_file(tmp_path):
    from_env = tmp_path / "from-env.db"
    result = run("check", tmp_path=tmp_path, env={"HUBDESK_DB": str(from_env)})
    assert result.returncode == 1 and str(from_env) in result.stderr
    result = run("check", tmp_path=tmp_path)
    assert result.returncode == 1 and str(tmp_path / "userdata" / "hubdesk.db") in result.stderr


def test_check_refuses_another_programs_sqlite_file_unchanged(tmp_path):
    target = another_programs_database(tmp_path / "recipes.db")
    before = digest(target)
    result = run("--db", str(target), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "not a hubdesk database" in result.stderr
    assert digest(target) == before


def test_check_refuses_a_damaged_database(tmp_path):
    from hubdesk.db.database import open_database

    target = tmp_path / "damaged.db"
    open_database(target).dispose()
    data = bytearray(target.read_bytes())
    data[4096:12288] = b"\xab" * 8192  # overwrite whole pages after the header page
    target.write_bytes(bytes(data))
    result = run("--db", str(target), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert str(target) in result.stderr


def test_check_refuses_a_newer_schema_unchanged(tmp_path):
    from hubdesk.db.database import open_database

    target = tmp_path / "newer.db"
    open_database(target).dispose()
    set_schema_revision(target)
    before = digest(target)
    result = run("--db", str(target), "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "newer version of hubdesk" in result.stderr
    assert digest(target) == before


def test_check_reports_a_needed_migration_without_migrating(tmp_path, monkeypatch, capsys):
    """In-process: a test-only next revision makes today's head an older schema."""
    from hubdesk import cli, paths
    from hubdesk.db import migrate
    from hubdesk.db.database import open_database

    target = tmp_path / "older.db"
    open_database(target).dispose()
    before = digest(target)
    folder = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_test_next.py").write_text(
        f'revision = "9000_test_next"\ndown_revision = "{migrate.HEAD_REVISION}"\n'
        "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n")
    monkeypatch.setattr(paths, "migrations_dir", lambda: folder)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000_test_next")

    assert cli.main(["--db", str(target), "check"]) == 1
    err = capsys.readouterr().err
    assert "older than this hubdesk's 9000_test_next" in err and str(target) in err
    assert digest(target) == before
    assert not list(tmp_path.glob("*.before-migration-*"))


def test_check_on_postgresql(tmp_path, pg_url):
    from hubdesk.db.database import open_database

    empty = run("--db", pg_url, "check", tmp_path=tmp_path)
    assert empty.returncode == 1 and "schema" in empty.stderr
    open_database(pg_url).dispose()
    result = run("--db", pg_url, "check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "healthy" in result.stdout


@pytest.mark.parametrize("url, sentence", [
    ("mysql://user@host/db", "cannot use a database of type mysql"),
    ("postgresql+asyncpg://user@127.0.0.1/db", "cannot use a database of type postgresql+asyncpg"),
    ("file:///tmp/x.db", "cannot use a database of type file"),
    ("postgresql+psycopg://user@127.0.0.1:notaport/db", "is neither a file path nor a database URL"),
    ("://", "is neither a file path nor a database URL"),
])
@pytest.mark.parametrize("command", ["check", "demo"])
def test_unusable_url_is_a_sentence(tmp_path, url, sentence, command):
    result = run("--db", url, command, tmp_path=tmp_path)
    assert result.returncode == 1
    assert sentence in result.stderr


def test_unreachable_postgresql_server_is_a_sentence(tmp_path):
    result = run("--db", "postgresql+psycopg://nobody@127.0.0.1:9/none", "check", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Cannot reach the database server" in result.stderr


@pytest.mark.parametrize("where", ["below-a-file", "proc"])
def test_folder_that_cannot_be_written_is_a_sentence(tmp_path, where):
    if where == "below-a-file":
        blocker = tmp_path / "plain-file"
        blocker.write_text("not a folder")
        target = blocker / "sub" / "hubdesk.db"
    else:
        target = Path("/proc/hubdesk-test.db")
    result = run("--db", str(target), "demo", "--size", "small", tmp_path=tmp_path)
    assert result.returncode == 1
    assert str(target.parent) in result.stderr or str(target) in result.stderr
    assert not target.exists()


def test_desktop_app_opens_and_quits(tmp_path):
    target = tmp_path / "desk.db"
    result = run("--db", str(target), tmp_path=tmp_path, env={"HUBDESK_QUIT_AFTER_MS": "300"}, timeout=60)
    assert result.returncode == 0, result.stderr
    from hubdesk.db.migrate import HEAD_REVISION

    assert schema_revision(target) == HEAD_REVISION


def test_desktop_app_shows_a_database_problem_as_a_sentence(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("meeting notes")
    before = digest(target)
    result = run("--db", str(target), tmp_path=tmp_path, env={"HUBDESK_QUIT_AFTER_MS": "300"}, timeout=60)
    assert result.returncode == 1
    assert "not a hubdesk database" in result.stderr
    assert digest(target) == before


def test_messages_follow_lang(tmp_path):
    target = tmp_path / "missing.db"
    english = run("--db", str(target), "check", tmp_path=tmp_path)
    for lang in ("ko", "vi"):
        translated = run("--lang", lang, "--db", str(target), "check", tmp_path=tmp_path)
        assert translated.returncode == 1
        assert str(target) in translated.stderr
        assert translated.stderr != english.stderr


def test_interrupt_exits_130_quietly(tmp_path, monkeypatch, capsys):
    from hubdesk import cli
    from hubdesk.commands import check

    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "run", interrupted)
    assert cli.main(["--db", str(tmp_path / "x.db"), "check"]) == 130
    assert capsys.readouterr().err == ""


@pytest.mark.slow
def test_desktop_app_on_a_throw_away_demo_database(tmp_path):
    """`hubdesk --demo` fills a temporary database, shows the window, quits cleanly (also while
    background work is still running) and removes the temporary folder."""
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("hubdesk-demo-*"))
    result = run("--demo", tmp_path=tmp_path, env={"HUBDESK_QUIT_AFTER_MS": "200"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert set(Path(tempfile.gettempdir()).glob("hubdesk-demo-*")) <= before


def test_usage_errors_and_help_follow_lang(tmp_path):
    result = run("--lang", "ko", "no-such-command", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "사용법:" in result.stderr and "오류" in result.stderr
    result = run("--lang", "vi", "--help", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "cách dùng:" in result.stdout and "hiện trợ giúp này rồi thoát" in result.stdout
