"""Fuzzed input (hypothesis) through the domain functions: any Unicode text, huge and negative
numbers, far-past and far-future dates, arbitrary ids. Each function must either do its work or
raise DomainError with a sentence; any other exception (ValueError, OverflowError, a database
error...) is a bug. What is accepted must read back exactly as the domain says it stores it.

The number of fuzzed inputs run is printed at the end of the module (see `_report_count`).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from hubdesk.db.enums import CaseStage, Modality, OrgKind, Pathway, RiskLevel, Role
from hubdesk.db.schema import Facility, Organization, Program, Resource, User, UserClass
from hubdesk.domain import accounts, bookings, cases, identifiers, organizations as orgs, programs
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from tests import factories as f
from tests.fuzzing import examples, report_line

FUZZED = {"n": 0}


SAMPLES = [
    "한빛바이오 주식회사", "강원 천연물 클러스터", "Công ty Cổ phần Dược phẩm Việt Nam",
    unicodedata.normalize("NFD", "Trường Đại học Y Hà Nội"), "🧬🌿 Bio Lab 🚀", "👩‍🔬👨🏽‍⚕️",
    "شركة الأدوية", "מעבדה", "=1+1", "+82-10-1234-5678", "-5", "@SUM(A1)", "'=A1", "\x00", "a\x00b",
    "\t\r\n", "\u200b\u200f\u202e", "\ufeffname", "０１２３４５６７８９", "١٢٣", "NaN", "inf", "1e309",
    "9" * 40, "-" * 10, " ", "",
]

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(SAMPLES),
    st.builds(lambda c, n: c * n, st.sampled_from(["가", "ệ", "🧬", "a", "\x01"]), st.integers(290, 310)),
    st.builds(lambda c, n: c * n, st.sampled_from(["가", "a", "1"]), st.integers(9_990, 10_010)),
)
OPT_TEXT = st.none() | TEXT
IDS = st.one_of(st.integers(-2**70, 2**70), st.sampled_from([0, -1, 1, 2, 2**31, 2**63 - 1, 2**63, -2**63 - 1]))
DATES = st.one_of(st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30)]))
ZONES = st.sampled_from([dt.timezone.utc, ZoneInfo("Asia/Seoul"), ZoneInfo("Asia/Ho_Chi_Minh"),
                         dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12)),
                         ZoneInfo("America/New_York")])
INSTANTS = st.one_of(
    st.datetimes(timezones=ZONES),
    st.sampled_from([dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc),
                     dt.datetime(1, 1, 1, 5, tzinfo=ZoneInfo("Asia/Seoul")),
                     dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.utc),
                     dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(dt.timedelta(hours=-12)))]),
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 1, 1), timezones=ZONES),
)
AMOUNTS = st.one_of(
    st.integers(), st.sampled_from([0, -1, 1, 2**63 - 1, 2**63, -2**63, 10**30, True]),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf, 1e300, 2.0**63]),
)
FUZZ = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def counted() -> None:
    FUZZED["n"] += 1


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    yield
    report_line(request, f"{__name__}: {FUZZED['n']} fuzzed inputs run")


def _stored(text: str | None) -> str | None:
    """What the domain stores for a text field: trimmed, NFC, None when blank."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text.strip())
    return text or None


# --- identifiers and quarters (pure) -------------------------------------------------------------

@FUZZ
@given(text=st.one_of(TEXT, st.from_regex(r"\A[0-9０-９\- ]{8,16}\Z")))
def test_identifier_validators_return_a_canonical_form_or_a_domain_error(text):
    counted()
    for validate in (identifiers.validate_business_no, identifiers.validate_corporate_no,
                     identifiers.validate_vn_tax_code):
        try:
            canonical = validate(text)
        except DomainError as exc:
            assert exc.field in ("business_no", "corporate_no", "vn_tax_code") and exc.message.endswith(".")
            continue
        assert validate(canonical) == canonical   # the canonical form is valid and stable
        assert canonical.replace("-", "").isascii() and canonical.replace("-", "").isdigit()


