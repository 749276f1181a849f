"""The Settings area: foundation, closure days, user classes and fees; mistakes shown as sentences."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def _settings_view(qtbot, context):
    from hubdesk.ui.settings.view import SettingsView

    view = SettingsView(context)
    qtbot.addWidget(view)
    return view


def test_foundation_name_and_time_zone_are_saved(qtbot, context, shown_messages):
    from hubdesk.ui.common.settings_store import get_setting

    view = _settings_view(qtbot, context)
    f = view.foundation
    f.name_edit.setText("")
    assert f.save() is False and "name" in shown_messages[-1][1]
    f.name_edit.setText("Jecheon Bio Foundation")
    f.zone_combo.setEditText("Mars/Olympus")
    assert f.save() is False and "Mars/Olympus" in shown_messages[-1][1]
    assert f.name_edit.text() == "Jecheon Bio Foundation"          # kept
    f.zone_combo.setCurrentIndex(f.zone_combo.findText("Asia/Ho_Chi_Minh"))
    assert f.save() is True
    assert get_setting(context.db, "foundation_name") == "Jecheon Bio Foundation"
    assert get_setting(context.db, "default_timezone") == "Asia/Ho_Chi_Minh"


def test_logo_is_chosen_through_the_replaceable_dialog(qtbot, context, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QPixmap

    from hubdesk.ui.common.settings_store import get_setting
    from hubdesk.ui.settings import dialog

    logo = tmp_path / "logo.png"
    pixmap = QPixmap(120, 40)
    pixmap.fill(QColor("#2563eb"))
    pixmap.save(str(logo))
    monkeypatch.setattr(dialog, "choose_logo_file", lambda parent: str(logo))
    view = _settings_view(qtbot, context)
    view.foundation.name_edit.setText("Foundation")
    view.foundation.logo_button.click()
    assert view.foundation.logo_preview.pixmap() is not None and not view.foundation.logo_preview.isHidden()
    view.save()
    assert get_setting(context.db, "foundation_logo") == str(logo)


def test_closure_days_are_added_refused_twice_and_removed(qtbot, context, shown_messages, monkeypatch):
    from hubdesk.ui.settings import dialog

    view = _settings_view(qtbot, context)
    c = view.closures
    c.day_edit.setDate(QDate(2026, 5, 15))
    c.name_edit.setText("Foundation anniversary")
    assert c.add() is True
    assert c.model.rowCount() == 1 and c.model.index(0, 1).data() == "Foundation anniversary"
    c.name_edit.setText("Again")
    assert c.add() is False and "Foundation anniversary" in shown_messages[-1][1]
    monkeypatch.setattr(dialog, "ask_confirmation", lambda parent, question: True)
    c.table.setCurrentIndex(c.model.index(0, 0))
    c.remove_selected()
    assert c.model.rowCount() == 0


def test_user_classes_and_fees(qtbot, context, shown_messages, monkeypatch):
    from hubdesk.ui.settings import dialog

    view = _settings_view(qtbot, context)
    u = view.classes
    assert not u.loaded                              # nothing read until the tab is shown
    view.show()
    view.tabs.setCurrentWidget(u)
    assert u.classes_model.index(0, 1).data() == "Member company"
    u.code_edit.setText("research")   # (the standard classes of a new database have "academic")
    u.class_name_edit.setText("Research institute")
    assert u.add_class() is True
    u.code_edit.setText("RESEARCH")
    u.class_name_edit.setText("Duplicate")
    assert u.add_class() is False and "RESEARCH" in shown_messages[-1][1]
    u.class_combo.setCurrentIndex(u.class_combo.findText("Member company"))
    u.fee_spin.setValue(150_000)
    assert u.set_rate() is True
    assert u.rates_model.rowCount() == 1
    assert u.rates_model.index(0, 4).data() == "₩150,000"
    u.fee_spin.setValue(120_000)
    assert u.set_rate() is True and u.rates_model.rowCount() == 1   # the same pair is updated
    # a class still given to an organization cannot be removed
    monkeypatch.setattr(dialog, "ask_confirmation", lambda parent, question: True)
    u.classes_table.setCurrentIndex(u.classes_model.index(
        [r["name"] for r in u.classes_model.rows()].index("Member company"), 0))
    u.remove_class()
    assert "Member company" in shown_messages[-1][1]


def test_settings_models_pass_the_model_tester(qtmodeltester, context):
    from sqlalchemy import select

    from hubdesk.db.schema import Resource, UserClass
    from hubdesk.domain.calendar import add_closure_day
    from hubdesk.domain.fees import set_rate
    from hubdesk.ui.settings import queries
    from hubdesk.ui.settings.table_model import (ClosureDaysTableModel, ResourceRatesTableModel,
                                                 UserClassesTableModel)

    with context.db.write() as s:
        add_closure_day(s, dt.date(2026, 12, 31), "Year end")
        set_rate(s, s.scalar(select(Resource.id)), s.scalar(select(UserClass.id)), 90_000)
    models = [ClosureDaysTableModel(queries.closure_days(context.db)),
              UserClassesTableModel(queries.user_classes(context.db)),
              ResourceRatesTableModel(queries.resource_rates(context.db))]
    for model in models:
        assert model.rowCount() >= 1   # one each, beside the standard user classes of a new database
        qtmodeltester.check(model, force_py=True)


def test_public_holidays_are_listed_beside_the_closure_days(qtbot, context):
    view = _settings_view(qtbot, context)
    c = view.closures
    view.show()
    view.tabs.setCurrentWidget(c)                    # read when the tab is shown
    c.year_spin.setValue(2026)
    days = [c.holidays_model.index(r, 1).data() for r in range(c.holidays_model.rowCount())]
    assert "New Year's Day" in days and len(days) >= 15
    context.set_language("ko")
    assert "신정연휴" in [c.holidays_model.index(r, 1).data() for r in range(c.holidays_model.rowCount())]
    context.set_language("en")


def test_the_invoicing_policy_is_saved_and_charges_by_it(qtbot, context):
    from hubdesk.domain.invoices import policy

    view = _settings_view(qtbot, context)
    assert view.tabs.tabText(3) == "Invoicing"
    w = view.invoicing
    view.show()
    view.tabs.setCurrentWidget(w)                    # read when the tab is shown
    assert (w.period_combo.currentData(), w.due_spin.value(), w.no_show_spin.value()) == ("quarter", 30, 100)
    w.period_combo.setCurrentIndex(w.period_combo.findData("month"))
    w.due_spin.setValue(14)
    w.late_hours_spin.setValue(24)
    w.late_share_spin.setValue(30)
    w.no_show_spin.setValue(70)
    assert w.save() is True
    with context.db.read() as s:
        rules = policy(s)
    assert (rules.period, rules.due_days, rules.late_hours, rules.late_share, rules.no_show_share) == (
        "month", 14, 24, 30, 70)
