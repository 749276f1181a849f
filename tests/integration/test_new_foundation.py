"""A foundation starting hubdesk on its own data: a brand-new database already has the standard
user classes (fee categories) and the alert lead time, the demo does not make a second class of
the same code, and another installation's organization export imports into a new database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.database import open_database
from hubdesk.db.schema import Organization, Setting, UserClass
from tests.integration.test_cli import run

STANDARD_CODES = {"member", "non_member", "academic", "public", "startup", "hospital"}


def test_a_new_database_has_the_standard_user_classes_and_the_lead_time(fresh_any_db):
    with fresh_any_db.read() as s:
        classes = {u.code: (u.name, u.name_en) for u in s.scalars(select(UserClass))}
        lead = s.scalar(select(Setting.value).where(Setting.key == "certification_expiry_lead_days"))
    assert set(classes) == STANDARD_CODES
    assert classes["member"] == ("회원기업", "Member company")
    assert classes["hospital"] == ("병원", "Hospital")
    assert lead == "90"


def test_the_demo_reuses_the_standard_classes(tmp_path):
    from hubdesk.demo.generate import generate

    db = open_database(tmp_path / "demo.db")
    try:
        generate(db, "small", 3, today=dt.date(2026, 6, 15))
        with db.read() as s:
            codes = list(s.scalars(select(UserClass.code)))
            unclassed = s.scalar(select(func.count()).select_from(Organization)
                                 .where(Organization.user_class_id.is_(None)))
    finally:
        db.dispose()
    assert sorted(codes) == sorted(STANDARD_CODES)     # no second "member", no "member (2)"
    assert unclassed == 0


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_organizations_exported_elsewhere_import_into_a_brand_new_database(tmp_path, suffix):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    assert run("--db", str(old), "demo", "--size", "small", "--seed", "5", tmp_path=tmp_path).returncode == 0
    export = tmp_path / f"organizations.{suffix}"
    assert run("--db", str(old), "export", "organizations", str(export), tmp_path=tmp_path).returncode == 0

    result = run("--db", str(new), "import", "organizations", str(export), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    old_db, new_db = open_database(old), open_database(new)
    try:
        def by_class(db):
            with db.read() as s:
                return dict(s.execute(select(UserClass.code, func.count(Organization.id))
                                      .join(Organization, Organization.user_class_id == UserClass.id)
                                      .group_by(UserClass.code)).all())
        assert by_class(new_db) == by_class(old_db) and sum(by_class(new_db).values()) > 50
    finally:
        old_db.dispose()
        new_db.dispose()


def test_an_archived_organization_takes_no_new_bookings_from_a_file_but_its_history_imports(db, tmp_path):
    from hubdesk.domain.organizations import archive_organization
    from hubdesk.interchange.importer import import_file
    from tests.factories import booking_world
    from hubdesk.interchange.exporter import export_rows
    from tests.integration.test_interchange_import import BOOKING_HEADERS

    with db.write() as s:
        w = booking_world(s)
        archive_organization(s, w.org_id, today=dt.date(2026, 3, 20))
    path = tmp_path / "bookings.csv"
    export_rows(path, BOOKING_HEADERS, [
        ["Suite B-1", "Hanbit Bio", "2026-03-03 09:00", "2026-03-03 12:00", None, None, None],
        ["Suite B-1", "Hanbit Bio", "2026-03-02 09:00", "2026-03-02 10:00", "completed", None, None],
    ])
    result = import_file(db, "bookings", path)
    assert [(p.row, p.message) for p in result.problems] == [
        (2, "Hanbit Bio was archived on 2026-03-20, so nothing new can be booked for it. Unarchive it on its "
            "page first if the foundation works with it again.")]
    assert result.problems[0].column
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n"
                    + path.read_text(encoding="utf-8").splitlines()[2] + "\n", encoding="utf-8")
    assert import_file(db, "bookings", path).created == 1
