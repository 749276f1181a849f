"""Identifier checksums against real, publicly known numbers and crafted invalid ones.

The real numbers are printed on the companies' own websites and in their DART / Vietnamese
business-register filings; each one is also re-derived from the algorithm below, so a typo in
this file would fail the test rather than silently weaken it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubdesk.domain import identifiers as ids
from hubdesk.errors import DomainError
from tests.checks import refused

# Korean business registration numbers (사업자등록번호) of large listed companies.
REAL_BUSINESS_NOS = {
    "124-81-00998": "Samsung Electronics",
    "220-81-62517": "NAVER",
    "120-81-47521": "Kakao",
    "107-86-14075": "LG Electronics",
    "101-81-15085": "Hyundai Motor Company",
}
# Korean corporate registration numbers (법인등록번호).
REAL_CORPORATE_NOS = {
    "130111-0006246": "Samsung Electronics",
    "110111-0085450": "Hyundai Motor Company",
    "110111-2305210": "NAVER",
    "110111-1129497": "Kakao",
}
# Vietnamese enterprise tax codes (MST).
REAL_VN_TAX_CODES = {
    "0300588569": "Vinamilk",
    "0100109106": "Viettel",
    "0100107518": "Vietnam Airlines",
    "0101248141": "FPT",
    "0101245486": "Vingroup",
    "0100681592": "PetroVietnam",
}


def _independent_brn(digits: str) -> bool:
    """The rule written out once more, independently of the module, from DESIGN.md."""
    d = [int(c) for c in digits]
    s = d[0] * 1 + d[1] * 3 + d[2] * 7 + d[3] * 1 + d[4] * 3 + d[5] * 7 + d[6] * 1 + d[7] * 3 + d[8] * 5
    s += (d[8] * 5) // 10
    return (10 - s % 10) % 10 == d[9]


@pytest.mark.parametrize("number", sorted(REAL_BUSINESS_NOS))
def test_real_business_numbers_are_valid(number):
    assert _independent_brn(number.replace("-", ""))
    assert ids.validate_business_no(number) == number
    assert ids.is_valid_business_no(number.replace("-", ""))


@pytest.mark.parametrize("number", sorted(REAL_CORPORATE_NOS))
def test_real_corporate_numbers_are_valid(number):
    assert ids.validate_corporate_no(number.replace("-", "")) == number
    assert ids.is_valid_corporate_no(number)


@pytest.mark.parametrize("number", sorted(REAL_VN_TAX_CODES))
def test_real_vn_tax_codes_are_valid(number):
    assert ids.validate_vn_tax_code(number) == number
    assert ids.validate_vn_tax_code(number + "-001") == number + "-001"
    assert ids.validate_vn_tax_code(number + "002") == number + "-002"


def test_samsung_business_number_worked_by_hand():
    # 1·1 + 2·3 + 4·7 + 8·1 + 1·3 + 0·7 + 0·1 + 9·3 + 9·5 = 118; ⌊9·5/10⌋ = 4 → 122 → check 8
    assert ids.business_no_check_digit("124810099") == 8


def test_vinamilk_tax_code_worked_by_hand():
    # 0·31 + 3·29 + 0·23 + 0·19 + 5·17 + 8·13 + 8·7 + 5·5 + 6·3 = 375; 375 mod 11 = 1 → 10 − 1 = 9
    assert ids.vn_tax_code_check_digit("030058856") == 9


@pytest.mark.parametrize("text", ["１２４－８１－００９９８", " 124 81 00998 ", "124–81–00998", "1248100998"])
def test_business_number_accepts_full_width_spaces_and_dashes(text):
    assert ids.validate_business_no(text) == "124-81-00998"


def test_corporate_number_full_width():
    assert ids.validate_corporate_no("１３０１１１－０００６２４６") == "130111-0006246"


@pytest.mark.parametrize("kind, text, code", [
    ("business_no", "124-81-00997", "wrong_check_digit"),
    ("business_no", "124-81-0099", "wrong_length"),
    ("business_no", "124-81-009981", "wrong_length"),
    ("business_no", "124-81-0O998", "not_digits"),
    ("business_no", "", "empty"),
    ("corporate_no", "130111-0006247", "wrong_check_digit"),
    ("corporate_no", "130111-000624", "wrong_length"),
    ("corporate_no", "13011100062466", "wrong_length"),
    ("vn_tax_code", "0300588568", "wrong_check_digit"),
    ("vn_tax_code", "030058856", "wrong_length"),
    ("vn_tax_code", "03005885691", "wrong_length"),
    ("vn_tax_code", "0300588569-000", "wrong_branch"),
    ("vn_tax_code", "0300588569-0A1", "not_digits"),
])
def test_invalid_identifiers_are_refused_with_the_reason(kind, text, code):
    """Each reason has its code, on the identifier's field, said as a sentence."""
    refused(getattr(ids, f"validate_{kind}"), text, field=kind, code=code)
    assert not getattr(ids, f"is_valid_{kind}")(text)


