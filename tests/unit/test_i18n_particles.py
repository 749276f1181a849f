"""Korean particles chosen from the last sound of the word (hubdesk.i18n_particles), through the
real Korean catalog as the interface and the reports use it."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Message

from hubdesk import i18n, i18n_tools
from hubdesk.i18n_particles import (
    PARTICLE_FIELD_RE, ParticleTemplate, attach, final_consonant, format_message, particle,
)


@pytest.fixture
def korean():
    before = i18n.get_language()
    i18n.set_language("ko")
    yield
    i18n.set_language(before)


@pytest.mark.parametrize("word, object_, subject, topic, with_, toward", [
    # Hangul: no final, a final consonant, a final ㄹ
    ("바이오", "를", "가", "는", "와", "로"),
    ("서울바이오", "를", "가", "는", "와", "로"),
    ("셀젠", "을", "이", "은", "과", "으로"),
    ("클린룸", "을", "이", "은", "과", "으로"),
    ("서울", "을", "이", "은", "과", "로"),
    ("교육", "을", "이", "은", "과", "으로"),
    ("관리자", "를", "가", "는", "와", "로"),
    # digits, read the Sino-Korean way
    ("2499", "를", "가", "는", "와", "로"),  # …구
    ("2,500", "을", "이", "은", "과", "으로"),  # …백
    ("10", "을", "이", "은", "과", "으로"),  # 십
    ("30000", "을", "이", "은", "과", "으로"),  # 삼만
    ("0", "을", "이", "은", "과", "으로"),  # 영
    ("1", "을", "이", "은", "과", "로"),  # 일
    ("7", "을", "이", "은", "과", "로"),  # 칠
    ("3", "을", "이", "은", "과", "으로"),  # 삼
    ("6", "을", "이", "은", "과", "으로"),  # 육
    ("4", "를", "가", "는", "와", "로"),  # 사
    ("2,529.5", "를", "가", "는", "와", "로"),  # …점 오
    ("1000000000000", "를", "가", "는", "와", "로"),  # 일조
    ("₩2,529.5억", "을", "이", "은", "과", "으로"),
    ("1,234,000원", "을", "이", "은", "과", "으로"),
    ("12%", "를", "가", "는", "와", "로"),  # 퍼센트
    # Latin: abbreviations by the letter names, words by their ending
    ("Bio", "를", "가", "는", "와", "로"),
    ("Seoul Bio", "를", "가", "는", "와", "로"),
    ("GMP", "를", "가", "는", "와", "로"),  # 피
    ("HACCP", "를", "가", "는", "와", "로"),
    ("IBM", "을", "이", "은", "과", "으로"),  # 엠
    ("HL", "을", "이", "은", "과", "로"),  # 엘
    ("Cellgen", "을", "이", "은", "과", "으로"),  # 셀젠
    ("Program", "을", "이", "은", "과", "으로"),
    ("Hotel", "을", "이", "은", "과", "로"),
    ("Table", "을", "이", "은", "과", "로"),
    ("Vaccine", "을", "이", "은", "과", "으로"),  # 백신
    ("Lab", "을", "이", "은", "과", "으로"),  # 랩
    ("Biotek", "을", "이", "은", "과", "으로"),  # 바이오텍
    ("Tech", "를", "가", "는", "와", "로"),  # 테크
    ("Pharma", "를", "가", "는", "와", "로"),
    ("Hoàng Long", "을", "이", "은", "과", "으로"),  # accents ignored; -ng
    ("data.xlsx", "를", "가", "는", "와", "로"),  # 엑스
    # times and Korean dates
    ("14:00–16:00", "를", "가", "는", "와", "로"),  # 16시
    ("16:30", "을", "이", "은", "과", "으로"),  # 16시 30분
    ("2026. 3. 31.", "을", "이", "은", "과", "로"),  # 31일
    # quotes and brackets
    ("“바이오”", "를", "가", "는", "와", "로"),
    ("‘셀젠’", "을", "이", "은", "과", "으로"),
    ("서울(Seoul)", "을", "이", "은", "과", "로"),
    ("(주)", "를", "가", "는", "와", "로"),
])
def test_the_particle_fits_the_last_sound(word, object_, subject, topic, with_, toward):
    assert particle(word, "을") == particle(word, "를") == object_
    assert particle(word, "이") == particle(word, "가") == subject
    assert particle(word, "은") == particle(word, "는") == topic
    assert particle(word, "과") == particle(word, "와") == with_
    assert particle(word, "으로") == particle(word, "로") == toward


@pytest.mark.parametrize("word", ["", "   ", "!!", "★", "中", "—", "“”"])
def test_an_unreadable_end_gets_the_generic_form(word):
    assert final_consonant(word) is None
    assert [particle(word, p) for p in ("을", "이", "은", "과", "으로", "이라")] == [
        "을(를)", "이(가)", "은(는)", "와(과)", "(으)로", "(이)라"]


def test_quoted_names_take_the_particle_after_the_quote():
    assert attach("바이오", "을") == "바이오를"
    assert particle("셀젠", "이라") == "이라" and particle("바이오", "이라") == "라"
    with pytest.raises(ValueError, match="unknown particle"):
        particle("바이오", "에게")


def test_format_message_fills_fields_and_leaves_the_rest_as_str_format():
    template = "“{name}”{이} {count:,}건, {0}{을} {path!r}{으로}"
    assert format_message(template, "2499", name="서울바이오", count=1234, path="a.db") == \
        "“서울바이오”가 1,234건, 2499를 'a.db'로"
    assert format_message("{{을}} {x}{를}", x="셀젠") == "{을} 셀젠을"
    bold = format_message("{name}{을} 삭제", render=lambda v: f"<b>{v}</b>", name="셀젠")
    assert bold == "<b>셀젠</b>을 삭제"


def test_the_korean_catalog_chooses_particles_where_it_printed_them_generically(korean):
    archive = i18n._("Archive {name}? It will no longer be offered for new bookings and is hidden from the "
                     "organization list unless archived ones are shown. Its history and reports stay.")
    assert isinstance(archive, ParticleTemplate)
    assert archive.format(name="서울바이오").startswith("서울바이오를 보관")
    assert archive.format(name="셀젠").startswith("셀젠을 보관")
    moved = i18n._("Booking number {id} is moved to {span}.").format(id=2499, span="3월 2일 14:00–16:00")
    assert moved == "예약 번호 2499를 3월 2일 14:00–16:00로 옮겼습니다."
    assert i18n._("Signed in as {name}").format(name="홍길동") == "홍길동으로 로그인함"
    assert i18n._("Signed in as {name}").format_map({"name": "관리자"}) == "관리자로 로그인함"
    program = i18n._("A program “{name}” of fiscal year {year} already exists. Give this one another "
                     "name, or edit that program.").format(name="바이오 창업", year=2026)
    assert "“바이오 창업”이 이미 있습니다" in program
    # particles once written for one kind of value (“{value}”가) now fit any value
    wrong = i18n._("The business registration number “{value}” is not valid: its check digit does not "
                   "match. A digit is probably mistyped; compare it with the registration certificate.")
    assert wrong.format(value="220-81-62517").startswith("사업자등록번호 “220-81-62517”이 올바르지")  # …칠
    assert wrong.format(value="220-81-62512").startswith("사업자등록번호 “220-81-62512”가 올바르지")  # …이


def test_every_korean_template_with_a_particle_field_formats(korean):
    catalog = i18n_tools._read(i18n_tools.po_path("ko"), "ko")
    seen = 0
    for message in catalog:
        if not message.id:
            continue
        ident = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if message.context or isinstance(message.id, (list, tuple)):
            strings = [message.string[0]] if isinstance(message.string, (list, tuple)) else [message.string]
            translated = [i18n.ngettext(message.id[0], message.id[1], 1)] if isinstance(
                message.id, (list, tuple)) else [i18n.pgettext(message.context, ident)]
        else:
            strings, translated = [message.string], [i18n._(ident)]
        for raw, text in zip(strings, translated):
            if not PARTICLE_FIELD_RE.search(raw):
                continue
            seen += 1
            assert isinstance(text, ParticleTemplate), ident
            values = {name: "바이오" for name in i18n_tools.placeholders(raw)}
            result = text.format(**values)
            assert "{" not in result and "(를)" not in result and "(가)" not in result, result
    assert seen > 150


@pytest.mark.parametrize("translation, kinds", [
    ("{name}{을} 삭제할까요?", []),
    ("“{name}”{이} 있습니다.", []),
    ("{name}을(를) 삭제할까요?", ["particle"]),  # the generic form
    ("기관{을} 삭제할까요? {name}", ["particle"]),  # a field after a fixed word
    ("“{name}”가 없습니다.", ["particle"]),  # a particle fixed after a placeholder
    ("{name}로 바꿀까요?", ["particle"]),
    ("{name}이어야 합니다.", []),  # a copula, not a particle
    ("“{name}”{이라}는 기관이 여럿 있습니다.", []),
])
def test_the_catalog_check_refuses_generic_and_misplaced_particles(translation, kinds):
    message = Message("Remove {name}?", translation)
    problems = i18n_tools._placeholder_problems("ko", message) + i18n_tools._particle_problems("ko", message)
    assert [p.kind for p in problems] == kinds
