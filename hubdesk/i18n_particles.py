"""Korean particles chosen from the word they follow: 을/를, 이/가, 은/는, 과/와, (으)로, (이)라.

A Korean particle depends on the last sound of the word before it: 바이오**를** but 셀젠**을**,
서울**로** but 부산**으로**. A translated sentence does not know the word a placeholder will hold,
so the Korean catalog writes a *particle field* right after it, a brace field named by the
particle: ``{name}{을} 보관할까요?``, ``“{name}”{이} 이미 있습니다.``, ``{path}{으로} 복원``.
Either form of the pair names the field (``{을}`` and ``{를}`` are the same field). When the
sentence is formatted, the field becomes the particle that fits the text just before it.

The one mechanism: `hubdesk.i18n` wraps every catalog translation that holds a particle field in
a `ParticleTemplate`, a `str` whose `format` / `format_map` resolve the fields; callers keep
writing ``_("…{name}…").format(name=…)``. `format_message` does the same for a template that lost
its wrapper (the PDF reports escape the sentence before formatting it). `i18n_tools check`
refuses the generic forms (``을(를)``) and a particle field that does not follow a placeholder.

How the last sound is read (`final_consonant`):
- Hangul syllable: its final consonant (jongseong), if any.
- Digits, read the Sino-Korean way: an integer by its last spoken unit (``2499`` 이천사백구십**구**,
  ``2500`` 이천오**백**, ``30000`` 삼**만**, ``0`` **영**), a decimal by its last digit
  (``2,529.5`` …**오**). Group separators are ignored.
- Latin letters: a single letter or an all-capital abbreviation by the Korean name of its last
  letter (``GMP`` …**피**, ``IBM`` …**엠**; only L 엘, M 엠, N 엔 end in a consonant); a word by
  how Korean writes its ending: ``-l``/``-le`` end in ㄹ (호텔, 테이블), ``-m``, ``-n``, ``-ng``,
  ``-me``, ``-ne`` in a consonant (프로그램, 셀젠, 백신), a vowel then ``-b``/``-p`` in ㅂ (랩, 그룹),
  a vowel then ``-k``/``-ck`` in ㄱ (바이오텍, 블록); every other ending in a vowel (``Bio`` 바이오,
  ``Tech`` 테크, ``Pharma`` 파마). Accents are ignored.
- A time ``16:00`` is read 16시, ``16:30`` 16시 30분; a Korean date ``2026. 3. 31.`` 31일.
- Closing quotes are skipped (“바이오”를); after a closing bracket the word before the bracket
  decides, as Korean writes it (``서울(Seoul)로``).
- Anything else (an empty value, a symbol, another script): the generic form (``을(를)``), which
  is right whatever the word.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Any, Callable, Mapping

# field name -> (after a final consonant, after a vowel, generic form)
_PAIRS = {
    "을": ("을", "를", "을(를)"),
    "이": ("이", "가", "이(가)"),
    "은": ("은", "는", "은(는)"),
    "과": ("과", "와", "와(과)"),
    "으로": ("으로", "로", "(으)로"),
    "이라": ("이라", "라", "(이)라"),
}
_ALIASES = {"를": "을", "가": "이", "는": "은", "와": "과", "로": "으로", "라": "이라"}
PARTICLE_FIELDS: frozenset[str] = frozenset(_PAIRS) | frozenset(_ALIASES)
PARTICLE_FIELD_RE = re.compile(r"\{(" + "|".join(sorted(PARTICLE_FIELDS, key=len, reverse=True)) + r")\}")
# The generic forms a translator writes when the word is unknown; the catalog uses fields instead.
GENERIC_RE = re.compile(r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)"
                        r"|\(으\)로|\(이\)라")

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # the index of ㄹ among the final consonants
NO_FINAL = ""
RIEUL = "ㄹ"
OTHER_FINAL = "+"

# Sino-Korean digits: 영 일 이 삼 사 오 육 칠 팔 구
_DIGIT_FINALS = {"0": OTHER_FINAL, "1": RIEUL, "2": NO_FINAL, "3": OTHER_FINAL, "4": NO_FINAL,
                 "5": NO_FINAL, "6": OTHER_FINAL, "7": RIEUL, "8": RIEUL, "9": NO_FINAL}
# Korean names of the Latin letters that end in a consonant: 엘, 엠, 엔 (아르 is the standard R).
_LETTER_FINALS = {"l": RIEUL, "m": OTHER_FINAL, "n": OTHER_FINAL}
_VOWELS = set("aeiou")
_CLOSING_QUOTES = set("”’\"'»›」』》〉")
_BRACKETS = {")": "(", "]": "[", "）": "（"}
_NUMBER_END = re.compile(r"(\d[\d,\u00a0\u202f ]*)(\.\d+)?$")
_LATIN_END = re.compile(r"[A-Za-z]+$")
_TIME_END = re.compile(r"(?<!\d)\d{1,2}:(\d{2})$")
_KOREAN_DATE_END = re.compile(r"\d{1,2}\.\s*\d{1,2}\.$")


def _hangul_final(char: str) -> str | None:
    code = ord(char)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        index = (code - _HANGUL_FIRST) % 28
        if index == 0:
            return NO_FINAL
        return RIEUL if index == _RIEUL else OTHER_FINAL
    if 0x3131 <= code <= 0x314E:  # a lone consonant letter (ㄱ … ㅎ)
        return RIEUL if char == "ㄹ" else OTHER_FINAL
    if 0x314F <= code <= 0x3163:  # a lone vowel letter (ㅏ … ㅣ)
        return NO_FINAL
    return None


def _number_final(digits: str, decimals: str | None) -> str:
    if decimals:
        return _DIGIT_FINALS[decimals[-1]]
    plain = re.sub(r"\D", "", digits)
    if int(plain) == 0:
        return OTHER_FINAL  # 영
    zeros = len(plain) - len(plain.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINALS[plain[-1]]
    if 12 <= zeros < 16:
        return NO_FINAL  # 조
    return OTHER_FINAL  # 십 백 천 만 억 경


def _latin_final(word: str) -> str:
    if len(word) == 1 or word.isupper():
        return _LETTER_FINALS.get(word[-1].lower(), NO_FINAL)
    w = word.lower()
    if w.endswith("ng"):
        return OTHER_FINAL
    if w.endswith(("l", "le")):
        return RIEUL
    if w.endswith(("m", "n", "me", "ne")):
        return OTHER_FINAL
    if len(w) >= 2 and w[-1] in "bp" and w[-2] in _VOWELS:
        return OTHER_FINAL
    if w.endswith("ck") or (len(w) >= 2 and w[-1] == "k" and w[-2] in _VOWELS):
        return OTHER_FINAL
    return NO_FINAL


def _reading_end(text: str) -> str:
    """The text whose last character decides: closing quotes and brackets taken off."""
    text = text.rstrip()
    while text:
        last = text[-1]
        if last in _CLOSING_QUOTES:
            text = text[:-1].rstrip()
            continue
        if last in _BRACKETS:
            start = text.rfind(_BRACKETS[last])
            before = text[:start].rstrip() if start > 0 else ""
            text = before if before else text[start + 1:-1].strip()
            continue
        break
    return text


def final_consonant(text: str) -> str | None:
    """How the text ends when read aloud in Korean: "" after a vowel, "ㄹ" after ㄹ, "+" after any
    other final consonant, None when it cannot be told (empty, a symbol, another script)."""
    text = _reading_end(unicodedata.normalize("NFC", text or ""))
    if not text:
        return None
    found = _hangul_final(text[-1])
    if found is not None:
        return found
    time = _TIME_END.search(text)
    if time:
        return NO_FINAL if time.group(1) == "00" else OTHER_FINAL  # 16시, 16시 30분
    if _KOREAN_DATE_END.search(text):
        return RIEUL  # 2026. 3. 31. is read 31일
    number = _NUMBER_END.search(text)
    if number and text[-1].isdigit():
        return _number_final(number.group(1), number.group(2))
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    latin = _LATIN_END.search(plain)
    if latin:
        return _latin_final(latin.group(0))
    if text[-1] == "%":
        return NO_FINAL  # 퍼센트
    return None


def particle(word: str, which: str) -> str:
    """The particle `which` (either form: "을" or "를", "으로" or "로" …) that fits after `word`:
    particle("바이오", "을") == "를", particle("2499", "을") == "를", particle("서울", "으로") == "로";
    the generic form ("을(를)") when the end of `word` cannot be read."""
    key = _ALIASES.get(which, which)
    if key not in _PAIRS:
        raise ValueError(f"unknown particle {which!r}; use one of {', '.join(sorted(PARTICLE_FIELDS))}")
    after_consonant, after_vowel, generic = _PAIRS[key]
    final = final_consonant(word)
    if final is None:
        return generic
    if key == "으로":
        return after_consonant if final == OTHER_FINAL else after_vowel
    return after_consonant if final else after_vowel


def attach(word: str, which: str) -> str:
    """`word` followed by the particle that fits it: attach("바이오", "을") == "바이오를"."""
    return word + particle(word, which)


_FORMATTER = string.Formatter()


def format_message(template: str, /, *args: Any, render: Callable[[Any], str] | None = None,
                   **kwargs: Any) -> str:
    """`template.format(*args, **kwargs)` that also fills the particle fields from the text before
    them. `render`, when given, turns each value into what is written (the PDF reports set values
    in bold markup); particles are still chosen from the value's plain text."""
    return _format(template, args, kwargs, render)


