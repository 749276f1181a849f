"""The printed documents, generated from known data in a real SQLite file and read back with
poppler's `pdftotext` / `pdffonts`: figures in the right sections, only embedded fonts, hostile
names printed as written, an empty quarter, issuing (stored figures, identical regeneration) and
the lock on an issued quarter."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from hubdesk.db.enums import (BookingStatus, BookingUnit, CaseStage, EventKind, FacilityKind, FundingSource,
                              Funder, InteractionKind, Modality, OrgKind, OrgStatus, Pathway, ResourceKind,
                              RiskLevel, Sector, SupportType, CertificationType)
from hubdesk.db.schema import (Booking, Certification, ClinicalCase, Contact, Event, Expenditure, Facility,
                               Interaction, KpiValue, Organization, Program, Resource, Setting, UserClass)
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdftotext, pdffonts) is not installed")

KST = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.date(2026, 7, 20)          # the report of 2026Q2 can be issued
Q2 = Quarter(2026, 2)
FOUNDATION = "Đông y Việt Nam – thảo dược 재단"
HOSTILE = "<Hostile & \"Co\"> 'Ltd' 😀"
LONG_WORD = "Supercalifragilistic" * 12   # 240 letters without a space
KOREAN_ORG = "주식회사 한빛바이오"


def text_of(pdf: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def fonts_of(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def heading_at(text: str, title: str) -> int:
    """Where a section starts: each begins a page, right under the running header."""
    return text.index(f"2026 Q2\n\n{title}\n")


def section(text: str, start: str, end: str | None) -> str:
    """The text of the section `start`, up to the section `end`."""
    a = heading_at(text, start)
    return text[a:heading_at(text, end)] if end else text[a:]


def fill_known(db):
    """A quarter (2026Q2) of hand-made data: every figure below is known."""
    at = lambda y, m, d, h=0: dt.datetime(y, m, d, h, tzinfo=KST)  # noqa: E731
    with db.write() as s:
        s.add(Setting(key="foundation_name", value=FOUNDATION))
        s.add(Setting(key="foundation_logo", value="/no/such/logo.png"))  # a missing logo is left out
        uc = UserClass(code="test_member", name="Member company")
        hostile = Organization(name=HOSTILE, kind=OrgKind.COMPANY, sector=Sector.BIO, status=OrgStatus.MEMBER,
                               member_since=dt.date(2026, 4, 10), agreement_signed_on=dt.date(2026, 5, 2),
                               user_class=uc, business_no="123-45-67891", notes=LONG_WORD)
        korean = Organization(name=KOREAN_ORG, kind=OrgKind.COMPANY, sector=Sector.HERBAL_MEDICINE,
                              status=OrgStatus.TENANT, member_since=dt.date(2025, 3, 1), user_class=uc)
        empty_name = Organization(name=LONG_WORD, kind=OrgKind.UNIVERSITY, status=OrgStatus.MEMBER, address="")
        s.add_all([uc, hostile, korean, empty_name])
        s.add(Contact(organization=hostile, name="Nguyễn Thị Ánh", email="anh@example.vn", is_primary=True))
        fac = Facility(name="GMP 센터", kind=FacilityKind.GMP_PLANT, licence_no="L-1",
                       licence_expires_on=dt.date(2026, 8, 1))
        suite = Resource(facility=fac, name="Suite Ω <A&B>", code="S1", kind=ResourceKind.SUITE,
                         booking_unit=BookingUnit.DAY)
        s.add_all([fac, suite])
        s.flush()
        # two completed bookings in Q2 (3 days + 2 days, 1,500,000 + 1,000,000 won) and one in Q3
        s.add_all([
            Booking(resource=suite, organization=hostile, starts_at=at(2026, 5, 11), ends_at=at(2026, 5, 14),
                    units=3, status=BookingStatus.COMPLETED, fee_krw=1_500_000),
            Booking(resource=suite, organization=korean, starts_at=at(2026, 6, 1), ends_at=at(2026, 6, 3),
                    units=2, status=BookingStatus.COMPLETED, fee_krw=1_000_000),
            Booking(resource=suite, organization=korean, starts_at=at(2026, 7, 6), ends_at=at(2026, 7, 7),
                    units=1, status=BookingStatus.CONFIRMED, fee_krw=500_000),
        ])
        s.add(KpiValue(organization=hostile, year=2026, quarter=2, new_hires=4, permanent_hires=3,
                       sales_krw=987_654_321, exports_krw=0))
        s.add(Certification(organization=korean, type=CertificationType.HACCP, number="HACCP-77",
                            issued_on=dt.date(2026, 6, 15)))
        s.add(Interaction(organization=hostile, kind=InteractionKind.SUPPORT, support_type=SupportType.TESTING,
                          occurred_on=dt.date(2026, 4, 20)))
        from tests.factories import make_expenditure, make_program

        prog = make_program(s, "바이오 스케일업 <2026>", funder=Funder.MOTIE, fiscal_year=2026,
                            budgets={"national": 100_000_000, "provincial": 50_000_000})
        make_expenditure(s, prog.lines["national"], dt.date(2026, 5, 30), 25_000_000)
        s.add(Event(program=prog, name="Buyer day 🧪 & friends", kind=EventKind.BUYER_MEETING,
                    held_on=dt.date(2026, 6, 20), participants=42, buyer_meetings=7))
        s.add(ClinicalCase(organization=korean, product="CAR-T \"X\" <1>", pathway=Pathway.IND,
                           modality=Modality.CELL_THERAPY, risk_level=RiskLevel.HIGH,
                           stage=CaseStage.UNDER_REVIEW, opened_on=dt.date(2026, 1, 5),
                           submitted_on=dt.date(2026, 4, 1)))
    return db


@pytest.fixture
def known(db):
    """The known data in this test's own database (for tests that change it)."""
    return fill_known(db)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The known data in one database shared by the tests that only read it."""
    from hubdesk.db.database import open_database

    database = open_database(tmp_path_factory.mktemp("shared") / "known.db")
    yield fill_known(database)
    database.dispose()


@pytest.fixture(scope="module")
def shared_pdfs(shared, tmp_path_factory):
    """The quarterly report of the shared data in each language (rendered once)."""
    from hubdesk.reports.quarterly import render_quarterly

    folder = tmp_path_factory.mktemp("pdfs")
    return {lang: render_quarterly(shared, Q2, lang, folder / f"{lang}.pdf", today=TODAY)
            for lang in ("en", "ko", "vi")}


def quarterly(db, tmp_path, lang="en", name="q.pdf", **kw) -> Path:
    from hubdesk.reports.quarterly import render_quarterly

    return render_quarterly(db, Q2, lang, tmp_path / name, today=TODAY, **kw)


def test_quarterly_report_prints_known_figures_in_their_sections(shared_pdfs):
    text = text_of(shared_pdfs["en"])
    # cover, contents, then every section in order
    assert text.index("Quarterly status report") < text.index("DRAFT") < text.index("Contents")
    order = ["Summary", "Organizations", "Facilities", "Clinical entry", "Programs", "Appendix"]
    positions = [heading_at(text, h) for h in order]
    assert positions == sorted(positions)
    assert FOUNDATION in text
    summary = section(text, "Summary", "Organizations")
    assert "₩987,654,321" in summary                        # sales of the quarter (KpiValue)
    assert "Companies supported" in summary
    orgs = section(text, "Organizations", "Facilities")
    assert HOSTILE in orgs                                   # new member, printed as written
    assert "HACCP-77" in orgs
    fac = section(text, "Facilities", "Clinical entry")
    assert "₩2,500,000" in fac                                # fee revenue of Q2 only (not the Q3 booking)
    assert "Suite Ω <A&B>" in fac
    assert "L-1" in fac                                       # licence expiring within 120 days
    clinical = section(text, "Clinical entry", "Programs")
    assert "IND" in clinical
    programs = section(text, "Programs", "Appendix")
    assert "₩25,000,000" in programs and "25.0%" in programs  # national execution 25m / 100m
    assert "Buyer day" in programs and "42" in programs
    appendix = section(text, "Appendix", None)
    assert KOREAN_ORG in appendix and "CAR-T \"X\" <1>" in appendix
    assert "Page 2 of" in text


def test_only_embedded_fonts(shared, shared_pdfs, tmp_path):
    from hubdesk.reports.profile import render_profile
    from hubdesk.reports.statement import render_statement

    for pdf in (shared_pdfs["ko"],
                render_profile(shared, KOREAN_ORG, "vi", tmp_path / "p.pdf", today=TODAY),
                render_statement(shared, "123-45-67891", Q2, "en", tmp_path / "s.pdf")):
        rows = fonts_of(pdf)
        assert rows, pdf
        for row in rows:
            # Pretendard, or a bundled fallback for what it lacks (the 😀 of HOSTILE: Noto Emoji)
            assert row[0].split("+")[-1].startswith(("Pretendard", "NotoEmoji", "Symbola")), row
            assert row[-5] == "yes", row   # emb


def test_korean_and_vietnamese_print_without_loss(shared, shared_pdfs, tmp_path):
    ko = text_of(shared_pdfs["ko"])
    assert KOREAN_ORG in ko and FOUNDATION in ko and "바이오 스케일업 <2026>" in ko
    vi = text_of(shared_pdfs["vi"])
    assert FOUNDATION in vi and "Suite Ω <A&B>" in vi
    from hubdesk.reports.profile import render_profile

    profile = text_of(render_profile(shared, HOSTILE, "vi", tmp_path / "p.pdf", today=TODAY))
    assert "Nguyễn Thị Ánh" in profile


def test_hostile_text_survives_and_long_words_wrap(shared, tmp_path):
    from hubdesk.reports.profile import render_profile

    steps = []
    pdf = render_profile(shared, HOSTILE, "en", tmp_path / "p.pdf", today=TODAY,
                         progress=lambda fraction, message: steps.append((fraction, message)))
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0 and all(m for _f, m in steps)
    assert [f for f, _m in steps] == sorted(f for f, _m in steps)
    text = text_of(pdf)
    assert HOSTILE in text                                   # the emoji extracts back too
    # the 240-letter word is split over several lines, all of it printed
    joined = "".join(text.split())
    assert LONG_WORD in joined
    assert max(len(line) for line in text.splitlines()) < 200
    empty = render_profile(shared, LONG_WORD, "en", tmp_path / "e.pdf", today=TODAY)
    assert "Organization profile" in text_of(empty)


def test_empty_quarter_prints_every_section_with_no_data(db, tmp_path):
    text = text_of(quarterly(db, tmp_path))
    for start, end in (("Summary", "Organizations"), ("Organizations", "Facilities"),
                       ("Facilities", "Clinical entry"), ("Clinical entry", "Programs"),
                       ("Programs", "Appendix"), ("Appendix", None)):
        assert "No data" in section(text, start, end), start


def test_profile_and_statement_figures(shared, tmp_path):
    from hubdesk.reports.statement import render_statement

    text = text_of(render_statement(shared, KOREAN_ORG, "2026Q2", "en", tmp_path / "s.pdf"), layout=True)
    assert "Facility usage statement" in text
    assert "₩1,000,000" in text and "₩500,000" in text      # fee and rate per unit of the June booking
    assert "₩500,000" in text and "2 days" in text
    assert "Jul" not in text                                 # the Q3 booking is not on the Q2 statement
    # the screens pass their own session instead of the database
    with shared.read() as session:
        again = render_statement(session, "2", Q2, "ko", tmp_path / "s2.pdf")
    assert "1,000,000원" in text_of(again)


def test_issued_report_regenerates_identically_after_data_changes(any_db, tmp_path):
    """On SQLite and PostgreSQL: the stored figures come back exactly (JSON column)."""
    from hubdesk.domain import report_lock

    known = fill_known(any_db)

    first = quarterly(known, tmp_path, name="issued1.pdf", issue=True)
    assert "ISSUED" in text_of(first)
    with known.read() as s:
        stored = report_lock.issued_report(s, Q2).figures
    # data outside the locked quarter changes what a fresh gathering would print...
    with known.write() as s:
        s.add(Organization(name="Arrived later", kind=OrgKind.COMPANY, status=OrgStatus.MEMBER))
        case = s.query(ClinicalCase).one()
        case.stage = CaseStage.SUPPLEMENT_REQUESTED
    from hubdesk.domain.report_figures import gather_quarter

    with known.read() as s:
        assert gather_quarter(s, Q2, today=TODAY) != stored
        assert report_lock.issued_report(s, Q2).figures == stored
    # ...but the issued report prints from the stored figures: the same PDF, byte for byte
    again = quarterly(known, tmp_path, name="issued2.pdf")
    assert again.read_bytes() == first.read_bytes()


def test_issued_quarter_refuses_changes(known, tmp_path):
    from hubdesk.domain import report_lock

    with known.write() as s:
        report_lock.issue_quarter(s, Q2, today=TODAY)
    at = dt.datetime(2026, 6, 10, tzinfo=KST)

    def refused(change):
        with pytest.raises(DomainError) as info:
            with known.write() as s:
                change(s)
        assert "2026Q2" in info.value.message and "locked" in info.value.message
        assert info.value.code == "quarter_locked"

    refused(lambda s: s.add(Booking(resource_id=1, organization_id=2, starts_at=at, ends_at=at + dt.timedelta(days=1),
                                    units=1, status=BookingStatus.REQUESTED)))
    refused(lambda s: setattr(s.query(KpiValue).one(), "sales_krw", 1))
    refused(lambda s: s.delete(s.query(Event).one()))
    refused(lambda s: setattr(s.query(Expenditure).one(), "amount_krw", 1))
    refused(lambda s: setattr(s.query(Certification).one(), "number", "changed"))
    # moving the Q3 booking into Q2 is a change inside Q2
    q3 = lambda s: s.query(Booking).filter(Booking.status == BookingStatus.CONFIRMED).one()  # noqa: E731
    refused(lambda s: setattr(q3(s), "starts_at", at))
    # the next quarter is open, and data without a date in the quarter too
    with known.write() as s:
        q3(s).campaign = "still open"
        s.add(Interaction(organization_id=2, kind=InteractionKind.MEETING, occurred_on=dt.date(2026, 7, 2)))
    # issuing twice, or a quarter that has not ended, is refused with a sentence
    with pytest.raises(DomainError, match="already issued"):
        with known.write() as s:
            report_lock.issue_quarter(s, Q2, today=TODAY)
    with pytest.raises(DomainError, match="has not ended"):
        with known.write() as s:
            report_lock.issue_quarter(s, Quarter(2026, 3), today=TODAY)
    # only an administrator reopens the quarter; then changes are accepted again
    from hubdesk.db.audit import acting_as

    with pytest.raises(DomainError, match="administrator"):
        with acting_as("mina", "manager"), known.write() as s:
            report_lock.reopen_quarter(s, Q2)
    with known.write() as s:
        report_lock.reopen_quarter(s, Q2, "Sales of one company were corrected")
    with known.write() as s:
        s.query(KpiValue).one().sales_krw = 1


def test_long_appendix_is_summarised_not_listed(shared, tmp_path, monkeypatch):
    from hubdesk.domain import report_figures as gather

    monkeypatch.setattr(gather, "APPENDIX_BOOKING_ROWS", 1)
    text = text_of(quarterly(shared, tmp_path))
    appendix = section(text, "Appendix", None)
    assert "1 further organization–resource pair" in appendix
    assert "₩2,500,000" in appendix                           # the total still counts every booking


def _cli(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    from hubdesk import cli

    if "report" not in cli.COMMAND_MODULES:  # until the command is listed in cli.COMMAND_MODULES
        original = cli.load_commands
        monkeypatch.setattr(cli, "load_commands", lambda modules=None: original(tuple(cli.COMMAND_MODULES) + ("report",)))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_line(shared, tmp_path, monkeypatch, capsys):
    db = str(shared.path)
    out = tmp_path / "r.pdf"
    code, stdout, _err = _cli(monkeypatch, capsys, "--db", db, "report", "quarterly", "--quarter", "2026Q2",
                              "--lang", "ko", "--out", str(out))
    assert code == 0 and out.exists() and str(out) in stdout
    assert KOREAN_ORG in text_of(out)
    code, _o, err = _cli(monkeypatch, capsys, "--db", db, "report", "quarterly", "--quarter", "2026-5",
                         "--out", str(tmp_path / "bad.pdf"))
    assert code == 1 and "2026Q3" in err and not (tmp_path / "bad.pdf").exists()
    code, _o, err = _cli(monkeypatch, capsys, "--db", db, "report", "organization", "--org", "nobody <x>",
                         "--out", str(tmp_path / "bad.pdf"))
    assert code == 1 and "nobody <x>" in err and not (tmp_path / "bad.pdf").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _o, err = _cli(monkeypatch, capsys, "--db", db, "report", "statement", "--org", "123-45-67891",
                         "--quarter", "2026Q2", "--out", str(blocker / "s.pdf"))
    assert code == 1 and "does not exist" in err
    code, stdout, _e = _cli(monkeypatch, capsys, "--db", db, "report", "statement", "--org", "1234567891",
                            "--quarter", "2026Q2", "--lang", "vi", "--out", str(tmp_path / "s.pdf"))
    assert code == 0 and (tmp_path / "s.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_demo_data_quarter_in_korean(db, tmp_path):
    """The 'done when' run: a small demo database, a quarter with data, every section filled."""
    from hubdesk.demo.generate import generate

    generate(db, "small", 1, today=dt.date(2026, 11, 24))
    from hubdesk.reports.quarterly import render_quarterly

    pdf = render_quarterly(db, "2026Q3", "ko", tmp_path / "ko.pdf", today=dt.date(2026, 11, 24))
    text = text_of(pdf)
    assert "목차" in text or "Contents" in text
    assert text.count("데이터 없음") + text.count("No data") <= 3   # a quarter with data: few empty tables
    assert len([r for r in fonts_of(pdf) if r[-5] != "yes"]) == 0
