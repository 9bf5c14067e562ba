"""Hand-written pages: content/*.md with front matter, Markdown body rendered with Jinja."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..findings import Finding
from ..sources import Document
from .markdown import load_markdown
from .validation import Strict


class MetaOverride(Strict):
    """Per-page overrides of the site-wide metadata defaults."""

    theme: str | None = None
    cake: str | None = None
    service: str | None = None
    type: str | None = None


class PageMeta(Strict):
    title: str = Field(min_length=1)
    updated: dt.date
    description: str | None = None
    keywords: list[str] = []
    section: Literal["home", "about", "info"] = "about"
    order: int = 100
    nav_title: str | None = None
    service_class: list[str] = []  # 服務分類 labels for 分類檢索
    # The start page's most common tasks, in the order shown: procedure ids (file names in
    # content/procedures/). Only the home page (section: home) shows them.
    top_tasks: list[str] = []
    metadata: MetaOverride = MetaOverride()


@dataclass
class Page:
    """A loaded hand-written page: validated front matter plus its Markdown body."""

    rel: str         # content/about.md, for messages
    slug: str        # about -> about.md in the compiled tree
    meta: PageMeta
    body: str
    body_line: int   # line number of the body's first line in the file
    doc: Document | None = None  # the front matter, so cross-checks can point at a line


def load_pages(root: Path, content_dir: str = "content") -> tuple[list[Page], list[Finding]]:
    pages: list[Page] = []
    findings: list[Finding] = []
    for path in sorted((root / content_dir).glob("*.md")):
        loaded, problems = load_markdown(path, path.relative_to(root).as_posix(), PageMeta,
                                         "title: 與 updated:")
        findings += problems
        if loaded is not None:
            pages.append(Page(path.relative_to(root).as_posix(), path.stem, loaded.meta,
                              loaded.body, loaded.body_line, loaded.doc))
    return pages, findings
