"""Emoji and symbols the report font (Pretendard) lacks print as real glyphs from the bundled
fallback fonts (Noto Emoji, Symbola), in every place a name is printed: paragraphs, table cells,
the running header and chart labels.

Read back three ways: `pdffonts` (every font embedded, the fallbacks in the file), `pdftotext`
(names extract exactly, emoji included), and pdfium's page objects (each emoji is a text object
set in the fallback font, and draws a glyph of its own: the old behaviour set them in Pretendard,
which drew one and the same missing-glyph box for every emoji)."""

from __future__ import annotations

import ctypes
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from hubdesk.db.enums import BookingStatus, BookingUnit, FacilityKind, OrgKind, OrgStatus, ResourceKind, Sector
from hubdesk.db.schema import Booking, Facility, Organization, Resource, Setting, UserClass
from hubdesk.domain.quarters import Quarter

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdftotext, pdffonts) is not installed")

KST = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.date(2026, 7, 20)
Q2 = Quarter(2026, 2)
# emoji (Unicode 11 and 6), Korean, Vietnamese, markup characters, a Symbola-only dingbat, and a
# Hanja no bundled font has (Symbola's missing-glyph box, but it extracts as written)
NAME = "Bio 🧬 Lab 😀 바이오랩 Dược phẩm <&> ✘ 漢"
FOUNDATION = "Quỹ 🌱 재단"          # running header on every page (canvas.drawString)
RESOURCE = "Suite 🧪 <A&B>"          # chart label (reportlab.graphics) and table cell
EMOJI_FONT, SYMBOL_FONT = "NotoEmoji-Regular", "Symbola"


