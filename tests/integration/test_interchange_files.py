"""Reading and writing spreadsheet files: encodings, delimiters, Excel-style workbooks, formula
neutralising, damaged files. Real files in a temporary folder, real SQLite databases."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from hubdesk.db.schema import Contact, Organization
from hubdesk.domain.identifiers import business_no_check_digit
from hubdesk.errors import DomainError
from hubdesk.interchange.cells import (CellError, neutralise, parse_bool, parse_date, parse_datetime,
                                       parse_int, unneutralise)
from hubdesk.interchange.exporter import export_rows, export_table
from hubdesk.interchange.importer import import_file
from hubdesk.interchange.readers import read_sheet


def brn(n: int) -> str:
    """A valid business registration number, different for every n < 10,000."""
    first9 = f"{101 + n // 10000:03d}81{n % 10000:04d}"
    return first9 + str(business_no_check_digit(first9))


KOREAN_ROWS = [
    ["기업명", "기관유형", "업종", "사업자등록번호", "회원가입일", "담당자", "담당자 이메일"],
    ["한빛생약 주식회사", "기업", "한약", brn(1), "2024.03.01", "김민지", "minji@hanbit.kr"],
    ["(주)세포와사람", "기업", "재생의료", brn(2), "2023-11-15", "이도윤", "doyun@cellpeople.kr"],
]


def _names(db) -> list[str]:
    with db.read() as s:
        return sorted(s.scalars(select(Organization.name)))


# --- CSV encodings and delimiters ----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_each_encoding_and_delimiter_imports(db, tmp_path, encoding, delimiter):
    path = tmp_path / "members.csv"
    lines = [delimiter.join(row) for row in KOREAN_ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))

    sheet = read_sheet(path)
    assert sheet.delimiter == delimiter
    assert sheet.headers[0] == "기업명"
    result = import_file(db, "organizations", path)

    assert result.problems == []
    assert (result.created, result.updated) == (2, 0)
    assert _names(db) == ["(주)세포와사람", "한빛생약 주식회사"]
    with db.read() as s:
        org = s.scalars(select(Organization).where(Organization.name == "한빛생약 주식회사")).one()
        assert org.business_no == f"{brn(1)[:3]}-{brn(1)[3:5]}-{brn(1)[5:]}"
        assert org.member_since == dt.date(2024, 3, 1)
        assert org.sector.value == "herbal_medicine"
        contact = s.scalars(select(Contact).where(Contact.organization_id == org.id)).one()
        assert (contact.name, contact.email, contact.is_primary) == ("김민지", "minji@hanbit.kr", True)


def test_headers_ignore_case_and_spacing(db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("  NAME ,Business No,Kind\nAlpha Bio,%s,Company\n" % brn(3), encoding="utf-8")
    result = import_file(db, "organizations", path)
    assert result.problems == [] and result.created == 1


# --- Excel workbooks -----------------------------------------------------------------------


def test_korean_header_xlsx_written_the_way_excel_writes_it(db, tmp_path):
    """Real date cells with a Korean date format, numbers formatted with thousands separators,
    a business number typed as a number, shared strings, trailing formatted empty cells and rows."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "회원사"
    ws.append(["기업명", "기관유형", "사업자등록번호", "회원가입일", "협약일", "비고", None])
    ws.append(["한빛생약 주식회사", "기업", int(brn(1)), dt.datetime(2024, 3, 1), dt.date(2024, 5, 2),
               "메모", None])
    ws.append(["바이오메드 코리아", "연구기관", brn(2)[:3] + "-" + brn(2)[3:5] + "-" + brn(2)[5:],
               45000, None, None, None])   # 45000 = an Excel serial date (2023-03-15)
    ws["D2"].number_format = "yyyy\"년\" m\"월\" d\"일\""
    ws["D3"].number_format = "yyyy-mm-dd"
    ws["C2"].number_format = "0"
    ws["F10"].number_format = "@"        # Excel keeps formatted empty cells: rows 4..10 are empty
    ws.column_dimensions["A"].width = 30
    path = tmp_path / "회원사 명단.xlsx"
    book.save(path)

    result = import_file(db, "organizations", path)

    assert result.problems == []
    assert result.created == 2
    with db.read() as s:
        orgs = {o.name: (o.member_since, o.agreement_signed_on, o.kind.value, o.business_no)
                for o in s.scalars(select(Organization))}
    assert orgs["한빛생약 주식회사"][:3] == (dt.date(2024, 3, 1), dt.date(2024, 5, 2), "company")
    assert orgs["한빛생약 주식회사"][3].replace("-", "") == brn(1)
    assert orgs["바이오메드 코리아"][:3] == (dt.date(2023, 3, 15), None, "research_institute")


