"""Replacing an office's statistics (or its villages) gives one summary finding per file.

A file whose rows mostly name villages site.yml lacks is reported once, at its first such
row, with what happened and what to do; a single wrong code among known villages is still
reported on its own row.
"""

from __future__ import annotations

from pathlib import Path

from hrosite.findings import errors
from hrosite.model.stats import load_stats

from test_stats import office, root  # noqa: F401 (the same fixtures: the office and a copy of its stats)

POP = "stats/population.csv"


def foreign(root: Path, rel: str, keep: int = 0) -> int:
    """Rewrite the village code and name of every row after the first `keep` as another
    district's (範例 codes 99000010xxx, names 範例N里); returns the number of data rows."""
    path = root / rel
    rows = path.read_text(encoding="utf-8").split("\n")
    data = 0
    for n in range(1, len(rows)):
        cells = rows[n].split(",")
        if len(cells) < 3:
            continue
        data += 1
        if data <= keep:
            continue
        number = int(cells[1][-3:])
        cells[1] = f"99000010{number:03d}"
        cells[2] = f"範例{number}里"
        rows[n] = ",".join(cells)
    path.write_text("\n".join(rows), encoding="utf-8")
    return data


def test_replaced_villages_give_one_summary_per_file(root, office):
    total = foreign(root, POP)
    _, findings = load_stats(root, office)
    in_file = [f for f in errors(findings) if f.file == POP]
    assert len(in_file) == 1, "\n".join(f.format_text() for f in in_file[:20])
    summary = in_file[0]
    assert (summary.line, summary.col, summary.field) == (2, len("2014-04,") + 1, "village_code")
    assert f"這個檔案 {total:,} 列中有 {total:,} 列的村里不在 site.yml 的 villages" in summary.message
    assert "範例1里" in summary.message and "藍橋里" in summary.message
    assert "villages do not match this office" in summary.message
    assert "更新 site.yml 的 villages" in summary.hint and "hrosite new-office" in summary.hint
    # neither per-row village errors nor per-month "missing village" follow anywhere
    assert not [f for f in findings if "unknown village code" in f.message
                or "missing village" in f.message]


def test_mostly_replaced_file_still_summarised(root, office):
    total = foreign(root, POP, keep=20)
    _, findings = load_stats(root, office)
    in_file = [f for f in errors(findings) if f.file == POP]
    assert len(in_file) == 1, "\n".join(f.format_text() for f in in_file[:20])
    assert f"{total:,} 列中有 {total - 20:,} 列" in in_file[0].message
    assert in_file[0].line == 22


def test_few_unknown_codes_stay_per_row(root, office):
    path = root / POP
    rows = path.read_text(encoding="utf-8").split("\n")
    for n in (2, 3):
        cells = rows[n - 1].split(",")
        cells[1] = "64000010099"
        rows[n - 1] = ",".join(cells)
    path.write_text("\n".join(rows), encoding="utf-8")
    _, findings = load_stats(root, office)
    unknown = [f for f in errors(findings) if "unknown village code" in f.message]
    assert [(f.file, f.line) for f in unknown] == [(POP, 2), (POP, 3)]
    assert not [f for f in findings if "villages do not match" in f.message]
