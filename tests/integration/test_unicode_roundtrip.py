"""Unicode round trip: organizations and contacts named and annotated in Korean, Vietnamese (composed
NFC and decomposed NFD), emoji and right-to-left scripts are saved through the domain, exported
with `export_table` (.xlsx and .csv), imported into a fresh database, and come back identical.

Decision: the domain stores organization and contact texts in Unicode NFC (see
`hubdesk.domain.organizations._clean`), so a Vietnamese name typed or pasted in decomposed form
is the same name as the composed one — in the database, in searches and in the exported files.
"""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Contact, Organization
from hubdesk.domain import organizations as orgs
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.fuzzing import examples, report_line

FUZZED = {"n": 0}


NAMES = [
    "한빛바이오 주식회사",
    "Công ty Cổ phần Dược phẩm Hà Nội",
    unicodedata.normalize("NFD", "Trường Đại học Y Dược Huế"),
    "🧬 Bio Lab 🌿 👩‍🔬",
    "شركة الأدوية الحيوية",
    "מכון מחקר ביו",
    "=Formula-like Co",
    "'Quoted' Bio",
    "Ｆｕｌｌ－ｗｉｄｔｈ 회사",
    "Bell\x07 Bio \x01 _x0041_ Co",      # control characters and a literal OOXML escape survive .xlsx
]
NOTES = [
    "천연물 원료 공급 협약 (2026년 3월)\n담당: 김민지",
    unicodedata.normalize("NFD", "Hợp tác xuất khẩu sang Việt Nam — ghi chú"),
    "Emoji 🚀✨ and RTL עברית mixed with 한국어",
    "+82 tel first",
    "vertical\x0btab and \x1f unit separator, _x005F_ kept",
]

# Letters of the scripts the foundation meets, with Vietnamese combining marks and formula triggers.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),                 # Hangul syllables
    st.sampled_from(list("ăâđêôơưĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợ")),
    st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u031b"]),  # combining marks
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),               # emoji
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),                 # Arabic
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA),                 # Hebrew
    st.sampled_from(list("abcXYZ019 -=+@'\"(),;\t")),
    st.sampled_from(["\x01", "\x07", "\x1b", "_x0041_", "_x005F_"]),             # kept exactly in .xlsx too
)
FUZZ_TEXT = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    yield
    report_line(request, f"{__name__}: {FUZZED['n']} fuzzed round trips run")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def snapshot(db) -> tuple[set, set]:
    with db.read() as s:
        organizations = {(o.uid, o.name, o.name_en, o.region, o.address, o.notes)
                         for o in s.scalars(select(Organization))}
        contacts = {(c.uid, c.organization.uid, c.name, c.title, c.department, c.is_primary)
                    for c in s.scalars(select(Contact))}
    return organizations, contacts


def save(db, rows: list[tuple[str, str | None, str | None]]) -> None:
    """One organization per (name, notes, contact name), through the domain, plus a second contact."""
    with db.write() as s:
        for name, notes, contact in rows:
            org = orgs.create_organization(s, orgs.OrganizationInput(
                name=name, kind=OrgKind.COMPANY, name_en=name, region=name[:100], address=notes, notes=notes,
                primary_contact=orgs.ContactInput(contact or name[:200], title=notes and notes[:200],
                                                  department=name[:200])))
            orgs.add_contact(s, org.id, orgs.ContactInput(f"{(contact or name)[:190]} (2)", title=name[:200]))


def fresh_sqlite(template, path):
    shutil.copyfile(template, path)
    return open_database(path)


def round_trip(source, template, folder, suffix: str) -> None:
    """Export both tables from `source`, import them into a fresh database: same rows."""
    orgs_file, contacts_file = folder / f"organizations{suffix}", folder / f"contacts{suffix}"
    export_table(source, "organizations", orgs_file)
    export_table(source, "contacts", contacts_file)
    target = fresh_sqlite(template, folder / f"target{suffix}.db")
    try:
        for kind, path in (("organizations", orgs_file), ("contacts", contacts_file)):
            result = import_file(target, kind, path)
            assert result.problems == [] and result.written, [str(p) for p in result.problems]
        assert snapshot(target) == snapshot(source)
    finally:
        target.dispose()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_names_and_notes_in_every_script_come_back_identical(any_db, _migrated_sqlite_template, tmp_path,
                                                             suffix):
    rows = [(name, NOTES[i % len(NOTES)], NAMES[-1 - i]) for i, name in enumerate(NAMES)]
    save(any_db, rows)
    organizations, contacts = snapshot(any_db)
    # saved as given, in NFC: the decomposed Vietnamese name is stored composed
    assert {o[1] for o in organizations} == {nfc(n) for n in NAMES}
    assert {o[5] for o in organizations} == {nfc(n) for n in NOTES}
    assert unicodedata.normalize("NFC", NAMES[2]) in {o[1] for o in organizations}
    assert NAMES[2] not in {o[1] for o in organizations}   # the NFD form itself is not kept
    assert len(contacts) == 2 * len(NAMES)

    round_trip(any_db, _migrated_sqlite_template, tmp_path, suffix)


def test_nfd_and_nfc_spellings_are_one_name(db):
    composed = "Công ty Dược phẩm Việt"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    with db.write() as s:
        org_id = orgs.create_organization(s, orgs.OrganizationInput(name=decomposed, kind="company")).id
    with db.read() as s:
        assert s.scalar(select(Organization.id).where(Organization.name == composed)) == org_id


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(FUZZ_TEXT, st.none() | FUZZ_TEXT, st.none() | FUZZ_TEXT), min_size=1, max_size=4),
       suffix=st.sampled_from([".xlsx", ".csv"]))
def test_fuzzed_names_round_trip(any_db, _migrated_sqlite_template, tmp_path_factory, rows, suffix):
    FUZZED["n"] += 1
    with any_db.write() as s:   # each example starts from an empty network
        s.execute(delete(Contact))
        s.execute(delete(Organization))
    # distinct names: two organizations of one name and no business number are refused on import
    rows = [(f"{name} #{i}", notes, contact) for i, (name, notes, contact) in enumerate(rows)]
    save(any_db, rows)
    with any_db.read() as s:
        assert sorted(s.scalars(select(Organization.name))) == sorted(nfc(r[0]) for r in rows)
    round_trip(any_db, _migrated_sqlite_template, tmp_path_factory.mktemp("rt"), suffix)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_decomposed_name_in_a_file_finds_the_stored_organization(any_db, tmp_path, suffix):
    from hubdesk.interchange.exporter import export_rows

    composed = "Trường Đại học Y Hà Nội"
    with any_db.write() as s:
        org_id = orgs.create_organization(s, orgs.OrganizationInput(name=composed, kind="university")).id
    decomposed = unicodedata.normalize("NFD", composed)
    export_rows(tmp_path / f"orgs{suffix}", ["name", "region"], [[decomposed, "Hà Nội"]])
    export_rows(tmp_path / f"contacts{suffix}", ["organization", "name"], [[decomposed, "Nguyễn Văn An"]])

    result = import_file(any_db, "organizations", tmp_path / f"orgs{suffix}")
    assert (result.created, result.updated, result.problems) == (0, 1, [])   # the same organization
    result = import_file(any_db, "contacts", tmp_path / f"contacts{suffix}")
    assert (result.created, result.problems) == (1, [])
    with any_db.read() as s:
        assert [(o.id, o.name, o.region) for o in s.scalars(select(Organization))] == [
            (org_id, composed, "Hà Nội")]
        assert [c.organization_id for c in s.scalars(select(Contact))] == [org_id]