def test_xlsx_export_has_bold_frozen_header_sized_columns_and_real_dates(tmp_path):
    path = tmp_path / "list.xlsx"
    export_rows(path, ["Name", "Since", "Booked at", "Sales"],
                [["한빛생약 주식회사 (Hanbit Herbal Co.)", dt.date(2024, 3, 1), dt.datetime(2026, 3, 2, 9, 30),
                  1_250_000]])
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2"
    assert all(ws.cell(1, c).font.b for c in range(1, 5))
    assert ws["B2"].is_date and ws["B2"].value == dt.datetime(2024, 3, 1)
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["C2"].is_date and ws["C2"].value == dt.datetime(2026, 3, 2, 9, 30)
    assert ws["D2"].value == 1_250_000 and ws["D2"].number_format == "#,##0"
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width >= 8


def test_csv_export_is_utf8_with_bom_and_commas(tmp_path):
    path = tmp_path / "list.csv"
    export_rows(path, ["기업명", "금액"], [["한빛, 생약", 1000]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["기업명,금액", '"한빛, 생약",1000']


# --- formula injection ---------------------------------------------------------------------

DANGEROUS = ["=HYPERLINK(\"http://x\",\"click\")", "+82-10-1234-5678", "-2+3", "@SUM(A1)", "\tTAB", "#N/A"]


def test_formula_looking_cells_are_neutralised_in_csv_and_restored_on_import(db, tmp_path):
    path = tmp_path / "orgs.csv"
    rows = [[f"Org {i}", "company", brn(10 + i), text] for i, text in enumerate(DANGEROUS)]
    export_rows(path, ["name", "kind", "business_no", "notes"], rows)
    cells = [line.split(",", 3)[3] for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert all(not c.lstrip('"').startswith(("=", "+", "-", "@", "\t")) for c in cells)

    result = import_file(db, "organizations", path)
    assert result.problems == []
    with db.read() as s:
        notes = {name: note for name, note in s.execute(select(Organization.name, Organization.notes))}
    assert [notes[f"Org {i}"] for i in range(len(DANGEROUS))] == [t.strip() if t.startswith("\t") else t
                                                                 for t in DANGEROUS]


def test_formula_looking_cells_are_strings_in_xlsx(db, tmp_path):
    path = tmp_path / "orgs.xlsx"
    export_rows(path, ["notes"], [[t] for t in DANGEROUS])
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(r, 1).data_type for r in range(2, 2 + len(DANGEROUS))] == ["s"] * len(DANGEROUS)
    assert ws["A2"].value == DANGEROUS[0]
    texts = DANGEROUS + ["'=kept apostrophe"]
    export_rows(path, ["name", "kind", "notes"], [[f"Org {i}", "company", t] for i, t in enumerate(texts)])
    assert import_file(db, "organizations", path).problems == []
    with db.read() as s:
        notes = {name: note for name, note in s.execute(select(Organization.name, Organization.notes))}
    assert [notes[f"Org {i}"] for i in range(len(texts))] == [t.strip() for t in texts]


def test_neutralise_round_trip():
    for text in DANGEROUS + ["plain", "'quoted", "", "'=already"]:
        assert unneutralise(neutralise(text)) == text


# --- cells -----------------------------------------------------------------------------------


def test_cell_parsers():
    assert parse_int("1,250,000") == 1_250_000
    assert parse_int("₩ 3 000원") == 3000
    assert parse_int(1250.0) == 1250
    assert parse_date("2026년 3월 4일") == dt.date(2026, 3, 4)
    assert parse_date("2026.3.4") == parse_date("20260304") == parse_date("04/03/2026") == dt.date(2026, 3, 4)
    assert parse_date(46085) == dt.date(2026, 3, 4)
    assert parse_datetime("2026-03-04 오후 2:30") == dt.datetime(2026, 3, 4, 14, 30)
    assert parse_datetime("2026-03-04T09:00") == dt.datetime(2026, 3, 4, 9, 0)
    assert parse_datetime(dt.datetime(2026, 3, 4, 8, 59, 59, 999_000)) == dt.datetime(2026, 3, 4, 9, 0)
    assert parse_bool("예") is True and parse_bool("FALSE") is False
    for bad, parser in (("12.5", parse_int), ("2026-13-01", parse_date), ("maybe", parse_bool)):
        with pytest.raises(CellError):
            parser(bad)


# --- files that cannot be read -----------------------------------------------------------


def _assert_clear_error(db, path, *words):
    with pytest.raises(DomainError) as info:
        import_file(db, "organizations", path)
    message = info.value.message
    assert "\n" not in message and "Traceback" not in message and message.endswith(".")
    for word in words:
        assert word in message
    assert _names(db) == []


def test_truncated_xlsx_gives_a_clear_error(db, tmp_path):
    good = tmp_path / "good.xlsx"
    export_rows(good, ["name", "kind"], [[f"Org {i}", "company"] for i in range(200)])
    cut = tmp_path / "cut.xlsx"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    _assert_clear_error(db, cut, "cut.xlsx", "damaged")


def test_non_spreadsheet_files_give_a_clear_error(db, tmp_path):
    pdf = tmp_path / "report.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)))
    _assert_clear_error(db, pdf, "report.xlsx")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    _assert_clear_error(db, binary, "photo.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    _assert_clear_error(db, old, "old.xls", ".xlsx")


def test_empty_and_header_only_and_missing_columns(db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _assert_clear_error(db, empty, "empty")
    header_only = tmp_path / "header.csv"
    header_only.write_text("name,kind\n", encoding="utf-8")
    _assert_clear_error(db, header_only, "header.csv")
    missing = tmp_path / "missing.csv"
    missing.write_text("kind,business_no\ncompany,%s\n" % brn(1), encoding="utf-8")
    _assert_clear_error(db, missing, "missing.csv", "name (기업명)")
    _assert_clear_error(db, tmp_path / "nowhere.xlsx", "does not exist")


def test_export_refuses_an_unknown_extension(db, tmp_path):
    with pytest.raises(DomainError, match=r"\.xlsx or \.csv"):
        export_table(db, "organizations", tmp_path / "orgs.txt")


def test_preview_shows_the_column_mapping_without_a_database(tmp_path):
    from hubdesk.interchange.importer import preview_file

    path = tmp_path / "members.csv"
    path.write_bytes("기업명;사업자 등록번호;대표자\r\n한빛;1018100016;김\r\n세포;;이\r\n".encode("cp949"))
    preview = preview_file("organizations", path, limit=1)
    assert preview.columns == {"name": "기업명", "business_no": "사업자 등록번호"}
    assert preview.ignored_columns == ["대표자"]
    assert "kind" in preview.absent_columns
    assert (preview.encoding, preview.delimiter, preview.total_rows) == ("cp949", ";", 2)
    assert preview.rows == [(2, ["한빛", "1018100016", "김"])]


def test_no_two_columns_of_a_kind_share_a_spelling():
    from hubdesk.interchange import kinds
    from hubdesk.interchange.columns import header_key

    for kind in kinds.EXPORT_KINDS:
        owner: dict[str, str] = {}
        for column in kinds.module(kind).COLUMNS:
            for spelling in column.spellings():
                assert owner.setdefault(header_key(spelling), column.key) == column.key, (kind, spelling)


def test_a_title_above_the_header_row_is_skipped(db, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2026년 회원사 명단 (3월 기준)"])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["번호", "기업명", "사업자등록번호", "기관유형"])
    ws.append([1, "한빛생약 주식회사", brn(1), "기업"])
    ws.append([2, "충북대학교", None, "대학"])
    path = tmp_path / "명단.xlsx"
    book.save(path)
    result = import_file(db, "organizations", path)
    assert result.problems == [] and result.created == 2
    assert result.ignored_columns == ["번호"]
    bad = tmp_path / "title.csv"
    bad.write_text("Member list\nname,kind\nX Co,spaceship\n", encoding="utf-8")
    assert [str(p).split(":")[0] for p in import_file(db, "organizations", bad).problems] == ["row 3, column kind"]


def test_export_into_a_missing_folder_is_one_sentence(tmp_path):
    with pytest.raises(DomainError, match="does not exist"):
        export_rows(tmp_path / "nowhere" / "list.xlsx", ["a"], [[1]])


def test_utf8_with_one_broken_byte_is_refused_with_its_line_not_read_as_cp949(db, tmp_path):
    """Issue 15, finding 9: a Vietnamese UTF-8 CSV with one stray byte imported, exit 0, as
    "C척ng ty Ph튼퉤ng" (the reader fell back to CP949 without a word). Now the line and the place of the
    broken character are named and nothing is written; a real CP949 file still imports."""
    damaged = tmp_path / "vi.csv"
    damaged.write_bytes("name,kind\nCông ty Phương Đông,company\nViện Hàn lâm Khoa học,university\n".encode()
                        + b"Tr\xff" + "ường Đại học Y,university\n".encode())
    with pytest.raises(DomainError) as caught:
        read_sheet(damaged)
    assert caught.value.code == "bad_encoding"
    assert caught.value.message.startswith("Line 4 of vi.csv has a character that is not valid UTF-8 "
                                           "(at character 3: “Tr\ufffdường Đại học Y,university”)")
    with pytest.raises(DomainError):
        import_file(db, "organizations", damaged)
    with db.read() as s:
        assert s.scalar(select(Organization.id)) is None

    korean = tmp_path / "ko.csv"
    korean.write_bytes("name,kind\n한방바이오 테스트,company\n강원 천연물 연구소,company\n".encode("cp949"))
    sheet = read_sheet(korean)
    assert sheet.encoding == "cp949" and [r[1][0] for r in sheet.rows] == ["한방바이오 테스트", "강원 천연물 연구소"]
