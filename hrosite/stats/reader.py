"""One source CSV → typed rows, with Frictionless Table Schema doing the type checks.

The header is matched by name (a staff member's file may order or name its columns the
MOI's way, declared in datasets.yml); then a Table Schema is built in the file's own column
order and Frictionless types every cell: integers, no negative counts, required cells,
the village-code pattern. Its errors (row number, field number) become Findings at the
CSV's line and column. Domain checks (villages, sums, duplicates) come after, in checks.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from frictionless import Dialect, FrictionlessException, Schema, formats
from frictionless.resources import TableResource

from ..findings import Finding
from ..sources import read_text
from .cells import HINT as FORMULA_HINT, formula_problem
from .csvpos import Record, scan

CODE_PATTERN = r"\d{8}(-?\d{3})?"   # 64000010001, 64000010-001, or the district 64000010


@dataclass(frozen=True)
class Wanted:
    """A dataset column and the file's header label(s) it comes from (several are summed)."""

    name: str
    type: str               # month | village_code | village | integer
    labels: tuple[str, ...]
    optional: bool = False  # the village name may be left out: site.yml has it


@dataclass
class SourceRow:
    file: str
    record: Record                              # where the row's cells are, for messages
    columns: dict[str, tuple[str, int]]         # dataset column → (file's header label, cell index);
                                                # one dict shared by every row of a file
    month: str = ""
    code: str = ""
    village: str | None = None
    values: dict[str, int] = field(default_factory=dict)
    ok: bool = True   # False: a cell failed its type; the row only counts as present

    @property
    def line(self) -> int:
        return self.record.line

    def label(self, column: str) -> str:
        """The file's own header for a dataset column, so a message names what staff see."""
        return self.columns[column][0] if column in self.columns else column

    def where(self, column: str) -> tuple[int, int]:
        """(line, col) of the column's first source cell; worked out only for a message."""
        if column not in self.columns:
            return self.record.line, 1
        return self.record.where(self.columns[column][1])

    def finding(self, column: str, message: str, hint: str | None = None) -> Finding:
        line, col = self.where(column)
        return Finding(self.file, line, col, self.label(column), message, hint)


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), [])


def _check_header(labels: list[str], wanted: list[Wanted], ignore: list[str], rel: str,
                  head: Record) -> tuple[list[Finding], bool]:
    """Problems with the header row; the bool says whether rows can still be read."""
    findings, readable = [], True
    known = {label for w in wanted for label in w.labels} | set(ignore)
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        line, col = head.where(index)
        if label in seen:
            findings.append(Finding(rel, line, col, label,
                                    f"欄位名稱重複（duplicate column），第 {seen[label] + 1} 欄已經有「{label}」"))
            readable = False
        seen.setdefault(label, index)
        if label not in known:
            findings.append(Finding(rel, line, col, label,
                                    f"未知的欄位（unknown column）「{label}」",
                                    "在 stats/datasets.yml 此檔的 columns 對應到資料集欄位，"
                                    "或列入 ignore；也可能是欄名打錯"))
    for w in wanted:
        missing = [label for label in w.labels if label not in seen]
        if missing and not (w.optional and len(missing) == len(w.labels)):
            findings.append(Finding(rel, head.line, 1, w.name,
                                    f"缺少欄位（missing column）「{'、'.join(missing)}」",
                                    f"第 1 列（標題列）應有「{'、'.join(w.labels)}」"))
            readable = False
    return findings, readable


def _field(label: str, kind: str | None) -> dict:
    if kind == "integer":
        return {"name": label, "type": "integer", "constraints": {"required": True, "minimum": 0}}
    if kind == "village_code":
        return {"name": label, "type": "string",
                "constraints": {"required": True, "pattern": CODE_PATTERN}}
    if kind == "month":
        return {"name": label, "type": "string", "constraints": {"required": True}}
    if kind == "village":
        return {"name": label, "type": "string"}
    return {"name": label, "type": "any"}


def _message(error, label: str) -> tuple[str, str | None, str]:
    """Chinese message, hint and severity for a Frictionless row error."""
    kind, note = error.type, getattr(error, "note", "") or ""
    cell = getattr(error, "cell", "")
    if kind == "type-error":
        return (f"應為整數（integer），目前是「{cell}」",
                "只寫阿拉伯數字，不加千分位逗號、空白或單位", "error")
    if kind == "constraint-error" and '"minimum"' in note:
        return f"計數不可為負數（negative count），目前是「{cell}」", None, "error"
    if kind == "constraint-error" and '"required"' in note:
        return "不可空白（required）", "沒有發生時請寫 0", "error"
    if kind == "constraint-error" and '"pattern"' in note:
        return (f"村里代碼格式錯誤（invalid village code），目前是「{cell}」",
                "內政部村里代碼為 11 位數字，例如 64000010001", "error")
    if kind == "missing-cell":
        return f"這一列缺少「{label}」欄（missing cell）", "檢查是否少了逗號", "error"
    if kind == "extra-cell":
        return "這一列的欄位比標題列多（extra cell）", "檢查是否多了逗號，或數字裡有千分位逗號", "error"
    if kind == "blank-row":
        return "空白列（blank row），已略過", "刪除這一列", "warning"
    return f"{error.title}（{kind}）{note}", None, "error"


