"""Korean business and corporate registration numbers and the Vietnamese tax code (MST).

Pure functions, no database. For each identifier:

- ``normalize_*(text)`` keeps the digits: hyphens, dashes and spaces are dropped and full-width
  digits (０-９, common when typing with a Korean IME) become ASCII; anything else is kept so that
  validation can name it;
- ``format_*(text)`` gives the canonical hyphenated form that the database stores; it checks the
  digits and the length, not the check digit (so an imported bad number can still be shown);
- ``validate_*(text)`` raises :class:`DomainError` with a sentence that says what is wrong (not
  digits, wrong length, wrong check digit) and what to do; it returns the canonical form;
- ``is_valid_*(text)`` says yes or no.

Check digits
    Business registration number (사업자등록번호) ``XXX-XX-XXXXX``: weights 1,3,7,1,3,7,1,3,5 on
    d1..d9, plus ⌊d9×5/10⌋; check = (10 − sum mod 10) mod 10. Every single-digit change is caught
    (weights 1, 3, 7 are prime to 10 and d9 maps 0..9 to distinct residues).

    Corporate registration number (법인등록번호) ``XXXXXX-XXXXXXX``: weights 1,2,1,2,… on d1..d12;
    check = (10 − sum mod 10) mod 10. (A digit changed by 5 at a weight-2 position is not caught:
    a property of the official scheme, not of this code.)

    Vietnamese MST: 10 digits, or 13 for a dependent unit/branch written ``XXXXXXXXXX-NNN`` with
    NNN from 001. d10 = 10 − (Σ w·d mod 11) with weights 31,29,23,19,17,13,7,5,3 on d1..d9. When
    the sum is divisible by 11 the formula gives 10, which is not a digit: the tax authority never
    issues such numbers, so they are rejected as a wrong check digit. (The formula cannot give 11.)
    Since the personal identification number became the tax code of individuals, a 12-digit
    personal ID is accepted for a person (it has no public check digit; only its length and digits
    are checked).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")
_DIGITS = re.compile(r"^[0-9]*$")

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _strip(text: str | None) -> str:
    """NFKC (full-width digits and hyphens become ASCII), then drop separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))


def _require_digits(digits: str, original: str, field: str) -> None:
    if not digits:
        raise DomainError(_MESSAGES[field]["empty"](), field=field, code="empty")
    if not _DIGITS.match(digits):
        raise DomainError(_MESSAGES[field]["not_digits"]().format(value=original),
                          field=field, code="not_digits")


def _wrong_length(original: str, digits: str, field: str) -> DomainError:
    n = len(digits)
    return DomainError(_MESSAGES[field]["wrong_length"](n).format(value=original, count=n),
                       field=field, code="wrong_length")


def _wrong_check(original: str, field: str) -> DomainError:
    return DomainError(_MESSAGES[field]["wrong_check_digit"]().format(value=original),
                       field=field, code="wrong_check_digit")


def _digits(text: str | None, field: str, lengths: tuple[int, ...]) -> str:
    """The digits of `text`, refused unless they are only digits and one of `lengths` long."""
    original = (text or "").strip()
    digits = _strip(text)
    _require_digits(digits, original, field)
    if len(digits) not in lengths:
        raise _wrong_length(original, digits, field)
    return digits


def _checked(text: str | None, canonical: str, field: str, check_digit: Callable[[str], int | None]) -> str:
    """`canonical` when its last digit is the check digit of the ones before it."""
    digits = canonical.replace("-", "")
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise _wrong_check((text or "").strip(), field)
    return canonical


def _passes(validate: Callable[[str | None], str], text: str | None) -> bool:
    try:
        validate(text)
    except DomainError:
        return False
    return True


# Whole sentences per identifier (no noun phrases spliced in: Korean and Vietnamese grammar differ).
_MESSAGES: dict[str, dict[str, Callable[..., str]]] = {
    "business_no": {
        "empty": lambda: _("The business registration number is empty. Enter its 10 digits, "
                           "or leave the field blank."),
        "not_digits": lambda: _("The business registration number “{value}” contains characters "
                                "other than digits. Enter only digits; hyphens are optional."),
        "wrong_length": lambda n: ngettext(
            "The business registration number “{value}” has {count} digit, but it must have 10. "
            "Copy all ten digits from the registration certificate.",
            "The business registration number “{value}” has {count} digits, but it must have 10. "
            "Copy all ten digits from the registration certificate.", n),
        "wrong_check_digit": lambda: _(
            "The business registration number “{value}” is not valid: its check digit does not "
            "match. A digit is probably mistyped; compare it with the registration certificate."),
    },
    "corporate_no": {
        "empty": lambda: _("The corporate registration number is empty. Enter its 13 digits, "
                           "or leave the field blank."),
        "not_digits": lambda: _("The corporate registration number “{value}” contains characters "
                                "other than digits. Enter only digits; the hyphen is optional."),
        "wrong_length": lambda n: ngettext(
            "The corporate registration number “{value}” has {count} digit, but it must have 13. "
            "Copy all thirteen digits from the corporate register.",
            "The corporate registration number “{value}” has {count} digits, but it must have 13. "
            "Copy all thirteen digits from the corporate register.", n),
        "wrong_check_digit": lambda: _(
            "The corporate registration number “{value}” is not valid: its check digit does not "
            "match. A digit is probably mistyped; compare it with the corporate register."),
    },
    "vn_tax_code": {
        "empty": lambda: _("The Vietnamese tax code is empty. Enter its digits, "
                           "or leave the field blank."),
        "not_digits": lambda: _("The Vietnamese tax code “{value}” contains characters other than "
                                "digits. Enter only digits; the hyphen before a branch suffix is "
                                "optional."),
        "wrong_length": lambda n: ngettext(
            "The Vietnamese tax code “{value}” has {count} digit, but it must have 10, 13 for a "
            "branch, or 12 for a personal ID. Copy the whole code from the tax registration.",
            "The Vietnamese tax code “{value}” has {count} digits, but it must have 10, 13 for a "
            "branch, or 12 for a personal ID. Copy the whole code from the tax registration.", n),
        "wrong_check_digit": lambda: _(
            "The Vietnamese tax code “{value}” is not valid: its check digit does not match. "
            "A digit is probably mistyped; compare it with the tax registration."),
    },
}


