"""Dates as Taiwanese readers expect them: 民國 year beside the western one."""

from __future__ import annotations

import datetime as dt


def roc_year(year: int) -> int:
    return year - 1911


def show_date(day: dt.date) -> str:
    """2026-11-26 -> '2026-11-26（民國115年11月26日）'."""
    return (f"{day.isoformat()}（民國{roc_year(day.year)}年"
            f"{day.month}月{day.day}日）")


def show_month(year: int, month: int) -> str:
    """(2026, 6) -> '2026年6月（民國115年6月）'."""
    return f"{year}年{month}月（民國{roc_year(year)}年{month}月）"
