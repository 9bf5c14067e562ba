"""最新消息: content/news/<id>.md, front matter plus a Markdown body.

The file name is the item's id: it makes the URL (news/<id>/) and the feeds' GUID, so neither
changes when a title is corrected.

Expiry needs a date, and the build must not read the clock (README.md "Conventions"). The site's *reference date* is therefore the newest edit date in the sources
(`SiteContent.reference_date`): every `updated:`, a news item's `date:`/`updated:` and a disclosure's
`published:`/`updated:`. An item with `expiry: D` is current while the reference date is on or
before D. Future-looking dates (expiry, review_by, valid_until) do not count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..findings import Finding
from ..sources import Document
from .markdown import load_markdown
from .validation import ID_PATTERN, FieldError, Strict, not_before, rule

DIR = "content/news"


class NewsMeta(Strict):
    title: str = Field(min_length=1)
    date: dt.date                              # 發布日期
    category: Literal["公告", "活動", "新聞稿"]
    summary: str | None = None                 # one or two sentences for lists and feeds
    updated: dt.date | None = None             # a correction after publication
    expiry: dt.date | None = None              # last day on the home page (and in the banner)
    banner: bool = False                       # announce bar while not expired; needs expiry



@rule(NewsMeta)
def _news_dates(meta: NewsMeta, context: dict) -> list[FieldError]:
    """Each error names the key to fix, so the message points at its line, not at `title`."""
    problems = not_before(meta, "expiry", "date") + not_before(meta, "updated", "date")
    if meta.banner and meta.expiry is None:
        problems.append(FieldError("banner-without-expiry", "banner",
                                   "banner: true 的消息必須寫 expiry（下架日期），橫幅公告不可無限期顯示",
                                   "加上 expiry: 下架日期，或把 banner 改為 false"))
    return problems


@dataclass
class NewsItem:
    id: str
    rel: str
    meta: NewsMeta
    body: str
    body_line: int
    doc: Document

    @property
    def updated(self) -> dt.date:
        return self.meta.updated or self.meta.date

    def expired(self, reference: dt.date) -> bool:
        return self.meta.expiry is not None and self.meta.expiry < reference


_ID = re.compile(ID_PATTERN)


def load_news(root: Path) -> tuple[list[NewsItem], list[Finding]]:
    """Every news file, newest first (date, then id, so equal dates keep a stable order)."""
    items: list[NewsItem] = []
    findings: list[Finding] = []
    for path in sorted((root / DIR).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        if not _ID.match(path.stem):
            findings.append(Finding(rel, None, None, None,
                                    f"檔名「{path.name}」不能當作網址（invalid id）",
                                    "檔名只用小寫英文字母、數字與連字號，例如 2026-11-26-village-merger.md",
                                    code="invalid-id"))
            continue
        loaded, problems = load_markdown(path, rel, NewsMeta, "title:、date:、category:")
        findings += problems
        if loaded is None:
            continue
        meta, body, body_line, doc = loaded.meta, loaded.body, loaded.body_line, loaded.doc
        if not body.strip():
            findings.append(Finding(rel, body_line, 1, None, "消息內文是空的（empty body）", code="empty"))
            continue
        items.append(NewsItem(path.stem, rel, meta, body, body_line, doc))
    return newest_first(items), findings


def newest_first(items: list[NewsItem]) -> list[NewsItem]:
    return sorted(items, key=lambda n: (-n.meta.date.toordinal(), n.id))


def current_banner(items: list[NewsItem], reference: dt.date) -> NewsItem | None:
    """The newest `banner: true` item (items newest first) not expired at the reference date."""
    return next((n for n in items if n.meta.banner and not n.expired(reference)), None)
