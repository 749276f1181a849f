"""Facility licence alerts: 120 days ahead of expiry, cell processing facilities first."""

from __future__ import annotations

import datetime as dt

import pytest

from hubdesk.db.enums import FacilityKind
from hubdesk.db.schema import Facility
from hubdesk.domain.licences import licence_alerts, licence_valid
from hubdesk.i18n import language

TODAY = dt.date(2026, 11, 23)


def add(s, name, kind, days_left, licence_no="LIC-1"):
    expires = None if days_left is None else TODAY + dt.timedelta(days=days_left)
    f = Facility(name=name, kind=kind, licence_no=licence_no, licence_authority="MFDS",
                 licence_expires_on=expires)
    s.add(f)
    s.flush()
    return f


@pytest.mark.parametrize("days_left, alerted", [(121, False), (120, True), (0, True), (-1, True)])
def test_alert_boundary(db, days_left, alerted):
    with db.write() as s:
        f = add(s, "Cell Processing Facility 1", FacilityKind.CELL_PROCESSING, days_left)
        alerts = licence_alerts(s, today=TODAY)
    assert [a.facility_id for a in alerts] == ([f.id] if alerted else [])
    if alerted:
        a = alerts[0]
        assert a.days_left == days_left and a.expired is (days_left < 0)
        assert a.renewal_due_on == a.expires_on - dt.timedelta(days=120)
        assert "Cell Processing Facility 1" in a.message and a.licence_no == "LIC-1"
    if days_left == 120:
        assert "file it by Nov 23, 2026." in alerts[0].message  # the last filing day is today


def test_messages_say_what_to_do(db):
    with db.write() as s:
        add(s, "CPF soon", FacilityKind.CELL_PROCESSING, 100)
        add(s, "CPF one day", FacilityKind.CELL_PROCESSING, 1)
        add(s, "CPF today", FacilityKind.CELL_PROCESSING, 0)
        add(s, "CPF gone", FacilityKind.CELL_PROCESSING, -1)
        by = {a.facility_name: a.message for a in licence_alerts(s, today=TODAY)}
    assert "expires in 100 days" in by["CPF soon"]
    assert "Renewal must be filed at least 120 days before expiry" in by["CPF soon"]
    assert "it was due by Nov 3, 2026; file it now" in by["CPF soon"]   # filing date 20 days ago
    assert "expires in 1 day," in by["CPF one day"]
    assert "expires today" in by["CPF today"] and "120 days" in by["CPF today"]
    assert "expired on Nov 22, 2026" in by["CPF gone"] and "Do not manufacture there" in by["CPF gone"]


def test_message_follows_the_language(db):
    with db.write() as s:
        add(s, "CPF", FacilityKind.CELL_PROCESSING, 30)
        alert = licence_alerts(s, today=TODAY)[0]
    with language("ko"):
        korean = alert.message
    assert "2026" in korean and "CPF" in korean
    assert "Dec" not in korean  # the date is formatted for Korean even before the catalog is translated


def test_cell_processing_first_then_any_facility_soonest_first(any_db):
    with any_db.write() as s:
        plant = add(s, "GMP Plant", FacilityKind.GMP_PLANT, -10)
        cpf_late = add(s, "CPF B", FacilityKind.CELL_PROCESSING, 90)
        lab = add(s, "QC Lab", FacilityKind.QC_LAB, 5)
        cpf_soon = add(s, "CPF A", FacilityKind.CELL_PROCESSING, 10)
        add(s, "Pilot Plant", FacilityKind.PILOT_PLANT, 400)
        add(s, "No licence recorded", FacilityKind.PILOT_PLANT, None, licence_no=None)
    with any_db.read() as s:
        alerts = licence_alerts(s, today=TODAY)
        assert [a.facility_id for a in alerts] == [cpf_soon.id, cpf_late.id, plant.id, lab.id]
        assert [a.kind for a in alerts[:2]] == [FacilityKind.CELL_PROCESSING] * 2
        wider = licence_alerts(s, today=TODAY, within_days=400)
        assert len(wider) == 5


def test_licence_valid_until_and_including_the_expiry_day():
    f = Facility(name="CPF", kind=FacilityKind.CELL_PROCESSING, licence_expires_on=TODAY)
    assert licence_valid(f, TODAY)
    assert not licence_valid(f, TODAY + dt.timedelta(days=1))
    assert not licence_valid(Facility(name="X", kind=FacilityKind.QC_LAB), TODAY)
    assert not licence_valid(None, TODAY)
