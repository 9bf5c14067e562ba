"""Hand-written pages: content/*.md with front matter, Markdown body rendered with Jinja."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..findings import Finding
from ..sources import parse_yaml, read_text, split_front_matter
from .validation import Strict, validate


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
    metadata: MetaOverride = MetaOverride()


@dataclass
class Page:
    """A loaded hand-written page: validated front matter plus its Markdown body."""

    rel: str         # content/about.md, for messages
    slug: str        # about -> about.md in the compiled tree
    meta: PageMeta
    body: str
    body_line: int   # line number of the body's first line in the file


def load_pages(root: Path, content_dir: str = "content") -> tuple[list[Page], list[Finding]]:
    pages: list[Page] = []
    findings: list[Finding] = []
    for path in sorted((root / content_dir).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        text, problems = read_text(path, rel)
        findings += problems
        if text is None:
            continue
        front, body, start = split_front_matter(text)
        if front is None:
            findings.append(Finding(rel, 1, 1, None, "缺少頁首資料（front matter）",
                                    "第一行寫 ---，接著寫 title: 與 updated:，再以 --- 結束"))
            continue
        doc, problems = parse_yaml(front, rel, line_offset=start)
        findings += problems
        if doc is None:
            continue
        meta, problems = validate(doc, PageMeta)
        findings += problems
        if meta is not None:
            pages.append(Page(rel, path.stem, meta, body, front.count("\n") + 3))
    return pages, findings
