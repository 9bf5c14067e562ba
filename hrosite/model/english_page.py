"""Hand-written English pages: content/en/*.md, each naming the Chinese page it translates.

`counterpart:` is the Chinese page's address without .md (`about`, `index`, `online`,
`procedures/index`); the build checks that the page exists, so the 「English」/「中文」
switch never leads nowhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..findings import Finding
from ..sources import Document
from .markdown import load_markdown
from .validation import Strict

ENGLISH_DIR = "content/en"


class EnglishPageMeta(Strict):
    title: str = Field(min_length=1)
    updated: dt.date
    description: str | None = None
    counterpart: str | None = Field(default=None, min_length=1)
    order: int = 100


@dataclass
class EnglishPage:
    rel: str
    slug: str
    meta: EnglishPageMeta
    body: str
    body_line: int
    doc: Document


def load_english_pages(root: Path) -> tuple[list[EnglishPage], list[Finding]]:
    pages, findings = [], []
    for path in sorted((root / ENGLISH_DIR).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        loaded, problems = load_markdown(path, rel, EnglishPageMeta, "title: 與 updated:")
        findings += problems
        if loaded is not None:
            pages.append(EnglishPage(rel, path.stem, loaded.meta, loaded.body, loaded.body_line,
                                     loaded.doc))
    return pages, findings
