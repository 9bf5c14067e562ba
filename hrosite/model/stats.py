"""人口統計 sources: stats/datasets.yml describes each dataset; CSV files carry the rows.

datasets.yml says, per dataset, what data.gov.tw asks for (title, description, every column
with type, unit and description, source, update frequency, coverage, contact, licence) and
which CSV files feed it. The files are type-checked with Frictionless Table Schema
(hrosite/stats/reader.py), then checked against site.yml's villages (hrosite/stats/checks.py).
Developer notes: docs/stats.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import re

from pydantic import Field, field_validator

from ..findings import Finding
from ..sources import Document, load_yaml_file
from ..stats.checks import AtMostRule, Row, SumRule, check_rows, district_code
from ..stats.months import Month
from ..stats.reader import Wanted, read_source
from ..stats.series import district_series, gaps
from .site import Office
from .validation import ID_PATTERN, FieldError, Strict, duplicates, rule, validate

STATS_DIR = "stats"
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_FULLWIDTH = re.compile("[\u3000-\u303f\uff00-\uffef]")   # 、。「」（）：；，
_NEWLINE = re.compile(r"[ \t]*\n\s*")


def one_line(text: str) -> str:
    """A `|-` block as one line, joined the way Chinese is written: no space between two
    Chinese characters or next to full-width punctuation, a space before or after Latin."""
    text = text.strip()

    def join(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _FULLWIDTH.match(before) or _FULLWIDTH.match(after):
            return ""
        return "" if _HAN.match(before) and _HAN.match(after) else " "

    return _NEWLINE.sub(join, text)


class Column(Strict):
    """One published column. Types: month (年月), village_code, village (名稱), integer (計數)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["month", "village_code", "village", "integer"]
    title: str
    unit: str | None = None
    description: str = Field(min_length=1)


