"""Monthly series for the district and for one village, yearly tables, changes and trend text.

District figures are always the sum of the village rows of that month (docs/stats.md).
`yearly = "last"` datasets (戶數、人口數: counts at the end of a month) show each year's last
month; `yearly = "sum"` datasets (出生、死亡…: events during a month) show the year's total.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dates import show_year
from .months import Month, month_range

Values = dict[str, int]


def district_series(rows, columns: list[str]) -> dict[Month, Values]:
    out: dict[Month, Values] = {}
    for row in rows:
        sums = out.setdefault(row.month, {c: 0 for c in columns})
        for c in columns:
            sums[c] += row.values[c]
    return dict(sorted(out.items()))


def rows_by_village(rows) -> dict[str, list]:
    """Group a dataset's rows by village id once, so that each village page reads only its
    own rows (scanning every row for every village grows with villages × rows)."""
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row.village.id, []).append(row)
    return out


def village_series(rows, columns: list[str]) -> dict[Month, Values]:
    """The monthly values of one village, from that village's rows (see rows_by_village)."""
    return {r.month: {c: r.values[c] for c in columns} for r in rows}


@dataclass
class YearRow:
    year: int
    months: list[Month]   # the months with data in that year
    values: Values

    @property
    def complete(self) -> bool:
        return len(self.months) == 12

    @property
    def label(self) -> str:
        return show_year(self.year)

    @property
    def coverage(self) -> str:
        """What the row covers: 全年, 4月至12月, or the month of a year-end value."""
        first, last = self.months[0].month, self.months[-1].month
        if self.complete:
            return "全年"
        return f"{first}月" if first == last else f"{first}月至{last}月"


def yearly(series: dict[Month, Values], how: str) -> list[YearRow]:
    years: dict[int, list[Month]] = {}
    for month in series:
        years.setdefault(month.year, []).append(month)
    out = []
    for year, months in sorted(years.items()):
        months.sort()
        if how == "sum":
            columns = series[months[0]].keys()
            values = {c: sum(series[m][c] for m in months) for c in columns}
        else:
            values = dict(series[months[-1]])
        out.append(YearRow(year, months, values))
    return out


def full_months(series: dict[Month, Values], from_january: bool = False) -> list[Month]:
    """Every month from the first to the last (gaps included), optionally from January."""
    if not series:
        return []
    first, last = min(series), max(series)
    if from_january:
        first = Month(first.year, 1)
    return month_range(first, last)


def gaps(series: dict[Month, Values]) -> list[Month]:
    return [m for m in full_months(series) if m not in series]


@dataclass
class Change:
    month: Month
    base: Month
    value: int
    before: int | None

    @property
    def delta(self) -> int | None:
        return None if self.before is None else self.value - self.before


def changes(series: dict[Month, Values], column: str, month: Month) -> tuple[Change, Change]:
    """Against the previous month and the same month a year earlier (None when missing)."""
    value = series[month][column]
    out = []
    for base in (month.shift(-1), month.shift(-12)):
        before = series.get(base, {}).get(column)
        out.append(Change(month, base, value, before))
    return out[0], out[1]


def change_text(change: Change, unit: str, percent: bool = False) -> str:
    """「增加 12 人」「減少 1,024 人（−4.2%）」「持平」「無資料」: in words, not colour or sign alone."""
    delta = change.delta
    if delta is None:
        return "無資料"
    if delta == 0:
        return "持平"
    text = f"{'增加' if delta > 0 else '減少'} {abs(delta):,} {unit}".rstrip()
    if percent and change.before:
        text += f"（{'+' if delta > 0 else '−'}{abs(delta) / change.before * 100:.1f}%）"
    return text


def _direction(a: int, b: int) -> str:
    return "增加" if b > a else "減少" if b < a else "持平"


def move_sentence(name: str, unit: str, points: list[tuple[str, int]], percent: bool) -> str:
    """「人口數由2014年4月的 25,905 人減少到2021年3月的 23,453 人（減少 2,452 人，−9.5%）；
    最高為…，最低為…。」 from (label, value) points in time order."""
    if not points:
        return f"{name}沒有資料。"
    (first, a), (last, b) = points[0], points[-1]
    if len(points) == 1:
        return f"{name}在{first}為 {a:,} {unit}。"
    if a == b:
        text = f"{name}在{first}與{last}同為 {a:,} {unit}"
    else:
        pct = f"，{'+' if b > a else '−'}{abs(b - a) / a * 100:.1f}%" if percent and a else ""
        text = (f"{name}由{first}的 {a:,} {unit}{_direction(a, b)}到{last}的 {b:,} {unit}"
                f"（{_direction(a, b)} {abs(b - a):,} {unit}{pct}）")
    hi = max(points, key=lambda p: p[1])
    lo = min(points, key=lambda p: p[1])
    return text + f"；最高為{hi[0]}的 {hi[1]:,} {unit}，最低為{lo[0]}的 {lo[1]:,} {unit}。"


def trend_sentence(name: str, unit: str, series: dict[Month, int], how: str) -> str:
    """One sentence summarising a monthly series for a chart's <desc>.

    Counts at month end (`last`): first against last month, highest and lowest.
    Events (`sum`): the monthly range, then whole-year totals of the first and last
    complete years (partial years would mislead).
    """
    if not series:
        return f"{name}沒有資料。"
    if how == "last":
        return move_sentence(name, unit, [(m.short, series[m]) for m in sorted(series)], True)
    lo, hi = min(series.values()), max(series.values())
    text = f"{name}每月介於 {lo:,} 至 {hi:,} {unit}"
    complete = [y for y in yearly({m: {"v": v} for m, v in series.items()}, "sum") if y.complete]
    if len(complete) >= 2:
        a, b = complete[0].values["v"], complete[-1].values["v"]
        text += (f"；全年合計{complete[0].year}年 {a:,} {unit}，{complete[-1].year}年 {b:,} {unit}"
                 f"（{_direction(a, b)}{f' {abs(b - a):,} {unit}' if a != b else ''}）")
    elif complete:
        text += f"；{complete[0].year}年全年 {complete[0].values['v']:,} {unit}"
    return text + "。"
