"""民國 dates are formatted in one module, the same wherever they appear."""

from __future__ import annotations

import datetime as dt

from hrosite.dates import roc_date, roc_year, show_date, show_month, show_year, western_year
from hrosite.stats.months import parse_month


def test_roc_forms():
    day = dt.date(2026, 11, 26)
    assert (roc_year(2026), western_year(115)) == (115, 2026)
    assert roc_date(day) == "民國115年11月26日"
    assert show_date(day) == "2026-11-26（民國115年11月26日）"
    assert show_month(2026, 6) == "2026年6月（民國115年6月）"
    assert show_year(2026) == "2026年（民國115年）"


def test_first_roc_year_is_1912():
    assert roc_date(dt.date(1912, 1, 1)) == "民國1年1月1日"


def test_statistics_months_use_the_same_forms():
    month = parse_month("115/6")
    assert (month.iso, month.roc, month.label) == ("2026-06", "11506", show_month(2026, 6))
