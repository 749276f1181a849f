"""Settings through the domain: the foundation (domain.settings), closure days (domain.calendar),
user classes (domain.user_classes) and rates (domain.fees) — each check refuses with a sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.schema import ClosureDay, ResourceRate, Setting, UserClass
from hubdesk.domain import calendar, fees, settings, user_classes
from hubdesk.errors import DomainError
from tests.factories import booking_world, make_org, make_resource, make_user_class


def test_foundation_settings(db, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    with db.write() as s:
        with pytest.raises(DomainError, match="Enter the foundation's name") as exc:
            settings.save_foundation(s, " ", None, "Asia/Seoul")
        assert exc.value.field == "foundation_name"
        with pytest.raises(DomainError, match="Mars/Olympus") as exc:
            settings.save_foundation(s, "Foundation", None, "Mars/Olympus")
        assert exc.value.field == "default_timezone"
        with pytest.raises(DomainError, match="logo file .* does not exist"):
            settings.save_foundation(s, "Foundation", str(tmp_path / "none.png"), "Asia/Seoul")
        assert s.scalar(select(func.count()).select_from(Setting).where(Setting.key == settings.FOUNDATION_NAME)) == 0
        settings.save_foundation(s, " Jecheon Bio ", str(logo), "Asia/Ho_Chi_Minh")
    with db.read() as s:
        values = dict(s.execute(select(Setting.key, Setting.value)).all())
    assert values[settings.FOUNDATION_NAME] == "Jecheon Bio" and values[settings.FOUNDATION_LOGO] == str(logo)
    assert values[settings.DEFAULT_TIMEZONE] == "Asia/Ho_Chi_Minh"


def test_closure_days(any_db):
    with any_db.write() as s:
        with pytest.raises(DomainError, match="Give the closure day a name"):
            calendar.add_closure_day(s, dt.date(2026, 5, 15), "  ")
        row = calendar.add_closure_day(s, dt.date(2026, 5, 15), "Foundation anniversary")
        with pytest.raises(DomainError, match=r"2026-05-15 is already a closure day \(Foundation anniversary\)"):
            calendar.add_closure_day(s, dt.date(2026, 5, 15), "Again")
        assert calendar.closed_days(s, dt.date(2026, 5, 15), dt.date(2026, 5, 15)) == {
            dt.date(2026, 5, 15): "Foundation anniversary"}
        calendar.remove_closure_day(s, row.id)
        assert s.scalar(select(func.count()).select_from(ClosureDay)) == 0


def test_user_classes(any_db):
    # (a new database holds the standard classes, "member" and "academic" among them)
    with any_db.write() as s:
        with pytest.raises(DomainError, match="short code and a name"):
            user_classes.create_user_class(s, "lab", "")
        academic = user_classes.create_user_class(s, " lab ", "University or institute")
        with pytest.raises(DomainError, match="code LAB is already used"):
            user_classes.create_user_class(s, "LAB", "Duplicate")
        member = user_classes.create_user_class(s, "club", "Member company")
        with pytest.raises(DomainError, match="code Lab is already used"):
            user_classes.update_user_class(s, member.id, "Lab", "Member company")
        user_classes.update_user_class(s, academic.id, "LAB", "Universities")   # its own code: fine
        assert (academic.code, academic.name) == ("LAB", "Universities")
        make_org(s, "Hanbit Bio", user_class=member)
        with pytest.raises(DomainError, match="Member company is given to 1 organization") as exc:
            user_classes.remove_user_class(s, member.id)
        assert exc.value.code == "in_use"
        user_classes.remove_user_class(s, academic.id)
        codes = s.scalars(select(UserClass.code)).all()   # beside the standard classes of a new database
        assert "club" in codes and "LAB" not in codes


def test_rates_are_set_once_per_pair_and_feed_the_fee(any_db):
    with any_db.write() as s:
        resource, uc = make_resource(s), make_user_class(s)
        with pytest.raises(DomainError, match="cannot be negative"):
            fees.set_rate(s, resource.id, uc.id, -1)
        with pytest.raises(DomainError, match="Choose a resource and a user class first"):
            fees.set_rate(s, resource.id, None, 10)
        rate = fees.set_rate(s, resource.id, uc.id, 150_000)
        assert fees.set_rate(s, resource.id, uc.id, 120_000) is rate and rate.fee_per_unit_krw == 120_000
        org = make_org(s, user_class=uc)
        assert fees.fee_for(s, resource, org, 3) == 360_000
        fees.remove_rate(s, rate.id)
        assert s.scalar(select(func.count()).select_from(ResourceRate)) == 0
        with pytest.raises(DomainError, match="No rate is set") as exc:
            fees.fee_for(s, resource, org, 3)
        assert exc.value.code == "no_rate"


def test_the_sql_fee_estimate_is_the_same_number_as_fee_for(any_db):
    from hubdesk.db.schema import Booking, Organization
    from hubdesk.db.enums import BookingStatus
    from tests.factories import kst

    with any_db.write() as s:
        w = booking_world(s, fee_per_unit_krw=45_500)
        classless = make_org(s, "No class")
        for day, (org, units) in enumerate(((w.org, 3), (classless, 2)), start=3):   # apart: no overlap
            s.add(Booking(resource=w.resource, organization=org, starts_at=kst(2026, 3, day, 9),
                          ends_at=kst(2026, 3, day, 9 + units), units=units, status=BookingStatus.REQUESTED))
        s.flush()
        rows = s.execute(select(Booking.organization_id, fees.fee_estimate_sql(
            Booking.units, Booking.resource_id, Organization.user_class_id))
            .join(Organization, Organization.id == Booking.organization_id)).all()
        estimates = dict(rows)
        assert estimates[w.org_id] == fees.fee_for(s, w.resource, w.org, 3) == 3 * 45_500
        assert estimates[classless.id] is None          # no rate applies: no estimate shown
