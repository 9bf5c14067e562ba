"""年月: staff write 2026-06 or the 民國 forms 11506 / 115-06 / 115/6; the site stores ISO.

民國 year + 1911 = western year. A bare four- or five-digit number is always 民國
(YYMM / YYYMM, as the MOI writes 統計年月); a western month needs the hyphen: 2026-06.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ..dates import roc_year, show_month, western_year

_WESTERN = re.compile(r"(\d{4})-(\d{2})")
_ROC_COMPACT = re.compile(r"(\d{2,3})(\d{2})")
_ROC_SEPARATED = re.compile(r"(\d{2,3})[-/](\d{1,2})")


class Month(NamedTuple):
    year: int
    month: int

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def roc(self) -> str:
        """The MOI's 統計年月: 11506."""
        return f"{roc_year(self.year)}{self.month:02d}"

    @property
    def label(self) -> str:
        """2026年6月（民國115年6月）: both years, as on every date of the site."""
        return show_month(self.year, self.month)

    @property
    def short(self) -> str:
        """2026年6月, where the 民國 year is already given nearby."""
        return f"{self.year}年{self.month}月"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return self.iso


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from first to last inclusive."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [first.shift(i) for i in range(max(count, 0))]


def parse_month(text: str) -> Month | None:
    """'2026-06', '11506', '115-06', '115/6' → Month(2026, 6); None when it is not a month."""
    text = (text or "").strip()
    if m := _WESTERN.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _ROC_COMPACT.fullmatch(text) or _ROC_SEPARATED.fullmatch(text):
        year, month = western_year(int(m.group(1))), int(m.group(2))
    else:
        return None
    if not 1 <= month <= 12 or year < 1912:
        return None
    return Month(year, month)
