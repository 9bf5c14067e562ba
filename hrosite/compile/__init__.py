"""Compile the loaded content into plain Markdown + assets that any MkDocs-like engine renders.

Engine-independent on purpose (README.md "Conventions"): nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import SiteContent
from ..findings import Finding
from ..kinds import KINDS, items, resolve
from ..urls import BROWSE, HOME, SITEMAP, page_path
from .browse import browse_nav_item, compile_browse
from .english import EnglishResult, compile_english
from .home import search_form, top_tasks_markdown
from .metadata import meta_tags
from .nav import NavItem, page_url
from .news import NewsResult, compile_news
from .output import Output
from .pages import compile_pages
from .sitemap import compile_sitemap

SECTION_TITLES = {"about": "關於本所", "info": "網站資訊"}
LATER_PAGES = {SITEMAP, BROWSE}  # compiled after the English pages, may be counterparts


@dataclass
class Compiled:
    output: Output
    nav: list[NavItem]
    findings: list[Finding] = field(default_factory=list)
    news: NewsResult = field(default_factory=NewsResult)
    english: EnglishResult = field(default_factory=EnglishResult)


def _hand_written_nav(content: SiteContent, section: str) -> list[NavItem]:
    pages = sorted((p for p in content.pages if p.meta.section == section),
                   key=lambda p: (p.meta.order, p.slug))
    return [NavItem(p.meta.nav_title or p.meta.title, page_path(p.slug)) for p in pages]


def _home_links(sections: list[NavItem]) -> str:
    """The home page's list of sections, so every section is one click from home."""
    lines = []
    for item in sections:
        target = item.path or (item.children[0].path if item.children else None)
        if target:
            lines.append(f"- [{item.title}]({page_url(target, HOME)})")
    return "\n".join(lines)


def compile_site(content: SiteContent, site_url: str | None = None) -> Compiled:
    office = content.office
    out = Output()
    findings: list[Finding] = []
    nav: list[NavItem] = [NavItem("首頁", HOME)]

    placed: list[tuple[int, int, NavItem]] = []  # (menu place, order, section)
    news = NewsResult()
    for kind in KINDS:  # in compile order (kinds.py); sections sorted by their menu place below
        if kind.name == "news":  # compiled here: the home page and the feeds use its result
            news = compile_news(content, out, site_url)
            result = news.nav
        elif kind.compile is not None and items(content, kind):
            result = resolve(kind.compile)(content, out)
        else:
            continue
        for section in result if isinstance(result, list) else [result]:
            if section is not None:
                placed.append((kind.menu, len(placed), section))
    sections = [section for _, _, section in sorted(placed, key=lambda p: p[:2])]
    nav += sections
    nav.append(NavItem(SECTION_TITLES["about"], children=_hand_written_nav(content, "about")))
    context = {"home_links": _home_links(sections + nav[-1:]), "home_news": news.home_markdown,
               "top_tasks": top_tasks_markdown(content), "search_form": search_form()}
    findings += compile_pages(content.pages, office, out, context)
    info = _hand_written_nav(content, "info")
    info.insert(0, NavItem("網站導覽", SITEMAP))
    info.insert(1, browse_nav_item())
    nav.append(NavItem(SECTION_TITLES["info"], children=info))
    # English: its own tree, merged after 分類檢索 (a Chinese classification of Chinese pages).
    english_out = Output()
    english = compile_english(content, english_out, set(out.pages) | LATER_PAGES)
    findings += english.findings
    if english.nav is not None:
        nav.insert(1, english.nav)   # after 首頁: English readers find it first, and on English
        # pages the open English branch needs no menu scrolling

    sitemap_meta = {"meta_tags": meta_tags(office, title="網站導覽", updated=office.updated,
                                           description="本網站的架構與快速鍵說明",
                                           keywords=["網站導覽", "快速鍵"])}
    compile_sitemap(nav, out, office.updated, sitemap_meta)
    compile_browse(content, out, nav)  # last Chinese page: it lists every page compiled before it
    if (badge := office.badge.site_path()) is not None:  # the 無障礙標章 image, shown on the home page
        out.add_bytes(badge, (content.root / office.badge.image).read_bytes())
    out.merge(english_out)
    return Compiled(out, nav, findings, news, english)
