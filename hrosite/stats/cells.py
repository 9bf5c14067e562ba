"""Cells a spreadsheet would run: refused in the text the published CSV files carry.

The site tells people to open its CSV files in Excel or LibreOffice, which treat a cell that
starts with = + - @ (or a tab or carriage return before one) as a formula: `=HYPERLINK(…)` in a
village name would sit in every row of the download (OWASP "CSV Injection"). Such text is
refused at its source line instead of being altered on the way out; numbers in count columns
are typed integers and never reach this check, so -3 gets its own "negative count" message.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HINT = "名稱與文字欄不可用 = + - @ 開頭（試算表會當成公式執行）；請刪除開頭的符號"


def formula_problem(value: object) -> str | None:
    """Why a text cell is refused (None: a spreadsheet shows it as text)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return None
    first = {"\t": "Tab", "\r": "CR"}.get(value[0], value[0])
    return f"文字不可以「{first}」開頭（spreadsheet formula）：開啟 CSV 時會被當成公式"
