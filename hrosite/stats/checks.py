"""Domain checks on typed rows: months, villages and their validity, duplicates, sums.

Village validity rule (docs/stats.md): a row for month M is valid when its village existed
on the first day of M (site.yml valid_from ≤ M-01 ≤ valid_until). 慈愛里 (valid_until
2026-06-30) may have 2026-06 but not 2026-07; 北端里 (valid_from 2026-07-01) starts 2026-07.

Replaced villages (docs/stats.md): when most rows of one file name a village site.yml does not
have (unknown code, or a name that does not match its code), the village list and the file belong
to different offices; that file gets one summary finding instead of one per row, and the
per-month completeness findings (consequences of the same mismatch) are dropped.

District totals are the sum of the village rows. A source may carry district total rows
(village code = the 8-digit district code, e.g. 64000010); they are checked against that sum
and not published (one table per file, no totals inside the data: docs/sources.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import show_date
from ..findings import Finding
from ..model.site import Office, Village
from .months import Month, parse_month
from .reader import SourceRow


# A file is "replaced" when at least this many rows and more than this share of its rows
# name villages site.yml does not know (or names that do not match their codes).
REPLACED_MIN_ROWS = 10
REPLACED_SHARE = 0.5


@dataclass(frozen=True)
class SumRule:
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class AtMostRule:
    column: str
    at_most: str


@dataclass
class Row:
    month: Month
    village: Village
    values: dict[str, int]
    source: SourceRow


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)        # village rows, sorted
    totals: list[Row] = field(default_factory=list)      # district total rows from the sources
    findings: list[Finding] = field(default_factory=list)


def district_code(office: Office) -> str | None:
    """The 8-digit area code all village codes share (64000010 for 鹽埕區), if they do."""
    prefixes = {v.code[:8] for v in office.villages if v.code}
    return prefixes.pop() if len(prefixes) == 1 else None


def _validity(village: Village) -> str:
    start = f"自 {show_date(village.valid_from)}起" if village.valid_from else ""
    end = f"至 {show_date(village.valid_until)}止" if village.valid_until else ""
    return start + end


def _village_problem(village: Village, month: Month, office: Office) -> str | None:
    if village.valid_on(month.first_day()):
        return None
    if village.valid_until and month.first_day() > village.valid_until:
        successor = next((v.name for v in office.villages if v.id == village.replaced_by), None)
        merged = f"，之後併入{successor}" if successor else ""
        return (f"{village.name}（{village.code}）只存續至 {show_date(village.valid_until)}{merged}，"
                f"不應有{month.label}的資料（retired village）")
    return (f"{village.name}（{village.code}）於 {show_date(village.valid_from)}才成立，"
            f"不應有{month.label}的資料（village not yet valid）")


def check_rows(source_rows: list[SourceRow], office: Office, columns: list[str],
               rules: list[SumRule | AtMostRule]) -> Checked:
    out = Checked()
    by_code = {v.code: v for v in office.villages if v.code}
    district = district_code(office)
    seen: dict[tuple[Month, str], SourceRow] = {}
    present: set[tuple[Month, str]] = set()   # rows with a bad cell still count as there
    strangers: dict[str, list[tuple[SourceRow, Finding]]] = {}   # file -> unknown-village rows
    for src in source_rows:
        month = parse_month(src.month)
        if not src.ok:  # Frictionless has reported the cell; note the row for completeness
            if month and src.code.replace("-", "") in by_code:
                present.add((month, by_code[src.code.replace("-", "")].id))
            continue
        if month is None:
            out.findings.append(src.finding(
                "month", f"年月格式錯誤（invalid month），目前是「{src.month}」",
                "寫成 2026-06（西元）或 11506（民國年月）"))
            continue
        code = src.code.replace("-", "")
        if district and code == district:
            village = Village(id="district", code=None, name=office.district)
        elif code in by_code:
            village = by_code[code]
            problem = _village_problem(village, month, office)
            if problem:
                out.findings.append(src.finding("village_code", problem,
                                                f"{village.name}的有效期間（site.yml）：{_validity(village)}；"
                                                "里在某月 1 日存在，才可有該月的資料"))
                continue
            if src.village and src.village != village.name:
                strangers.setdefault(src.file, []).append((src, src.finding(
                    "village", f"村里名稱與代碼不符：代碼 {code} 是{village.name}，"
                    f"這裡寫「{src.village}」（name does not match code）",
                    "核對代碼與名稱，以 site.yml 的 villages 為準")))
                continue
        else:
            strangers.setdefault(src.file, []).append((src, src.finding(
                "village_code", f"未知的村里代碼（unknown village code）「{src.code}」",
                "site.yml 的 villages 沒有這個代碼；新成立的里請先在 site.yml 填上 code")))
            continue
        key = (month, code)
        if key in seen:
            first = seen[key]
            out.findings.append(src.finding(
                "village_code", f"{month.label}{village.name}的資料重複（duplicate row），"
                f"{first.file}:{first.line} 已經有這一列", "刪除其中一列"))
            continue
        seen[key] = src
        row = Row(month, village, {c: src.values[c] for c in columns}, src)
        out.findings += _rule_findings(row, rules)
        (out.totals if village.id == "district" else out.rows).append(row)
    out.rows.sort(key=lambda r: (r.month, r.village.code))
    village_findings, replaced = _village_findings(strangers, source_rows, office)
    out.findings += village_findings
    if not replaced:   # a replaced village list makes every month "incomplete": no flood
        out.findings += _completeness(out.rows, office, present)
    out.findings += _district_totals(out.rows, out.totals, columns)
    return out


def _village_findings(strangers: dict[str, list[tuple[SourceRow, Finding]]],
                      source_rows: list[SourceRow], office: Office) -> tuple[list[Finding], bool]:
    """Per-row village findings, or one summary for a file whose rows mostly name other villages.

    Returns the findings and whether any file was summarised as replaced.
    """
    totals: dict[str, int] = {}
    for src in source_rows:
        totals[src.file] = totals.get(src.file, 0) + 1
    out: list[Finding] = []
    replaced = False
    for file, bad in strangers.items():
        total = totals.get(file, len(bad))
        if len(bad) < REPLACED_MIN_ROWS or len(bad) <= total * REPLACED_SHARE:
            out += [finding for _, finding in bad]
            continue
        replaced = True
        out.append(_replaced_summary(file, bad, total, office))
    return out, replaced


def _replaced_summary(file: str, bad: list[tuple[SourceRow, Finding]], total: int,
                      office: Office) -> Finding:
    """One finding for a file whose villages are not the office's: what happened, what to do."""
    first = bad[0][1]
    names = []
    for src, _ in bad:
        name = src.village or src.code
        if name not in names:
            names.append(name)
    known = "、".join(v.name for v in office.villages[:5]) + ("…" if len(office.villages) > 5 else "")
    shown = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
    return Finding(
        file, first.line, first.col, first.field,
        f"這個檔案 {total:,} 列中有 {len(bad):,} 列的村里不在 site.yml 的 villages"
        f"（共 {len(names)} 個村里，例如 {shown}；site.yml 目前是 {known}）："
        "統計資料與村里清單屬於不同的事務所或不同時期（villages do not match this office）。"
        "逐列的村里錯誤與各月缺漏不再一一列出",
        "若這是本所的新統計資料，先更新 site.yml 的 villages（每個里的 name 與 11 碼 code），"
        "或用 hrosite new-office 以本所的村里重新產生事務所資料夾；"
        "若檔案放錯了，換回本所的統計檔案。改好後再執行 hrosite validate")