class Chart(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    columns: list[str] = Field(min_length=1, max_length=6)
    by: Literal["month", "year"] = "month"


class Check(Strict):
    """`{total: population, parts: [male, female]}` or `{column: households, at_most: population}`."""

    total: str | None = None
    parts: list[str] | None = None
    column: str | None = None
    at_most: str | None = None

    def one_kind(self) -> bool:
        """Exactly one of the two shapes is written."""
        return bool(self.total and self.parts) != bool(self.column and self.at_most)

    def rule(self) -> SumRule | AtMostRule:
        if self.total:
            return SumRule(self.total, tuple(self.parts or ()))
        return AtMostRule(self.column, self.at_most)


@rule(Check)
def _check_shape(check: Check, context: dict) -> list[FieldError]:
    if check.one_kind():
        return []
    return [FieldError("check-shape", (), "檢查規則應寫成 {total: 欄位, parts: [欄位, …]} "
                                          "或 {column: 欄位, at_most: 欄位} 其中一種")]


class SourceFile(Strict):
    path: str = Field(min_length=1)                     # relative to stats/; * matches several
    columns: dict[str, str | list[str]] = {}            # dataset column → header label(s), summed
    # Header labels that are not published: a list (text columns), or label → text | integer,
    # so a count the site does not show is still typed (「abc」 in a count is an error).
    ignore: list[str] | dict[str, Literal["text", "integer"]] = []


class Source(Strict):
    provider: str          # 原始資料提供機關, the name in the OGDL attribution
    title: str
    url: str | None = None


class Contact(Strict):
    name: str
    phone: str | None = None   # null: the office's phone from site.yml (or 待確認)
    email: str | None = None


class DatasetSpec(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    label: str                         # short name for headings and menus
    description: str
    source: Source
    update_frequency: str
    coverage: str
    contact: Contact
    licence: Literal["OGDL-Taiwan-1.0"]
    published: dt.date                 # 上架日期
    updated: dt.date                   # 詮釋資料更新時間 / 資料資源更新時間
    keywords: list[str] = []
    notes: str | None = None           # 備註
    yearly: Literal["last", "sum"]     # last: counts at month end; sum: events in the month
    summary: list[str] = Field(min_length=1)
    charts: list[Chart] = []
    village_charts: list[Chart] = []
    columns: list[Column] = Field(min_length=3)
    checks: list[Check] = []
    files: list[SourceFile] = Field(min_length=1)

    @field_validator("description", "notes")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return one_line(value) if value else value

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def of_type(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.type == kind]

    @property
    def measures(self) -> list[str]:
        return [c.name for c in self.of_type("integer")]


class PackageSpec(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    description: str


    @field_validator("description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return one_line(value)


class DatasetsFile(Strict):
    package: PackageSpec
    datasets: list[DatasetSpec] = Field(min_length=1)


@dataclass
class Dataset:
    spec: DatasetSpec
    rows: list[Row]
    files: list[str] = field(default_factory=list)   # source files read, relative to the root

    @property
    def months(self) -> list[Month]:
        return sorted({r.month for r in self.rows})

    @property
    def latest(self) -> Month | None:
        return self.rows[-1].month if self.rows else None


@dataclass
class StatsData:
    """Validated statistics: every dataset's rows, sorted by month and village code."""

    package: PackageSpec | None = None
    datasets: list[Dataset] = field(default_factory=list)
    district_code: str | None = None

    def dataset(self, dataset_id: str) -> Dataset | None:
        return next((d for d in self.datasets if d.spec.id == dataset_id), None)


@rule(DatasetsFile)
def _unique_datasets(spec: DatasetsFile, context: dict) -> list[FieldError]:
    return duplicates(spec.datasets, "id", "datasets", "資料集")


@rule(DatasetSpec)
def _dataset_references(ds: DatasetSpec, context: dict) -> list[FieldError]:
    """References inside one dataset of datasets.yml, each reported at its own line."""
    out: list[FieldError] = []
    names = [c.name for c in ds.columns]
    for j, name in enumerate(names):
        if names.index(name) != j:
            out.append(FieldError("duplicate-column", ("columns", j, "name"), f"欄位「{name}」重複（duplicate column）"))
    for kind, most in (("month", 1), ("village_code", 1), ("village", 1)):
        count = len(ds.of_type(kind))
        if count > most or (kind != "village" and count == 0):
            out.append(FieldError("column-count", ("columns",),
                                  f"type: {kind} 的欄位應{'恰有' if kind != 'village' else '至多'} 1 個，"
                                  f"目前有 {count} 個"))
    for j, col in enumerate(ds.columns):
        if col.type == "integer" and not col.unit:
            out.append(FieldError("missing-unit", ("columns", j), f"計數欄位「{col.name}」缺少單位（unit）",
                                  "例如 人、戶、對"))
    measures = ds.measures

    def need(path: tuple, name: str) -> None:
        if name not in measures:
            out.append(FieldError("unknown-column", path, f"「{name}」不是這個資料集的計數欄位（unknown column）",
                                  "可用：" + "、".join(measures)))

    for j, name in enumerate(ds.summary):
        need(("summary", j), name)
    for key in ("charts", "village_charts"):
        for j, chart in enumerate(getattr(ds, key)):
            for k, name in enumerate(chart.columns):
                need((key, j, "columns", k), name)
    for j, check in enumerate(ds.checks):
        if not check.one_kind():
            continue   # the check's own rule reports it
        kind = check.rule()
        for name in ([kind.total, *kind.parts] if isinstance(kind, SumRule) else [kind.column, kind.at_most]):
            need(("checks", j), name)
    for j, source in enumerate(ds.files):
        for name in source.columns:
            if name not in names:
                out.append(FieldError("unknown-column", ("files", j, "columns", name),
                                      f"「{name}」不是這個資料集的欄位（unknown column）", "可用：" + "、".join(names)))
    return out


def _wanted(ds: DatasetSpec, source: SourceFile) -> list[Wanted]:
    out = []
    for col in ds.columns:
        labels = source.columns.get(col.name, col.name)
        labels = (labels,) if isinstance(labels, str) else tuple(labels)
        out.append(Wanted(col.name, col.type, labels, optional=col.type == "village"))
    return out


def _load_dataset(root: Path, doc: Document, index: int, ds: DatasetSpec,
                  office: Office) -> tuple[Dataset, list[Finding]]:
    findings: list[Finding] = []
    source_rows, files = [], []
    stats_dir = root / STATS_DIR
    for j, source in enumerate(ds.files):
        pattern = Path(source.path)
        if pattern.is_absolute() or ".." in pattern.parts:
            findings.append(doc.finding(("datasets", index, "files", j, "path"),
                                        f"檔案必須放在 {STATS_DIR}/ 裡（file outside its folder）："
                                        f"「{source.path}」指到資料夾以外",
                                        f"寫成 {STATS_DIR}/ 之下的路徑，例如 moi/vital-events-*.csv；不可用 .. 或絕對路徑"))
            continue
        paths = sorted(p for p in stats_dir.glob(source.path) if p.is_file())
        if not paths:
            findings.append(doc.finding(("datasets", index, "files", j, "path"),
                                        f"找不到檔案 {STATS_DIR}/{source.path}（file not found）"))
        for path in paths:
            rel = path.relative_to(root).as_posix()
            rows, problems = read_source(path, rel, _wanted(ds, source), source.ignore)
            source_rows += rows
            files.append(rel)
            findings += problems
    checked = check_rows(source_rows, office, ds.measures, [c.rule() for c in ds.checks])
    findings += checked.findings
    dataset = Dataset(ds, checked.rows, files)
    missing = gaps(district_series(checked.rows, ds.measures))
    if missing:
        findings.append(doc.finding(("datasets", index, "files"),
                                    f"資料集「{ds.id}」缺少這些月份：{'、'.join(m.iso for m in missing[:12])}"
                                    f"{'…' if len(missing) > 12 else ''}（missing months；圖表會留空）",
                                    severity="warning"))
    return dataset, findings


def load_stats(root: Path, office: Office) -> tuple[StatsData | None, list[Finding]]:
    rel = f"{STATS_DIR}/datasets.yml"
    if not (root / rel).exists():
        return None, []
    doc, findings = load_yaml_file(root / rel, rel)
    if doc is None:
        return None, findings
    spec, problems = validate(doc, DatasetsFile)
    findings += problems
    if spec is None:
        return None, findings
    data = StatsData(spec.package, district_code=district_code(office))
    used: set[str] = set()
    for index, ds in enumerate(spec.datasets):
        dataset, problems = _load_dataset(root, doc, index, ds, office)
        data.datasets.append(dataset)
        used.update(dataset.files)
        findings += problems
    for path in sorted((root / STATS_DIR).rglob("*.csv")):
        rel_csv = path.relative_to(root).as_posix()
        if rel_csv not in used:
            findings.append(Finding(rel_csv, None, None, None,
                                    "這個 CSV 檔沒有被 stats/datasets.yml 的任何資料集使用（unused file）",
                                    "在 datasets.yml 的 files 列出，或刪除這個檔案", severity="warning"))
    return data, findings
