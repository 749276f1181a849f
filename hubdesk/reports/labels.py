"""Translated names of the enum values a report prints (from the one list in hubdesk/enum_labels.py).

Figures store the enum *values*, so an issued report can be printed later in any language.
"""

from __future__ import annotations

from hubdesk.db import enums as E
from hubdesk.enum_labels import label as enum_label


def label(enum_cls: type, value: object) -> str:
    """The translated name of a stored enum value ("" for None; the raw value if unknown)."""
    return enum_label(getattr(value, "value", value), enum_cls)


def units_text(n: int, unit: object, formatted: str | None = None) -> str:
    """A number of booking units: "3 hours", "1 day" (plural forms of the language)."""
    from hubdesk.i18n import ngettext

    shown = formatted if formatted is not None else str(n)
    raw = str(getattr(unit, "value", unit))
    if raw == E.BookingUnit.HOUR.value:
        return ngettext("{n} hour", "{n} hours", int(n)).format(n=shown)
    if raw == E.BookingUnit.DAY.value:
        return ngettext("{n} day", "{n} days", int(n)).format(n=shown)
    return shown
