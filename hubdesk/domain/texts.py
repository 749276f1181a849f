"""Text as it is stored: trimmed and in NFC (`clean_text`), and whether it fits its column.

Any Unicode is welcome (Korean, Vietnamese, emoji, right-to-left scripts), but PostgreSQL
refuses a NUL character in any text, and a VARCHAR column refuses more characters than its length
(SQLite would keep them, PostgreSQL would not): both are turned into a sentence here instead of
a database error at the end of a transaction."""

from __future__ import annotations

import unicodedata

from typing import Any

from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext


def text_problem(row_cls: Any, column: str, text: str | None) -> str | None:
    """The sentence saying why `text` cannot be stored in `row_cls.column`, or None if it can."""
    if not isinstance(text, str):
        return None
    if "\x00" in text:
        return _("This text contains a NUL character (code 0), which cannot be stored. Remove it.")
    limit = getattr(row_cls.__table__.c[column].type, "length", None)
    if limit is not None and len(text) > limit:
        return ngettext("This text is {count} characters long, but at most {max} character fits here. "
                        "Shorten it.",
                        "This text is {count} characters long, but at most {max} characters fit here. "
                        "Shorten it.", limit).format(count=len(text), max=limit)
    return None


def require_storable(row_cls: Any, column: str, text: str | None, *, field: str | None = None) -> None:
    """Raise DomainError (field = `field` or the column's name) when `text` cannot be stored."""
    problem = text_problem(row_cls, column, text)
    if problem is not None:
        raise DomainError(problem, field=field or column, code="invalid_text")


def clean_text(value: Any) -> Any:
    """Trimmed text in Unicode NFC (so that a Vietnamese name typed or pasted in decomposed form is
    stored, found and compared like the same name composed), None when blank; other values as
    they are."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
        return value or None
    return value
