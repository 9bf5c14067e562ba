"""Dates as Taiwanese readers expect them: the 民國 year beside the western one.

The one place that formats a 民國 date: 民國 year = western year − 1911 (民國元年 is 1912).
"""

from __future__ import annotations

import datetime as dt

ROC_OFFSET = 1911


def roc_year(year: int) -> int:
    """2026 -> 115."""
    return year - ROC_OFFSET


def western_year(roc: int) -> int:
    """115 -> 2026."""
    return roc + ROC_OFFSET


def roc_date(day: dt.date) -> str:
    """2026-11-26 -> '民國115年11月26日' (forms, where the western date is not wanted)."""
    return f"民國{roc_year(day.year)}年{day.month}月{day.day}日"


def show_date(day: dt.date) -> str:
    """2026-11-26 -> '2026-11-26（民國115年11月26日）'."""
    return f"{day.isoformat()}（{roc_date(day)}）"


def show_month(year: int, month: int) -> str:
    """(2026, 6) -> '2026年6月（民國115年6月）'."""
    return f"{year}年{month}月（民國{roc_year(year)}年{month}月）"


def show_year(year: int) -> str:
    """2026 -> '2026年（民國115年）'."""
    return f"{year}年（民國{roc_year(year)}年）"
