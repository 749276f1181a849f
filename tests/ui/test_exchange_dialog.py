"""File ▸ Exchange with other PCs…: a real window on two real databases. A package is previewed
(nothing written), then applied; a conflict is shown field by field and resolved with one field
taken from the other PC; the menu opens the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hubdesk.db.schema import Organization
from tests.exchange_sites import Site, joined_pair, table_counts


def two_pcs(folder: Path, template: Path) -> tuple[Site, Site, Path]:
    """A and B from one start, the same organization renamed on both, and A's package for B."""
    a, b = joined_pair(folder, template)
    for site, name, web in ((a, "Hanbit Bio (cluster)", "https://cluster.example"),
                            (b, "Hanbit Bio (GMP)", "https://gmp.example")):
        with site.db.write() as s:
            org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
            org.name, org.website = name, web
    with a.db.write() as s:
        s.add(Organization(name="Made at the cluster office", kind="company"))
    return a, b, a.export(to=b)


@pytest.fixture
def sites(tmp_path, _migrated_sqlite_template):
    a, b, package = two_pcs(tmp_path, _migrated_sqlite_template)
    yield a, b, package
    a.db.dispose()
    b.db.dispose()


def test_a_package_is_previewed_then_applied_and_a_conflict_resolved_field_by_field(qtbot, sites, monkeypatch):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.exchange import dialog as exchange_dialog

    a, b, package = sites
    context = AppContext(db=b.db, user_name="Tester")
    window = exchange_dialog.ExchangeDialog(context)
    qtbot.addWidget(window)
    assert window.conflict_list.count() == 0
    previews = []

    def cancel_first(summary, parent):
        previews.append(exchange_dialog.summary_lines(summary))
        return len(previews) > 1

    monkeypatch.setattr(exchange_dialog, "choose_package_to_open", lambda parent: str(package))
    monkeypatch.setattr(exchange_dialog, "ask_to_apply", cancel_first)
    before = table_counts(b.db)
    window.apply_package()                        # previewed, then cancelled: nothing written
    assert table_counts(b.db) == before
    assert "organization: 1 new, 0 changed, 0 removed" in previews[0]
    assert any("changed on both PCs" in line for line in previews[0])
    window.apply_package()                        # previewed again, then applied
    with b.db.read() as s:
        assert s.scalar(select(Organization.id).where(Organization.name == "Made at the cluster office"))
    assert window.conflict_list.count() == 1
    shown = {window.fields.item(i, 0).text(): (window.fields.item(i, 1).text(), window.fields.item(i, 2).text())
             for i in range(window.fields.rowCount())}
    # the fields by the names the forms use, not the stored column names
    assert shown["Name"] == ("Hanbit Bio (GMP)", "Hanbit Bio (cluster)")
    assert shown["Website"] == ("https://gmp.example", "https://cluster.example")
    assert window.detail.text() == "Changed on both PCs: Name, Website"
    row = next(i for i in range(window.fields.rowCount()) if window.fields.item(i, 0).text() == "Website")
    window.take.setCurrentIndex(window.take.findData("mine"))
    choice = window.fields.cellWidget(row, 3)
    choice.setCurrentIndex(choice.findData("theirs"))
    window.resolve()
    assert window.conflict_list.count() == 0
    with b.db.read() as s:
        org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio (GMP)")).one()
        assert org.website == "https://cluster.example"
    # the decision travels: A takes it and both hold the same records
    a.apply(b.export(to=a))
    assert a.conflicts() == [] and a.snapshot() == b.snapshot()


def test_the_file_menu_opens_the_exchange_window(main_window, monkeypatch):
    from hubdesk.ui.exchange import dialog as exchange_dialog

    opened = []
    monkeypatch.setattr(exchange_dialog.ExchangeDialog, "exec", lambda self: opened.append(self) or 0)
    action = main_window.actions_by_name["exchange"]
    assert action in main_window.file_menu.actions()
    action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Exchange with other PCs"
