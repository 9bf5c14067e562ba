"""常見問答: one YAML file per category; each entry links procedures and forms by id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from ..findings import Finding
from ..sources import Document
from .validation import ID_PATTERN, Strict, load_valid_files

DIR = "faq"  # faq/<category>.yml, one file per category of site.yml


class FaqEntry(Strict):
    id: str = Field(pattern=ID_PATTERN)
    question: str = Field(min_length=2)
    answer: str = Field(min_length=1)
    procedures: list[str] = []
    forms: list[str] = []
    keywords: list[str] = []
    updated: dt.date
    source: str | None = None  # where staff checked the rule; not shown on the site


class FaqFile(Strict):
    category: str
    updated: dt.date
    entries: list[FaqEntry] = Field(min_length=1)


def load_faq(root: Path) -> tuple[list[tuple[FaqFile, Document]], list[Finding]]:
    items = []
    valid, findings = load_valid_files(root, DIR, FaqFile)
    for path, doc, faq in valid:
        if faq.category != path.stem:
            findings.append(doc.finding(("category",), f"category「{faq.category}」應與檔名「{path.stem}」相同"
                                                       "（category must match the file name）",
                                        f"把 category 改成 {path.stem}，或把檔案改名為 {faq.category}.yml",
                                        code="id-not-file-name"))
            continue
        items.append((faq, doc))
    return items, findings
