"""Compile the loaded content into plain Markdown + assets that any MkDocs-like engine renders.

Engine-independent on purpose (README.md "Conventions"): nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import SiteContent
from ..findings import Finding
from ..urls import BROWSE, HOME, SITEMAP, page_path
from .browse import browse_nav_item, compile_browse
from .disclosures import compile_disclosures
from .english import EnglishResult, compile_english
from .faq import compile_faq
from .forms import compile_forms
from .home import search_form, top_tasks_markdown
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output
from .pages import compile_pages
from .news import NewsResult, compile_news
from .online import compile_online
from .procedures import compile_procedures
from .stats import compile_stats
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

    sections: list[NavItem] = []  # generated sections, in menu order
    if content.procedures:
        sections.append(compile_procedures(content, out))
        sections.append(compile_online(content, out))
    if content.forms:
        sections.append(compile_forms(content, out))
    if content.faq:
        sections.append(compile_faq(content, out))
    news = compile_news(content, out, site_url)
    for section in (compile_stats(content, out), compile_disclosures(content, out), news.nav):
        if section is not None:
            sections.append(section)
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