@FUZZ
@given(text=st.one_of(TEXT, st.from_regex(r"\A\s*\d{4}\s*-?\s*[qQ][0-9]\s*\Z")))
def test_quarter_parse_gives_a_usable_quarter_or_a_domain_error(text):
    counted()
    try:
        q = Quarter.parse(text)
    except DomainError as exc:
        assert exc.field == "quarter"
        return
    assert 1 <= q.quarter <= 4
    assert q.start <= q.end < q.end_exclusive and q.contains(q.start)
    assert Quarter.parse(str(q)) == q


# --- organizations -------------------------------------------------------------------------------

ORG_INPUT = st.builds(
    orgs.OrganizationInput,
    name=TEXT, kind=st.one_of(st.sampled_from(list(OrgKind)), TEXT), name_en=OPT_TEXT,
    sector=st.none() | TEXT, growth_stage=st.none() | TEXT, status=st.sampled_from(["member", "prospect"]) | TEXT,
    region=OPT_TEXT, country=st.sampled_from(["KR", "vn", " kr "]) | TEXT,
    business_no=st.none() | st.sampled_from(["1248100998", "124-81-00998", "2208162517"]) | TEXT,
    corporate_no=st.none() | st.sampled_from(["1301110006246"]) | TEXT,
    vn_tax_code=st.none() | st.sampled_from(["0300588569", "0300588569-001", "012345678901"]) | TEXT,
    address=OPT_TEXT, phone=OPT_TEXT, email=st.none() | st.sampled_from(["info@hanbang.kr", "bộ@việt.vn"]) | TEXT,
    website=OPT_TEXT, member_since=st.none() | DATES, agreement_signed_on=st.none() | DATES,
    moved_in_on=st.none() | DATES, notes=OPT_TEXT,
    user_class_id=st.none() | IDS,
    primary_contact=st.none() | st.builds(orgs.ContactInput, name=TEXT, title=OPT_TEXT, department=OPT_TEXT,
                                          email=OPT_TEXT, phone=OPT_TEXT, language=OPT_TEXT),
)
_TEXT_FIELDS = ("name", "name_en", "region", "address", "phone", "email", "website", "notes")


@FUZZ
@given(data=ORG_INPUT, org_id=st.none() | st.sampled_from([1, 2, 3]) | IDS)   # 1-3: organizations saved earlier
def test_organization_inputs_save_and_read_back_exactly_or_are_refused(any_db, data, org_id):
    if True:
        counted()
        today = dt.date(2026, 11, 24)
        with any_db.read() as s:
            problems = orgs.validate_organization(s, data, today=today)
        assert all(p.message.strip() for p in problems)
        try:
            with any_db.write() as s:
                if org_id is not None:
                    org = orgs.update_organization(s, org_id, data, today=today)
                else:
                    org = orgs.create_organization(s, data, today=today)
                saved_id = org.id
        except DomainError as exc:
            assert exc.message.strip()
            if org_id is None:
                assert problems, "refused on save, but validation found nothing"
            return
        assert not problems
        with any_db.read() as s:
            org = s.get(Organization, saved_id)
            for name in _TEXT_FIELDS:
                assert getattr(org, name) == _stored(getattr(data, name)), name
            if data.primary_contact is not None:
                primary = next(c for c in org.contacts if c.is_primary)
                assert primary.name == _stored(data.primary_contact.name)
                assert primary.title == _stored(data.primary_contact.title)


@FUZZ
@given(name=TEXT, email=OPT_TEXT, org_id=IDS)
def test_add_contact_takes_any_name_or_refuses_it(any_db, name, email, org_id):
    counted()
    with any_db.write() as s:
        real = f.make_org(s, "🧬 Contact host").id
    for target in (real, org_id):
        try:
            with any_db.write() as s:
                cid = orgs.add_contact(s, target, orgs.ContactInput(name=name, email=email)).id
        except DomainError as exc:
            assert exc.message.strip()
            continue
        with any_db.read() as s:
            from hubdesk.db.schema import Contact
            assert s.get(Contact, cid).name == _stored(name)


# --- bookings ------------------------------------------------------------------------------------

@pytest.fixture
def booking_ids(any_db):
    with any_db.write() as s:
        w = f.booking_world(s)
        return dict(resource=w.resource_id, org=w.org_id, people=[w.alice.id, w.bob.id])


