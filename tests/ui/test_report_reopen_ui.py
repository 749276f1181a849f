"""Reopening an issued quarter from the Reports screen: the button is there for administrators on
an issued quarter, asks for the reason, refuses a blank one, and the next issue is revision 2."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select


@pytest.fixture
def view(qtbot, small_db):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.reports.view import ReportsView

    v = ReportsView(AppContext(db=small_db, user_name="Tester"))
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    return v


def test_an_administrator_reopens_an_issued_quarter_with_a_reason(monkeypatch, view, small_db, shown_messages):
    from hubdesk.db.audit import set_actor
    from hubdesk.db.schema import AuditEvent, ReportReopening
    from hubdesk.domain import report_lock
    from hubdesk.ui.reports import dialog

    q = view.quarter()
    assert not view.reopen_button.isEnabled()                       # not issued: nothing to reopen
    with small_db.write() as s:
        report_lock.issue_quarter(s, q, today=view.today)
    view._update_state()
    assert view.reopen_button.isEnabled() and view.reopen_button.text() == "Reopen quarter…"
    set_actor("mina", "manager")
    try:
        view._update_state()
        assert not view.reopen_button.isEnabled()
        assert "Only an administrator" in view.reopen_button.toolTip()
    finally:
        set_actor(None)
    view._update_state()

    asked = []
    monkeypatch.setattr(dialog, "ask_reopen_reason", lambda parent, text: asked.append(text) or None)
    assert view.reopen_quarter() is False and asked == [f"{q.year} Q{q.quarter}"]   # cancelled
    monkeypatch.setattr(dialog, "ask_reopen_reason", lambda parent, text: "   ")
    assert view.reopen_quarter() is False
    assert f"Say why {q} is reopened" in shown_messages[-1][1]
    assert "was issued on" in view.lock_label.text()

    monkeypatch.setattr(dialog, "ask_reopen_reason", lambda parent, text: "Hanbang Bio's sales were corrected")
    assert view.reopen_quarter() is True
    assert "Not issued yet" in view.lock_label.text() and not view.reopen_button.isEnabled()
    with small_db.read() as s:
        assert s.scalar(select(ReportReopening.reason)) == "Hanbang Bio's sales were corrected"
        event = s.scalar(select(AuditEvent).where(AuditEvent.entity == "report_reopening"))
        assert event.after["reason"] == "Hanbang Bio's sales were corrected"

    monkeypatch.setattr(dialog, "confirm_issue", lambda parent, text: True)
    view.choose(lang="en")
    assert view.issue_report() and view.wait_idle(90000)
    assert view.last_error is None, view.last_error
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-l", "1", str(view.pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Revision 2" in text