def test_wrong_length_sentence_names_the_count():
    with pytest.raises(DomainError) as err:
        ids.validate_business_no("12481")
    assert "has 5 digits, but it must have 10" in err.value.message
    with pytest.raises(DomainError) as err:
        ids.validate_business_no("1")
    assert "has 1 digit, but" in err.value.message


def test_wrong_check_digit_sentence_says_what_to_do():
    with pytest.raises(DomainError) as err:
        ids.validate_business_no("1248100990")
    assert "check digit" in err.value.message
    assert "compare it with the registration certificate" in err.value.message


def test_corporate_number_scheme_misses_a_change_of_five_at_weight_two():
    # Documented weakness of the official scheme: 1→6 at position 2 adds 10 to the sum.
    assert ids.is_valid_corporate_no("130111-0006246")
    assert ids.is_valid_corporate_no("180111-0006246")


def test_vn_tax_code_whose_formula_gives_ten_is_rejected():
    # The first nine digits whose weighted sum is a multiple of 11: 10 − 0 = 10 is no digit.
    prefix = next(f"{n:09d}" for n in range(100_000_000, 100_100_000)
                  if sum(w * int(c) for w, c in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), f"{n:09d}")) % 11 == 0)
    assert ids.vn_tax_code_check_digit(prefix) is None
    for last in "0123456789":
        assert not ids.is_valid_vn_tax_code(prefix + last)


def test_vn_personal_id_accepted_for_individuals_only_when_allowed():
    assert ids.validate_vn_tax_code("001085012345") == "001085012345"
    with pytest.raises(DomainError) as err:
        ids.validate_vn_tax_code("001085012345", allow_personal_id=False)
    assert err.value.code == "personal_id_not_allowed"


def test_format_gives_canonical_form_without_checking_the_check_digit():
    assert ids.format_business_no("1248100997") == "124-81-00997"
    assert ids.format_corporate_no("1301110006246") == "130111-0006246"
    assert ids.format_vn_tax_code("0100109106 001") == "0100109106-001"
    assert ids.normalize_business_no("１２４-８１ ００９９８") == "1248100998"
    with pytest.raises(DomainError):
        ids.format_business_no("12-34")


def test_error_in_another_language_keeps_its_code():
    from hubdesk import i18n

    with i18n.language("ko"):
        with pytest.raises(DomainError) as err:
            ids.validate_business_no("")
    assert err.value.code == "empty" and err.value.message


valid_brn = st.lists(st.integers(0, 9), min_size=9, max_size=9).map(
    lambda d: "".join(map(str, d)) + str(ids.business_no_check_digit("".join(map(str, d)))))


@given(number=valid_brn, position=st.integers(0, 9), delta=st.integers(1, 9))
def test_any_single_digit_change_makes_a_business_number_invalid(number, position, delta):
    assert ids.is_valid_business_no(number)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    assert not ids.is_valid_business_no(changed)