@FUZZ
@given(starts=INSTANTS, length=st.one_of(st.timedeltas(), st.sampled_from([dt.timedelta(hours=2)])),
       resource=st.none() | IDS, org=st.none() | IDS, people=st.lists(IDS, max_size=3) | st.none(),
       purpose=OPT_TEXT, campaign=OPT_TEXT, override=st.booleans())
def test_booking_requests_with_any_times_and_ids(any_db, booking_ids, starts, length, resource, org, people, purpose,
                                                 campaign, override):
    counted()
    try:
        ends = starts + length
    except OverflowError:
        assume(False)
    request = bookings.BookingRequest(
        resource_id=booking_ids["resource"] if resource is None else resource,
        organization_id=booking_ids["org"] if org is None else org, starts_at=starts, ends_at=ends,
        purpose=purpose, campaign=campaign,
        people=booking_ids["people"][:1] if people is None else people, holiday_override=override)
    with any_db.read() as s:
        problems = bookings.check_booking(s, request)
    assert all(p.message.strip() for p in problems)
    try:
        with any_db.write() as s:
            booking = bookings.create_booking(s, request, actor="fuzz")
            booking_id = booking.id
    except DomainError as exc:
        assert exc.message.strip()
        return
    assert not problems
    from hubdesk.db.schema import Booking
    with any_db.read() as s:
        saved = s.get(Booking, booking_id)
        # the same instants (compared in UTC: Python never finds a time in a DST gap or fold of one
        # zone equal to a time of another zone)
        assert saved.starts_at == starts.astimezone(dt.timezone.utc)
        assert saved.ends_at == ends.astimezone(dt.timezone.utc)
        assert saved.purpose == request.purpose
    with any_db.write() as s:   # leave the slot free for the next example
        bookings.change_status(s, booking_id, "cancelled", actor="fuzz")


@FUZZ
@given(status=st.sampled_from(["approved", "confirmed", "in_use", "cancelled", "rejected"]) | TEXT,
       booking_id=st.none() | IDS, starts=INSTANTS, hours=st.integers(-48, 48))
def test_booking_status_changes_and_moves_with_any_input(any_db, booking_ids, status, booking_id, starts, hours):
    counted()
    if booking_id is None:
        with any_db.write() as s:   # a fresh booking on a day of its own, to move and change
            day = f.kst(2026, 1, 6) + dt.timedelta(days=FUZZED["n"] % 3000)
            try:
                booking_id = bookings.create_booking(s, bookings.BookingRequest(
                    resource_id=booking_ids["resource"], organization_id=booking_ids["org"],
                    starts_at=day + dt.timedelta(hours=9), ends_at=day + dt.timedelta(hours=11),
                    holiday_override=True), actor="fuzz").id
            except DomainError:   # the day is taken by an earlier example
                return
    try:
        ends = starts + dt.timedelta(hours=hours)
    except OverflowError:   # no such datetime in Python: nothing to give the domain
        assume(False)
    try:
        with any_db.write() as s:
            bookings.update_booking_times(s, booking_id, starts, ends, actor="fuzz")
    except DomainError as exc:
        assert exc.message.strip()
    try:
        with any_db.write() as s:
            bookings.change_status(s, booking_id, status, actor="fuzz", note=status)
    except DomainError as exc:
        assert exc.message.strip()


@FUZZ
@given(kind=st.sampled_from(["meeting", "support", "consultation"]) | TEXT,
       support=st.none() | st.sampled_from(["testing", "consulting"]) | TEXT, occurred=DATES,
       summary=OPT_TEXT, cert_type=st.sampled_from(["gmp", "iso_9001"]) | TEXT, issued=DATES,
       expires=st.none() | DATES, number=OPT_TEXT, org_id=st.none() | IDS)
def test_interactions_and_certifications_with_any_input(any_db, kind, support, occurred, summary, cert_type,
                                                         issued, expires, number, org_id):
    counted()
    with any_db.write() as s:
        real = f.make_org(s, "Hợp tác xã 🌿").id
    target = real if org_id is None else org_id
    try:
        with any_db.write() as s:
            orgs.record_interaction(s, target, kind, occurred, support_type=support, summary=summary,
                                    staff=summary, today=dt.date(2026, 11, 24))
    except DomainError as exc:
        assert exc.message.strip()
    try:
        with any_db.write() as s:
            orgs.add_certification(s, target, cert_type, issued, number=number, issuer=number,
                                   expires_on=expires)
    except DomainError as exc:
        assert exc.message.strip()


