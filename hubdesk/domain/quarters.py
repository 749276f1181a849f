"""Fiscal year = calendar year; quarters Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hubdesk.errors import DomainError
from hubdesk.i18n import _

# Years a parsed quarter may have (every one has its dates, its neighbours and a 4-digit name).
FIRST_YEAR, LAST_YEAR = 1900, 2999
_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        m = _PATTERN.match(text or "")
        if not m:
            raise DomainError(_("“{text}” is not a quarter. Write it as year and quarter, for example 2026Q3.")
                              .format(text=text), field="quarter")
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise DomainError(_("“{text}” is not a quarter hubdesk can keep: the year must be from {first} "
                                "to {last}. Check the year.").format(text=text, first=FIRST_YEAR, last=LAST_YEAR),
                              field="quarter")
        return cls(year, int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter (inclusive)."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def end_exclusive(self) -> dt.date:
        return self.next().start

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> list[dt.date]:
        n = (self.end_exclusive - self.start).days
        return [self.start + dt.timedelta(days=i) for i in range(n)]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"
