"""Valid identifiers for demo organizations: Korean business and corporate registration numbers and
Vietnamese tax codes (MST), generated so that their check digits are right (docs/ARCHITECTURE.md,
"Identifiers"; the weights are in hubdesk.domain.identifiers)."""

from __future__ import annotations

import random

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def brn_check_digit(first9: str) -> int:
    d = [int(c) for c in first9]
    total = sum(w * x for w, x in zip(_BRN_WEIGHTS, d)) + (d[8] * 5) // 10
    return (10 - total % 10) % 10


def business_number(rng: random.Random, used: set[str], *, corporate: bool = True) -> str:
    """A unique, valid Korean business registration number written `XXX-XX-XXXXX`.

    The middle pair is 81, 86, 87 or 88 for corporations, 01–79 for sole proprietors, as issued.
    """
    while True:
        head = f"{rng.randint(101, 899):03d}"
        mid = f"{rng.choice((81, 86, 87, 88)):02d}" if corporate else f"{rng.randint(1, 79):02d}"
        serial = f"{rng.randint(0, 9999):04d}"
        first9 = head + mid + serial
        number = f"{head}-{mid}-{serial}{brn_check_digit(first9)}"
        if number not in used:
            used.add(number)
            return number


def corporate_number(rng: random.Random) -> str:
    """A valid Korean corporate registration number written `XXXXXX-XXXXXXX`."""
    first12 = f"{rng.randint(110, 285):03d}111{rng.randint(0, 999999):06d}"
    total = sum((1 if i % 2 == 0 else 2) * int(c) for i, c in enumerate(first12))
    check = (10 - total % 10) % 10
    digits = first12 + str(check)
    return f"{digits[:6]}-{digits[6:]}"


def mst_check_digit(first9: str) -> int | None:
    """The tenth digit of a Vietnamese tax code, or None when no digit can make the prefix valid."""
    total = sum(w * int(c) for w, c in zip(_MST_WEIGHTS, first9))
    check = 10 - total % 11
    return check if check <= 9 else None


def vietnamese_tax_code(rng: random.Random, province: str, used: set[str], *, branch: bool = False) -> str:
    """A unique, valid 10-digit MST starting with the province code (13 digits `-001` for a branch)."""
    while True:
        first9 = province + f"{rng.randint(0, 9_999_999):07d}"
        check = mst_check_digit(first9)
        if check is None:
            continue
        code = first9 + str(check)
        if branch:
            code += f"-{rng.randint(1, 3):03d}"
        if code not in used:
            used.add(code)
            return code