# --- clinical-entry cases ------------------------------------------------------------------------

@pytest.fixture
def case_world(any_db):
    with any_db.write() as s:
        company = f.make_org(s, "셀바이오 주식회사")
        hospital = f.make_org(s, "Bệnh viện Chợ Rẫy", kind=OrgKind.HOSPITAL)
        cpf = Facility(name="CPF 🧫", kind="cell_processing", licence_no="CPF-1",
                       licence_expires_on=dt.date(2030, 1, 1))
        s.add(cpf)
        s.flush()
        return dict(company=company.id, hospital=hospital.id, cpf=cpf.id)


@FUZZ
@given(product=TEXT, opened=st.none() | DATES, org=st.none() | IDS, hospital=st.none() | IDS,
       pathway=st.sampled_from(list(Pathway)) | TEXT, modality=st.sampled_from(list(Modality)) | TEXT,
       risk=st.sampled_from(list(RiskLevel)) | TEXT, stage=st.sampled_from(list(CaseStage)) | TEXT,
       on=st.none() | DATES, case_id=st.none() | IDS)
def test_open_and_move_cases_with_any_text_dates_and_stages(any_db, case_world, product, opened, org, hospital,
                                                            pathway, modality, risk, stage, on, case_id):
    counted()
    from hubdesk.db.schema import ClinicalCase
    opened_id = None
    try:
        with any_db.write() as s:
            case = cases.open_case(
                s, organization_id=case_world["company"] if org is None else org, product=product,
                pathway=pathway, modality=modality, risk_level=risk, opened_on=opened,
                partner_hospital_id=hospital, manufacturing_facility_id=case_world["cpf"], actor="fuzz")
            opened_id = case.id
    except DomainError as exc:
        assert exc.message.strip()
    if opened_id is not None:
        with any_db.read() as s:
            assert s.get(ClinicalCase, opened_id).product == _stored(product)
    target = case_id if case_id is not None else opened_id
    if target is None:
        return
    try:
        with any_db.write() as s:
            cases.move_case(s, target, stage, on=on, actor="fuzz", note=product)
    except DomainError as exc:
        assert exc.message.strip()


# --- programs ------------------------------------------------------------------------------------

@pytest.fixture
def program_line(any_db):
    with any_db.write() as s:
        p = f.make_program(s, "Herbal cluster 2026", budgets={"national": 1_000_000_000})
        return p.id, p.lines["national"].id