def _rule_findings(row: Row, rules: list[SumRule | AtMostRule]) -> list[Finding]:
    out, v, src = [], row.values, row.source
    for rule in rules:
        if isinstance(rule, SumRule):
            total = sum(v[p] for p in rule.parts)
            if v[rule.total] != total:
                parts = " + ".join(f"{src.label(p)} {v[p]:,}" for p in rule.parts)
                out.append(src.finding(rule.total, f"總數不符（wrong sum）：{parts} = {total:,}，"
                                       f"但 {src.label(rule.total)} 是 {v[rule.total]:,}"))
        elif v[rule.column] > v[rule.at_most]:
            out.append(src.finding(rule.column, f"{src.label(rule.column)} "
                                   f"{v[rule.column]:,} 大於 {src.label(rule.at_most)} "
                                   f"{v[rule.at_most]:,}（must not exceed）"))
    return out


def _completeness(rows: list[Row], office: Office,
                  broken: set[tuple[Month, str]]) -> list[Finding]:
    """Every village that existed in a month (and has a code) needs its row that month."""
    out: list[Finding] = []
    by_month: dict[Month, list[Row]] = {}
    for row in rows:
        by_month.setdefault(row.month, []).append(row)
    for month, month_rows in sorted(by_month.items()):
        present = {r.village.id for r in month_rows} | {v for m, v in broken if m == month}
        first = min((r.source for r in month_rows), key=lambda s: (s.file, s.line))
        for village in office.villages:
            if village.id in present or not village.valid_on(month.first_day()):
                continue
            if village.code is None:
                message = (f"{month.label}{village.name}已成立，但 site.yml 還沒有它的村里代碼，"
                           "無法核對這個月的資料（village has no code）")
                hint = f"在 site.yml 填上{village.name}的 code"
            else:
                message = f"{month.label}缺少{village.name}（{village.code}）的資料（missing village）"
                hint = "每個月每個里都要有一列；沒有發生時各欄寫 0"
            out.append(first.finding("month", message, hint))
    return out


def _district_totals(rows: list[Row], totals: list[Row], columns: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for total in totals:
        villages = [r for r in rows if r.month == total.month]
        for column in columns:
            expected = sum(r.values[column] for r in villages)
            if total.values[column] != expected:
                out.append(total.source.finding(
                    column, f"全區合計不符（wrong district total）：{total.month.label}各里合計 "
                    f"{expected:,}，合計列寫 {total.values[column]:,}",
                    "全區數字應等於各里數字相加"))
    return out
