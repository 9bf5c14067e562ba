"""最新消息 pages and feeds (issue 4, in progress)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import SiteContent
from .nav import NavItem
from .output import Output


@dataclass
class NewsResult:
    nav: NavItem | None = None
    home_markdown: str = ""          # the five newest items for the home page
    feeds: list[dict] = field(default_factory=list)   # {type, title, href} for <link rel=alternate>
    banner: dict | None = None       # {title, href} for the announcement bar


def compile_news(content: SiteContent, out: Output, site_url: str | None) -> NewsResult:
    return NewsResult()