# --- Korean business registration number (사업자등록번호) -------------------------------------

def normalize_business_no(text: str | None) -> str:
    return _strip(text)


def business_no_check_digit(first9: str) -> int:
    d = [int(c) for c in first9]
    total = sum(w * x for w, x in zip(_BRN_WEIGHTS, d)) + (d[8] * 5) // 10
    return (10 - total % 10) % 10


def format_business_no(text: str | None) -> str:
    digits = _digits(text, "business_no", (10,))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def validate_business_no(text: str | None) -> str:
    """Return the canonical ``XXX-XX-XXXXX`` form, or raise DomainError."""
    return _checked(text, format_business_no(text), "business_no", business_no_check_digit)


def is_valid_business_no(text: str | None) -> bool:
    return _passes(validate_business_no, text)


# --- Korean corporate registration number (법인등록번호) --------------------------------------

def normalize_corporate_no(text: str | None) -> str:
    return _strip(text)


def corporate_no_check_digit(first12: str) -> int:
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(first12))
    return (10 - total % 10) % 10


def format_corporate_no(text: str | None) -> str:
    digits = _digits(text, "corporate_no", (13,))
    return f"{digits[:6]}-{digits[6:]}"


def validate_corporate_no(text: str | None) -> str:
    """Return the canonical ``XXXXXX-XXXXXXX`` form, or raise DomainError."""
    return _checked(text, format_corporate_no(text), "corporate_no", corporate_no_check_digit)


def is_valid_corporate_no(text: str | None) -> bool:
    return _passes(validate_corporate_no, text)


# --- Vietnamese tax code (mã số thuế, MST) ---------------------------------------------------

def normalize_vn_tax_code(text: str | None) -> str:
    return _strip(text)


def vn_tax_code_check_digit(first9: str) -> int | None:
    """The check digit d10, or None when the formula gives 10 (such codes are never issued)."""
    value = 10 - sum(w * int(c) for w, c in zip(_MST_WEIGHTS, first9)) % 11
    return value if value <= 9 else None


def format_vn_tax_code(text: str | None) -> str:
    """``XXXXXXXXXX``, ``XXXXXXXXXX-NNN`` (branch) or the 12 digits of a personal ID."""
    digits = _digits(text, "vn_tax_code", (10, 12, 13))
    if len(digits) == 13:
        return f"{digits[:10]}-{digits[10:]}"
    return digits


def validate_vn_tax_code(text: str | None, *, allow_personal_id: bool = True) -> str:
    """Return the canonical form, or raise DomainError.

    12 digits are a personal ID (accepted for individuals; pass ``allow_personal_id=False`` where
    only an enterprise code makes sense). A branch suffix must be 001 or higher.
    """
    original = (text or "").strip()
    canonical = format_vn_tax_code(text)
    digits = canonical.replace("-", "")
    if len(digits) == 12:
        if not allow_personal_id:
            raise DomainError(
                _("“{value}” is a 12-digit personal ID, but an enterprise tax code is needed here. "
                  "Enter the 10-digit tax code of the enterprise.").format(value=original),
                field="vn_tax_code", code="personal_id_not_allowed")
        return canonical
    if vn_tax_code_check_digit(digits[:9]) != int(digits[9]):
        raise _wrong_check(original, "vn_tax_code")
    if len(digits) == 13 and digits[10:] == "000":
        raise DomainError(
            _("The branch suffix of the Vietnamese tax code “{value}” is 000, but branch numbers "
              "start at 001. Enter the branch's own suffix, or only the 10 digits of the head office.")
            .format(value=original), field="vn_tax_code", code="wrong_branch")
    return canonical


def is_valid_vn_tax_code(text: str | None, *, allow_personal_id: bool = True) -> bool:
    return _passes(lambda t: validate_vn_tax_code(t, allow_personal_id=allow_personal_id), text)