@FUZZ
@given(amount=AMOUNTS, spent_on=st.one_of(DATES, st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
       description=OPT_TEXT, line=st.none() | IDS)
def test_add_expenditure_with_any_amount(any_db, program_line, amount, spent_on, description, line):
    counted()
    from hubdesk.db.schema import Expenditure
    from hubdesk.domain import budgets
    from hubdesk.domain.texts import clean_text

    program_id, line_id = program_line
    try:
        with any_db.write() as s:
            e = budgets.add_expenditure(s, budgets.ExpenditureInput(line_id if line is None else line, spent_on,
                                                                    amount, description))
            eid = e.id
    except DomainError as exc:
        assert exc.message.strip()
        return
    assert amount > 0 and int(amount) == amount and spent_on.year == 2026
    with any_db.read() as s:
        saved = s.get(Expenditure, eid)
        assert saved.amount_krw == int(amount) and saved.description == clean_text(description)
        programs.budget_execution(s, program_id)   # the sums still add up


@FUZZ
@given(amount=AMOUNTS, source=st.sampled_from(["national", "local", " private "]) | TEXT,
       spent_on=st.one_of(DATES, st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
       category=OPT_TEXT, description=OPT_TEXT, pid=st.none() | IDS)
def test_record_expenditure_with_any_input(any_db, program_line, amount, source, spent_on, category, description,
                                           pid):
    counted()
    program_id, line_id = program_line
    try:
        with any_db.write() as s:
            e = programs.record_expenditure(s, program_id if pid is None else pid, amount_krw=amount, source=source,
                                            spent_on=spent_on, category=category, description=description)
            assert e.budget_line_id == line_id
    except DomainError as exc:
        assert exc.message.strip()


# --- accounts ------------------------------------------------------------------------------------

@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=TEXT, display=TEXT, password=st.none() | TEXT, role=st.sampled_from(list(Role)) | TEXT,
       attempt=TEXT)
def test_create_user_and_sign_in_with_any_text(any_db, username, display, password, role, attempt):
    counted()
    from sqlalchemy import delete
    with any_db.write() as s:   # each example starts without accounts (the database outlives examples)
        s.execute(delete(User))
    try:
        with any_db.write() as s:
            accounts.create_user(s, username=username, display_name=display, role=role, password=password)
    except DomainError as exc:
        assert exc.message.strip()
        created = False
    else:
        created = True
    for pw in (attempt, password):
        if pw is None:
            continue
        try:
            with any_db.write() as s:
                signed = accounts.authenticate(s, username, pw)
        except DomainError as exc:
            assert exc.code in ("sign_in", "throttled")
        else:
            assert created and pw == password and signed.username == username.strip()
    if created:
        with any_db.read() as s:
            user = accounts.find_user(s, username)
            assert user is not None and user.username == username.strip()


# --- what slips past the domain: the database's own constraints ----------------------------------

def _insert_directly(db, make) -> None:
    """Insert rows built by `make(session)` with the ORM, bypassing every domain function."""
    with db.write() as s:
        s.add_all(make(s))
        s.flush()


@FUZZ
@given(hours=st.integers(-10_000, 0), fee=st.integers(-2**63, -1), quarter=st.integers(-2**31, 2**31 - 1)
       .filter(lambda q: not 1 <= q <= 4), amount=st.integers(-2**63, -1))
def test_database_constraints_refuse_what_bypasses_the_domain(any_db, hours, fee, quarter, amount):
    from sqlalchemy.exc import IntegrityError

    from hubdesk.db.enums import BookingStatus, Funder
    from hubdesk.db.schema import Booking, BudgetLine, Expenditure, KpiValue

    counted()
    with any_db.write() as s:
        w = f.booking_world(s)
        ids = dict(resource=w.resource_id, org=w.org_id)
        program = f.make_program(s, "P", funder=Funder.MOTIE, budgets={"national": 0})
        ids["program"] = program.id
        ids["line"] = program.lines["national"].id
    start = f.kst(2026, 11, 24, 9)

    def booking(**kw):
        values = dict(resource_id=ids["resource"], organization_id=ids["org"], starts_at=start,
                      ends_at=start + dt.timedelta(hours=2), units=2, status=BookingStatus.REQUESTED)
        values.update(kw)
        return lambda s: [Booking(**values)]

    bad = [
        booking(ends_at=start + dt.timedelta(hours=hours)),                 # ends before (or at) its start
        booking(fee_krw=fee),                                               # negative fee
        booking(units=hours),                                               # no whole unit
        lambda s: [KpiValue(organization_id=ids["org"], year=2026, quarter=quarter)],  # quarter 5, 0, -7...
        lambda s: [Expenditure(program_id=ids["program"], budget_line_id=ids["line"], amount_krw=amount,
                               source="national", category="unassigned", spent_on=dt.date(2026, 5, 1))],  # negative
        lambda s: [BudgetLine(program_id=ids["program"], fiscal_year=2026, source="city", category="travel",
                              amount_krw=amount)],                          # negative budget
        lambda s: [Organization(name="", kind=OrgKind.COMPANY)],           # nameless organization
        lambda s: [Organization(name="Twin A", kind=OrgKind.COMPANY, business_no="124-81-00998"),
                   Organization(name="Twin B", kind=OrgKind.COMPANY, business_no="124-81-00998")],
    ]
    for make in bad:
        with pytest.raises(IntegrityError):
            _insert_directly(any_db, make)
    with any_db.read() as s:   # nothing of it was kept
        assert s.scalar(select(func.count()).select_from(Booking)) == 0
        assert s.scalar(select(func.count()).select_from(KpiValue)) == 0
        assert s.scalar(select(func.count()).select_from(Expenditure)) == 0
    with any_db.write() as s:   # the next example builds its own world
        for model in (Organization, Program, Resource, Facility, UserClass):
            s.execute(delete(model))
