"""Fault injection on every output writer (issue 15, done-when): a report, an export, a KPI
request, a calendar and a backup that fail at the last steps of their write (giving the written
file its mode, renaming it into place) or are killed while writing leave the database intact,
the file that was at the target untouched, and no half-written file under the target's name;
the person gets a sentence and a non-zero exit."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from hubdesk import output_files
from hubdesk.cli import main as cli_main
from tests.integration.test_cli import ROOT, run

WRITERS = {
    "report": ("report", "quarterly", "--quarter", "2026Q3", "--out", "{out}.pdf"),
    "export": ("export", "organizations", "{out}.xlsx"),
    "kpi-request": ("export", "kpi-request", "--quarter", "2026Q3", "--org", "1", "{out}.xlsx"),
    "calendar": ("calendar", "--resource", "1", "--out", "{out}.ics"),
    "backup": ("backup", "--out", "{out}.db"),
}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    db = folder / "t.db"
    assert run("--db", str(db), "demo", "--size", "small", "--seed", "5", tmp_path=folder).returncode == 0
    return db


def _args(db, writer: str, out) -> list[str]:
    return ["--db", str(db), *[a.format(out=out) for a in WRITERS[writer]]]


def _target(args: list[str]):
    from pathlib import Path

    return Path(next(a for a in args if a.endswith((".pdf", ".xlsx", ".ics", ".db")) and a != args[1]))


def _intact(db, folder) -> None:
    result = run("--db", str(db), "check", tmp_path=folder)
    assert result.returncode == 0, result.stdout + result.stderr


def _failing(*_args, **_kwargs):
    raise OSError(errno.EIO, "Input/output error (injected)")


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("step", ["chmod", "replace"])
def test_a_writer_failing_at_its_last_steps_keeps_the_old_file_and_the_database(office, tmp_path, monkeypatch,
                                                                               capsys, writer, step):
    monkeypatch.setenv("HUBDESK_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("HUBDESK_LANG", "en")
    args = _args(office, writer, tmp_path / "out")
    target = _target(args)
    target.write_bytes(b"the file that was there")
    monkeypatch.setattr(output_files.os, step, _failing)
    code = cli_main(args)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err and "Input/output error" in err, err
    assert target.read_bytes() == b"the file that was there"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == [target.name]
    _intact(office, tmp_path)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_writer_killed_while_writing_leaves_the_database_and_the_old_file(office, tmp_path, writer):
    """SIGKILL as soon as the temporary file beside the target appears: what was at the target
    is still there, whole, and the database passes its check."""
    args = _args(office, writer, tmp_path / "out")
    target = _target(args)
    target.write_bytes(b"the file that was there")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HUBDESK_DATA_DIR=str(tmp_path / "userdata"), HUBDESK_LANG="en",
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "hubdesk", *args], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith(".hubdesk-") for p in tmp_path.iterdir()):
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    print(writer, "killed while writing" if killed else "finished before the kill")
    if killed:
        assert target.read_bytes() == b"the file that was there"
    else:      # it finished before the kill landed: then the new file is whole
        assert proc.returncode == 0 and target.read_bytes() != b"the file that was there"
    _intact(office, tmp_path)
