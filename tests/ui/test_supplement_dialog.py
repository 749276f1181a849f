"""The supplement request dialog states the limits of hubdesk.domain.cases and proposes the
latest allowed due date."""

from __future__ import annotations


def test_the_supplement_dialog_explains_and_proposes_the_constants(qtbot, monkeypatch):
    import datetime as dt

    from hubdesk.ui.cases import dialog

    monkeypatch.setattr(dialog, "SUPPLEMENT_MAX_DAYS", 14)
    monkeypatch.setattr(dialog, "SUPPLEMENT_MAX_COUNT", 3)
    d = dialog.SupplementRequestDialog(dt.date(2026, 3, 2))
    qtbot.addWidget(d)
    assert "at most 14 days, and a case gets at most 3" in d.explain.text()
    assert d.value()[0] == dt.date(2026, 3, 16)
