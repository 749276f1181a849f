"""Columns of an import or export: the key written as the English header, the Korean header, other
accepted spellings, and how a cell is read. Matching a file's headers ignores case and spacing."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext
from hubdesk.interchange.cells import parse_text


@dataclass(frozen=True)
class Column:
    key: str                                  # the English header the export writes
    ko: str                                   # the Korean header
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    aliases: tuple[str, ...] = field(default=())

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.ko, *self.aliases)

    def header(self, korean: bool = False) -> str:
        """The header a file (an export, a template) writes: the Korean one or the English key."""
        return self.ko if korean else self.key

    def takes_text(self) -> str:
        """What a cell of this column takes, in the interface language ("" when its parser does not
        say): from the parser (hubdesk.interchange.cells.takes), so it can never disagree with it."""
        parse = self.parse
        description = getattr(parse, "takes", None)
        if description is None:
            return ""
        enum_cls = getattr(parse, "enum_cls", None)
        if enum_cls is not None:
            choices = ", ".join(_choice(member, getattr(parse, "labels", {})) for member in enum_cls)
            return _(description).format(choices=choices)
        limit = getattr(parse, "max_length", None)
        if limit:
            return _("Text, at most {limit} characters").format(limit=limit)
        return _(description)


def _korean_label(member: enum.Enum, labels) -> str | None:
    return next((label for label in labels.get(member, ()) if re.search(r"[\uac00-\ud7a3]", label)), None)


def _choice(member: enum.Enum, labels) -> str:
    """A choice as the column list shows it: the value, with its Korean name for a Korean reader."""
    from hubdesk.i18n import get_language

    korean = _korean_label(member, labels) if get_language() == "ko" else None
    return f"{member.value} ({korean})" if korean else str(member.value)


def header_key(text: Any) -> str:
    """What two headers must share to be the same column: case, spaces, underscores, hyphens,
    dots and a BOM are ignored."""
    return re.sub(r"[\s_\-.·\ufeff]+", "", str(text or "")).casefold()


@dataclass
class HeaderMap:
    """Where each known column is in the file (index), and the header as written there."""

    index: dict[str, int]
    written: dict[str, str]
    ignored: list[str]

    def header_for(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self.written.get(key, key)

    def __contains__(self, key: str) -> bool:
        return key in self.index


def match_headers(headers: Sequence[Any], columns: Sequence[Column], *, file_name: str) -> HeaderMap:
    """Map the file's header row to the columns. Missing required columns or a column given twice
    raise DomainError with one sentence; unknown headers are ignored (and listed)."""
    by_spelling: dict[str, Column] = {}
    for col in columns:
        for spelling in col.spellings():
            by_spelling.setdefault(header_key(spelling), col)
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for i, raw in enumerate(headers):
        text = str(raw).strip() if raw is not None else ""
        if not text:
            continue
        col = by_spelling.get(header_key(text))
        if col is None:
            ignored.append(text)
            continue
        if col.key in index:
            raise DomainError(_("{file}: the columns “{first}” and “{second}” both hold {column}. Keep "
                                "only one of them.").format(file=file_name, first=written[col.key],
                                                            second=text, column=col.key),
                              code="duplicate_column")
        index[col.key] = i
        written[col.key] = text
    missing = [c for c in columns if c.required and c.key not in index]
    if missing:
        names = ", ".join(f"{c.key} ({c.ko})" for c in missing)
        raise DomainError(ngettext("{file} has no column {names}, which is required. Add it to the "
                                   "header row (first row) and try again.",
                                   "{file} lacks the required columns {names}. Add them to the header "
                                   "row (first row) and try again.", len(missing))
                          .format(file=file_name, names=names), code="missing_columns")
    return HeaderMap(index=index, written=written, ignored=ignored)