def fonts_of(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def text_objects(pdf: Path) -> list[dict]:
    """Every text object of the file: page number, its text, its font's base name (subset prefix
    dropped) and the object rendered alone, as a PIL image of its ink (the alpha channel)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    found = []
    try:
        for number in range(len(doc)):
            page = doc[number]
            textpage = page.get_textpage()
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=8):
                size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buf = ctypes.create_string_buffer(size)
                raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)),
                                        size)
                text = buf.raw[:size].decode("utf-16-le").rstrip("\0").strip()
                font = raw.FPDFTextObj_GetFont(obj.raw)
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                name = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, name, size)
                image = None
                raw_bitmap = raw.FPDFTextObj_GetRenderedBitmap(doc.raw, page.raw, obj.raw, 8.0)
                if raw_bitmap:  # copied out; pypdfium2 frees the bitmap when it is collected
                    image = pdfium.PdfBitmap.from_raw(raw_bitmap).to_pil().getchannel("A").copy()
                found.append({"page": number + 1, "text": text, "font": name.value.decode().split("+")[-1],
                              "image": image})
            textpage.close()
            page.close()
    finally:
        doc.close()
    return found


def ink(image) -> int:
    """Inked pixels of a rendered text object."""
    return sum(image.histogram()[128:]) if image is not None else 0


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The quarterly report (ko) and the organization profile (vi) of one quarter whose member,
    foundation and resource have emoji in their names."""
    from hubdesk.db.database import open_database
    from hubdesk.reports.profile import render_profile
    from hubdesk.reports.quarterly import render_quarterly

    folder = tmp_path_factory.mktemp("emoji")
    db = open_database(folder / "emoji.db")
    with db.write() as s:
        s.add(Setting(key="foundation_name", value=FOUNDATION))
        uc = UserClass(code="test_member", name="Member company")
        org = Organization(name=NAME, kind=OrgKind.COMPANY, sector=Sector.BIO, status=OrgStatus.MEMBER,
                           member_since=dt.date(2026, 4, 10), user_class=uc, business_no="123-45-67891")
        fac = Facility(name="GMP 센터", kind=FacilityKind.GMP_PLANT)
        suite = Resource(facility=fac, name=RESOURCE, code="S1", kind=ResourceKind.SUITE,
                         booking_unit=BookingUnit.DAY)
        s.add_all([uc, org, fac, suite])
        s.flush()
        s.add(Booking(resource=suite, organization=org, starts_at=dt.datetime(2026, 5, 11, tzinfo=KST),
                      ends_at=dt.datetime(2026, 5, 14, tzinfo=KST), units=3, status=BookingStatus.COMPLETED,
                      fee_krw=1_500_000))
    try:
        yield {"quarterly": render_quarterly(db, Q2, "ko", folder / "q.pdf", today=TODAY),
               "profile": render_profile(db, "123-45-67891", "vi", folder / "p.pdf", today=TODAY)}
    finally:
        db.dispose()


def test_every_font_is_embedded_and_the_fallbacks_are_in_the_file(pdfs):
    for kind, pdf in pdfs.items():
        rows = fonts_of(pdf)
        names = {row[0].split("+")[-1] for row in rows}
        assert {EMOJI_FONT, SYMBOL_FONT} <= names, (kind, names)
        assert names <= {"Pretendard-Regular", "Pretendard-Bold", EMOJI_FONT, SYMBOL_FONT}, (kind, names)
        for row in rows:
            assert row[-5:-2] == ["yes", "yes", "yes"], (kind, row)   # embedded, subset, ToUnicode


def test_names_extract_exactly(pdfs):
    quarterly, profile = text_of(pdfs["quarterly"]), text_of(pdfs["profile"])
    assert NAME in quarterly and RESOURCE in quarterly
    assert NAME in profile
    pages = quarterly.count("\f")
    assert quarterly.count(FOUNDATION) >= pages  # the cover, then the running header of every page


def test_emoji_are_drawn_from_the_emoji_font_everywhere(pdfs):
    objects = text_objects(pdfs["quarterly"])
    pages = max(o["page"] for o in objects)

    def fonts_drawing(char: str) -> list[str]:
        return [o["font"] for o in objects if char in o["text"]]

    for char in "🧬😀🌱🧪":
        assert fonts_drawing(char) and set(fonts_drawing(char)) == {EMOJI_FONT}, (char, fonts_drawing(char))
    assert set(fonts_drawing("✘")) == {SYMBOL_FONT}
    assert set(fonts_drawing("바이오랩")) <= {"Pretendard-Regular", "Pretendard-Bold"}
    assert set(fonts_drawing("漢")) == {SYMBOL_FONT}  # no font has it: a box, with its own code
    # the running header (canvas) on the cover's following pages, plus the cover's own line
    assert len([o for o in objects if "🌱" in o["text"]]) == pages
    # the resource's 🧪 in the utilisation chart's label and in the table below it, on one page
    # (and in the appendix)
    test_tube_pages = [o["page"] for o in objects if "🧪" in o["text"]]
    assert max(test_tube_pages.count(p) for p in test_tube_pages) == 2


def old_box(folder: Path):
    """😀 set in Pretendard, as the reports did before the fallback fonts: its missing-glyph box."""
    from reportlab.pdfgen.canvas import Canvas

    from hubdesk.reports.fonts import FONT, register_fonts

    register_fonts()
    canvas = Canvas(str(folder / "old.pdf"))
    canvas.setFont(FONT, 9.5)
    canvas.drawString(72, 720, "😀")
    canvas.save()
    return next(o["image"] for o in text_objects(folder / "old.pdf"))


def differ(a, b) -> float:
    """How much two rendered glyphs differ, 0 (same) to 1, compared at one size."""
    from PIL import ImageChops, ImageStat

    side = (48, 48)
    return ImageStat.Stat(ImageChops.difference(a.resize(side), b.resize(side))).mean[0] / 255


def test_each_emoji_draws_its_own_glyph_not_a_missing_glyph_box(pdfs, tmp_path):
    """Rendered alone, 🧬 and 😀 have ink, differ from each other and from the box Pretendard drew
    for every emoji before (which made every emoji look the same)."""
    objects = text_objects(pdfs["profile"])

    def image(char: str):
        drawn = [o["image"] for o in objects if o["text"].startswith(char)]
        assert drawn, f"{char} is not in the text layer"
        return drawn[0]

    dna, smile, box = image("🧬"), image("😀"), old_box(tmp_path)
    assert ink(dna) > 50 and ink(smile) > 50
    assert differ(dna, smile) > 0.05
    assert differ(dna, box) > 0.05 and differ(smile, box) > 0.05
    assert ink(image("漢")) > 20        # the missing-glyph box, drawn
