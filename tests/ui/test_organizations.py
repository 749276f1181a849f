"""The Organizations area driven as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_models_pass_the_model_tester(qtmodeltester, context):
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    model.reload()
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    model.sort(OrganizationsTableModel.COL_REGION, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_search_filters_and_sort_in_sql(qtbot, context):
    from hubdesk.db.enums import OrgKind
    from hubdesk.ui.organizations.view import OrganizationsView

    view = OrganizationsView(context)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 5
    qtbot.keyClicks(view.search_edit, "bio")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, 0).data() == "한방바이오 주식회사"
    view.search_edit.clear()
    view.search_edit.flush()
    view.filter_combos["kind"].set_value(OrgKind.COMPANY)
    assert view.model.rowCount() == 2
    view.filter_combos["region"].set_value("Osong")
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["Cellgen Therapeutics"]
    assert "1" in view.count_label.text()
