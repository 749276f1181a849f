"""Reopening an issued quarter from the command line: administrators only, with a reason that is
audited; the next issue prints "Revision 2" on the report's cover (read back with pdftotext)."""

from __future__ import annotations

import subprocess

from sqlalchemy import select

from hubdesk.db.database import open_database
from hubdesk.db.schema import AuditEvent, IssuedReport, ReportReopening
from tests.integration.test_cli import run


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_report_reopen_on_the_command_line(tmp_path):
    db_path = str(tmp_path / "office.db")
    result = run("--db", db_path, "report", "reopen", "--quarter", "2026Q1", "--reason", "typo", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "The report of 2026Q1 was not issued, so there is nothing to reopen." in result.stderr + result.stdout

    first = tmp_path / "q1.pdf"
    result = run("--db", db_path, "report", "quarterly", "--quarter", "2026Q1", "--issue", "--out", str(first),
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Revision" not in pdf_text(first)

    result = run("--db", db_path, "report", "reopen", "--quarter", "2026Q1", tmp_path=tmp_path)
    assert result.returncode == 1 and "Say why 2026Q1 is reopened" in result.stderr + result.stdout
    result = run("--db", db_path, "report", "reopen", "--quarter", "2026Q1", "--reason", "  ", tmp_path=tmp_path)
    assert result.returncode == 1
    assert run("--db", db_path, "report", "reopen", "--reason", "x", tmp_path=tmp_path).returncode == 2
    assert run("--db", db_path, "report", "reopen", "--quarter", "2026-13", "--reason", "x",
               tmp_path=tmp_path).returncode == 1

    reason = "Sales of Hanbit Bio were entered twice"
    result = run("--db", db_path, "report", "reopen", "--quarter", "2026Q1", "--reason", reason, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Reopened 2026Q1" in result.stdout and "revision 2" in result.stdout

    second = tmp_path / "q1-r2.pdf"
    result = run("--db", db_path, "--lang", "en", "report", "quarterly", "--quarter", "2026Q1", "--issue",
                 "--out", str(second), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Revision 2" in pdf_text(second)
    korean = tmp_path / "q1-ko.pdf"
    assert run("--db", db_path, "report", "quarterly", "--quarter", "2026Q1", "--lang", "ko", "--out", str(korean),
               tmp_path=tmp_path).returncode == 0
    assert "개정 2판" in pdf_text(korean)
    vietnamese = tmp_path / "q1-vi.pdf"
    assert run("--db", db_path, "report", "quarterly", "--quarter", "2026Q1", "--lang", "vi", "--out",
               str(vietnamese), tmp_path=tmp_path).returncode == 0
    assert "Phiên bản 2" in pdf_text(vietnamese)

    db = open_database(db_path)
    try:
        with db.read() as s:
            reopening = s.scalar(select(ReportReopening))
            assert (reopening.year, reopening.quarter, reopening.revision, reopening.reason) == (2026, 1, 1, reason)
            assert reopening.reopened_by.startswith("os:")
            assert s.scalar(select(IssuedReport.revision)) == 2
            audited = s.scalar(select(AuditEvent).where(AuditEvent.entity == "report_reopening"))
            assert audited is not None and audited.after["reason"] == reason
    finally:
        db.dispose()