def read_source(path: Path, rel: str, wanted: list[Wanted],
                ignore: list[str] | dict[str, str]) -> tuple[list[SourceRow], list[Finding]]:
    """Typed rows of one file; `ignore` lists unpublished columns (a list: text; a mapping:
    label → text | integer, so an unpublished count is typed too)."""
    ignored = dict.fromkeys(ignore, "text") if isinstance(ignore, list) else dict(ignore)
    ignore = list(ignored)
    text, findings = read_text(path, rel)
    if text is None:
        return [], findings
    records = scan(text)
    if not records or not records[0].cells:
        return [], [Finding(rel, 1, 1, None, "檔案是空的或第 1 列不是標題列（no header row）",
                            "第 1 列寫欄位名稱，例如 month,village_code,…")]
    labels = _header(text)
    problems, readable = _check_header(labels, wanted, ignore, rel, records[0])
    findings += problems
    if not readable:
        return [], findings

    kinds = {label: w.type for w in wanted for label in w.labels}
    kinds.update({label: kind for label, kind in ignored.items() if kind == "integer"})
    # Text a spreadsheet could run: names and unpublished text (month and code have patterns).
    text_cells = [(n, label) for n, label in enumerate(labels) if kinds.get(label, "text") in ("village", "text")]
    schema = Schema.from_descriptor({"fields": [_field(label, kinds.get(label)) for label in labels]})
    resource = TableResource(data=text.encode("utf-8"), format="csv", encoding="utf-8",
                             schema=schema,
                             dialect=Dialect(controls=[formats.CsvControl(delimiter=",")]))
    rows: list[SourceRow] = []
    index = {label: n for n, label in enumerate(labels)}
    plan = [(w, present) for w in wanted
            if (present := [label for label in w.labels if label in index])]
    columns = {w.name: (present[0], index[present[0]]) for w, present in plan}
    try:
        with resource:
            for row in resource.row_stream:
                record = records[row.row_number - 1] if row.row_number <= len(records) else records[-1]
                findings += _row_findings(row, record, labels, rel)
                findings += _formula_findings(row, record, text_cells, rel)
                if any(e.type == "blank-row" for e in row.errors):
                    continue
                source_row = _source_row(row.to_dict(), record, plan, columns, rel)
                source_row.ok = not row.errors
                rows.append(source_row)
    except FrictionlessException as exc:  # a file Frictionless cannot parse at all
        findings.append(Finding(rel, None, None, None,
                                f"無法讀取 CSV（cannot parse）：{exc.error.note or exc.error.title}"))
    return rows, findings


def _row_findings(row, record: Record, labels: list[str], rel: str) -> list[Finding]:
    out: list[Finding] = []
    missing = {e.field_number for e in row.errors if e.type == "missing-cell"}
    for error in row.errors:
        number = getattr(error, "field_number", None)
        if error.type == "constraint-error" and number in missing:
            continue  # the missing cell is the one message staff need
        label = labels[number - 1] if number and number <= len(labels) else None
        message, hint, severity = _message(error, label or "")
        line, col = record.where(number - 1 if number else None)
        if error.type == "blank-row":
            line, col = record.line, 1
        out.append(Finding(rel, line, col, label if error.type != "extra-cell" else None,
                           message, hint, severity=severity))
    return out


def _formula_findings(row, record: Record, text_cells: list[tuple[int, str]],
                      rel: str) -> list[Finding]:
    out = []
    for index, label in text_cells:
        problem = formula_problem(row[label] if label in row else None)
        if problem:
            out.append(Finding(rel, *record.where(index), label, problem, FORMULA_HINT))
    return out


def _source_row(cells: dict, record: Record, plan: list[tuple[Wanted, list[str]]],
                columns: dict[str, tuple[str, int]], rel: str) -> SourceRow:
    """One typed row; `plan` is each wanted column with the labels this file has for it
    (an optional village name the file does not carry is left out of the plan)."""
    out = SourceRow(rel, record, columns)
    for w, present in plan:
        if w.type == "integer":
            parts = [cells.get(label) for label in present]
            if all(isinstance(v, int) for v in parts):
                out.values[w.name] = sum(parts)
        elif w.type == "month":
            out.month = str(cells.get(present[0]) or "").strip()
        elif w.type == "village_code":
            out.code = str(cells.get(present[0]) or "").strip()
        elif w.type == "village":
            value = cells.get(present[0])
            out.village = str(value).strip() if value is not None else None
    return out
