"""The search text and equality filters a lazy list model keeps, and LIKE-pattern escaping for its
search. A change of either asks the model to reload (coalesced by `request_reload`)."""

from __future__ import annotations

from typing import Any


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards escaped, for `.like(f"%{escape_like(text)}%", escape="\\\\")`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class EqualityFilters:
    """Mixin for a LazyTableModel subclass that names its filter keys in FILTERS and reads
    `self._filters` in its where_clauses. Put it before LazyTableModel in the bases and call
    `_init_filters()` in __init__."""

    FILTERS: tuple[str, ...] = ()

    def _init_filters(self) -> None:
        self._filters: dict[str, Any] = {}

    def set_filter(self, key: str, value: Any) -> None:
        if key not in self.FILTERS:
            raise KeyError(key)
        if self._filters.get(key) != value:
            self._filters[key] = value
            self.request_reload()

    def keep_filter(self, key: str, value: Any) -> None:
        """Set a filter without reading: for a list not read yet, whose first read applies it (a
        tab's list read when the tab is first made current)."""
        if key not in self.FILTERS:
            raise KeyError(key)
        self._filters[key] = value

    def filters(self) -> dict[str, Any]:
        """The filters in force (those set to None are off)."""
        return {k: v for k, v in self._filters.items() if v is not None}


class SearchAndFilters(EqualityFilters):
    """EqualityFilters and a search text (`self._search`, read in where_clauses). Call
    `_init_search_and_filters()` in __init__."""

    def _init_search_and_filters(self) -> None:
        self._init_filters()
        self._search = ""

    def set_search(self, text: str) -> None:
        text = _search_text(text)
        if text != self._search:
            self._search = text
            self.request_reload()

    def keep_search(self, text: str) -> None:
        """Set the search text without reading (see `keep_filter`)."""
        self._search = _search_text(text)

    @property
    def search(self) -> str:
        return self._search


def _search_text(text: str | None) -> str:
    # a NUL cannot be sent to PostgreSQL in a parameter (DataError) and is in no stored text
    return (text or "").replace("\x00", "").strip()