def _format(template: str, args: tuple, kwargs: Mapping[str, Any],
            render: Callable[[Any], str] | None = None) -> str:
    written: list[str] = []
    spoken: list[str] = []  # the same text without markup: what the particles are chosen from
    auto = 0
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        written.append(literal)
        spoken.append(literal)
        if field is None:
            continue
        if field in PARTICLE_FIELDS and not spec and not conversion:
            chosen = particle("".join(spoken), field)
            written.append(chosen)
            spoken.append(chosen)
            continue
        if field == "":
            field = str(auto)
            auto += 1
        value, _key = _FORMATTER.get_field(field, args, kwargs)
        value = _FORMATTER.convert_field(value, conversion)
        if spec and "{" in spec:
            spec = _format(spec, args, kwargs)
        text = format(value, spec or "")
        spoken.append(text)
        written.append(render(value) if render is not None else text)
    return "".join(written)


class ParticleTemplate(str):
    """A translated sentence with particle fields: `format` and `format_map` choose the particles."""

    __slots__ = ()

    def format(self, /, *args: Any, **kwargs: Any) -> str:
        return _format(str(self), args, kwargs)

    def format_map(self, mapping: Mapping[str, Any], /) -> str:  # type: ignore[override]
        return _format(str(self), (), mapping)


def with_particles(text: str) -> str:
    """`text` as a `ParticleTemplate` when it holds a particle field, else unchanged."""
    if "{" in text and PARTICLE_FIELD_RE.search(text):
        return ParticleTemplate(text)
    return text


__all__ = ["PARTICLE_FIELDS", "ParticleTemplate", "attach", "final_consonant", "format_message",
           "particle", "with_particles"]
