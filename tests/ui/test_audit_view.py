"""The audit-trail browser: additions, changes and deletions with their fields before and after,
filters and search in SQL, export of the filtered list, and nothing that could edit the trail."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from hubdesk.db import audit
from hubdesk.db.enums import OrgKind, Role
from hubdesk.db.schema import Organization


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    audit.set_actor(None)
    yield
    audit.set_actor(None)


def make_trail(db):
    """kim adds, renames and deletes an organization; lee adds another one."""
    with audit.acting_as("kim", Role.STAFF), db.write() as s:
        org = Organization(name="한방바이오", kind=OrgKind.COMPANY, region="Jecheon")
        s.add(org)
    with audit.acting_as("kim", Role.STAFF), db.write() as s:
        s.scalar(select(Organization).where(Organization.name == "한방바이오")).name = "한방바이오 주식회사"
    with audit.acting_as("lee", Role.STAFF), db.write() as s:
        s.add(Organization(name="Saigon Herbal JSC", kind=OrgKind.FOREIGN_PARTNER))
    with audit.acting_as("kim", Role.STAFF), db.write() as s:
        s.delete(s.scalar(select(Organization).where(Organization.name == "한방바이오 주식회사")))
    return db


@pytest.fixture
def trail(db):
    return make_trail(db)


@pytest.fixture
def view(qtbot, trail):
    from hubdesk.ui.audit.view import AuditView
    from hubdesk.ui.context import AppContext

    audit.set_actor("boss", Role.ADMIN)
    v = AuditView(AppContext(db=trail))
    qtbot.addWidget(v)
    v.resize(1300, 700)
    return v


def column(model, col):
    return [model.index(r, col).data() for r in range(model.rowCount())]


def choose(combo, value):
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def changes(view):
    m = view.changes_model
    return {m.index(r, 0).data(): (m.index(r, 1).data(), m.index(r, 2).data()) for r in range(m.rowCount())}


def test_lists_additions_changes_and_deletions_with_fields_before_and_after(view):
    m = view.model
    assert m.rowCount() == 4
    assert column(m, m.COL_ACTION) == ["Deleted", "Added", "Changed", "Added"]   # newest first
    assert column(m, m.COL_ACTOR) == ["kim", "lee", "kim", "kim"]
    assert set(column(m, m.COL_ENTITY)) == {"Organization"}
    assert column(m, m.COL_CHANGES)[2] == "Name: 한방바이오 → 한방바이오 주식회사"

    view.select_row(2)                                  # the change: only the changed field
    assert changes(view) == {"Name": ("한방바이오", "한방바이오 주식회사")}
    assert view.detail_title.text().startswith("Changed Organization no. ")
    view.select_row(3)                                  # the addition: after only
    added = changes(view)
    assert added["Name"] == ("", "한방바이오") and added["Region"] == ("", "Jecheon")
    view.select_row(0)                                  # the deletion: before only
    deleted = changes(view)
    assert deleted["Name"] == ("한방바이오 주식회사", "") and deleted["Kind"] == ("Company", "")
    assert deleted["uid"][0] and deleted["uid"][1] == ""       # fields without a screen name show as stored


def test_filters_by_actor_kind_action_dates_and_text(view):
    m = view.model
    choose(view.actor_combo, "kim")
    assert m.rowCount() == 3 and set(column(m, m.COL_ACTOR)) == {"kim"}
    choose(view.action_combo, "update")
    assert m.rowCount() == 1
    view.action_combo.setCurrentIndex(0)
    view.actor_combo.setCurrentIndex(0)
    assert m.rowCount() == 4
    choose(view.entity_combo, "organization")
    assert view.entity_combo.currentText() == "Organization" and m.rowCount() == 4

    today = dt.datetime.now(dt.timezone.utc).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul")).date()
    view.from_edit.set_value(today)
    view.to_edit.set_value(today)
    assert m.rowCount() == 4
    view.from_edit.set_value(today + dt.timedelta(days=1))
    assert m.rowCount() == 0
    view.from_edit.set_value(None)
    view.to_edit.set_value(None)

    view.search_edit.setText("주식회사")                  # Korean inside the stored JSON
    view.search_edit.flush()
    assert m.rowCount() == 2                              # the rename and the deletion
    view.search_edit.setText("SAIGON")
    view.search_edit.flush()
    assert column(m, m.COL_ACTOR) == ["lee"]
    view.search_edit.setText("50%_\\")
    view.search_edit.flush()
    assert m.rowCount() == 0


def test_nothing_can_edit_the_trail(view):
    for name in ("new_record", "save", "delete", "delete_selected", "edit"):
        assert not hasattr(view, name)
    texts = sorted(b.text() for b in view.findChildren(QPushButton))
    assert texts == ["Export…", "Refresh"]
    for model in (view.model, view.changes_model):
        view.select_row(0)
        assert model.rowCount() > 0
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                assert not model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable
    assert view.table.editTriggers() == view.table.EditTrigger.NoEditTriggers


def test_export_writes_the_filtered_rows_with_before_and_after(view, tmp_path, monkeypatch):
    from hubdesk.ui.audit import view as audit_view

    out = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_view, "ask_export_path", lambda parent: str(out))
    choose(view.actor_combo, "kim")
    view.export_current()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["When", "Who", "Action", "Record kind", "Record", "Changes", "Before", "After"]
    assert len(rows) == 1 + 3 and {r[1] for r in rows[1:]} == {"kim"}
    change = next(r for r in rows[1:] if r[2] == "Changed")
    assert '"한방바이오"' in change[6] and '"한방바이오 주식회사"' in change[7]


def test_audit_models_pass_qtmodeltester(qtmodeltester, view):
    qtmodeltester.check(view.model)
    view.select_row(3)
    qtmodeltester.check(view.changes_model)


def test_the_model_filters_and_searches_alike_on_sqlite_and_postgresql(qtbot, any_db):
    from hubdesk.ui.audit.table_model import AuditTableModel

    make_trail(any_db)
    model = AuditTableModel(any_db)
    model.ensure_loaded()
    assert model.rowCount() == 4
    model.set_filter("actor", "kim")
    assert model.rowCount() == 3
    model.set_filter("actor", None)
    model.set_search("주식회사")
    assert model.rowCount() == 2
    model.set_search("saigon")
    assert [model.index(r, model.COL_ACTOR).data() for r in range(model.rowCount())] == ["lee"]
    model.set_search("")
    model.set_filter("action", "delete")
    assert model.rowCount() == 1 and model.index(0, model.COL_RECORD).data().endswith("한방바이오 주식회사")


def test_searches_that_ended_in_a_traceback_find_nothing_instead(qtbot, any_db):
    """Issue 15, finding 7: "²" is a digit to str.isdigit but not to int() (ValueError), twenty digits
    overflowed the id column, and a NUL in any list search was a DataError on PostgreSQL. Each now
    just searches; a record number still finds its record, in the audit trail and in the
    organization list (it shares the search of ui/common/list_filters.py)."""
    from hubdesk.ui.audit.table_model import AuditTableModel
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    make_trail(any_db)
    with any_db.read() as s:
        lee_org = s.scalar(select(Organization.id).where(Organization.name == "Saigon Herbal JSC"))
    model = AuditTableModel(any_db)
    model.ensure_loaded()
    for text in ("²", "9" * 20, "١٢٣", "sai\x00gon"):
        model.set_search(text)
        assert model.rowCount() == (1 if text == "sai\x00gon" else 0), text
    model.set_search(f" {lee_org} ")                     # a record number finds that record
    assert any("Saigon Herbal JSC" in model.index(r, model.COL_RECORD).data() for r in range(model.rowCount()))
    orgs = OrganizationsTableModel(any_db)                 # the organization list, through the same search
    orgs.ensure_loaded()
    for text, found in (("²", 0), ("9" * 20, 0), ("sai\x00gon", 1), ("\x00", 1)):
        orgs.set_search(text)
        assert orgs.rowCount() == found, text
