"""The registry of content kinds: what each kind of source is, and where every step finds it.

One `Kind` per kind of content (procedures, FAQ, news …), in the order they are compiled
(a later step may link to an earlier one's pages); `menu` orders their sections in the menu. The places that once
named every kind one by one loop over `KINDS` instead:

- content.py: the folder and file extension (a misnamed file is reported), the loader, the
  `{{ office.x }}` substitution, the source documents for messages, the reference date;
- crosscheck.py: the pages a disclosure may link to, including pages of files that did not load;
- compile/__init__.py: the compile step and the menu place of each section;
- compile/browse.py: the 主題 (topic) of each page; search/vocabulary.py: staff keywords;
- checks/freshness.py: the freshness rule of each kind.

Steps that live in a higher layer (compile, checks, bench) are named here as
"module:function" and resolved only by the layer that runs them (`resolve`), so this module
imports nothing above the models and the import direction stays one-way (tests/test_layers.py).
docs/adding-a-content-kind.md walks through adding a kind.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import urls
from .cite import cite_all, substitute
from .findings import Finding
from .model import disclosure, english_page, faq, news, page, procedure

Loader = Callable[[Path], tuple[list[tuple[Any, Any]], list[Finding]]]


@dataclass(frozen=True)
class Kind:
    """One kind of content. `name` is the SiteContent attribute that holds its loaded items."""

    name: str
    title: str                                   # how staff and menus call it
    folder: str | None                           # where its files are, from the repository root
    suffix: str | None = None                    # the one extension its loader reads
    # (item, Document) pairs and the problems; None: content.load_site loads it itself
    load: Loader | None = None
    cite: Callable[[Any, dict[str, str]], Any] | None = None   # {{ office.x }} in its text fields
    document: str | None = None                  # documents["<document>:<stem>"] for messages
    stem: Callable[[Any], str] | None = None     # the item's file name without extension
    url: Callable[[str], str] | None = None      # file stem → compiled page path (urls.py)
    index: str | None = None                     # the section's index page, if any
    pages: Callable[[Any], list[str]] | None = None       # the pages an item compiles to
    dates: Callable[[Any], list[dt.date]] | None = None   # edit dates (the reference date)
    compile: str | None = None                   # "module:function(content, out) -> NavItem(s)"
    menu: int | None = None                      # place of its section in the main menu
    keywords: Callable[[Any], Iterable[tuple[str, list[str], str]]] | None = None  # (page, words, anchor)
    topics: Callable[[Any], Iterable[tuple[str, str]]] | None = None   # (site.yml category, page)
    freshness: str | None = None                 # "module:function(content, today) -> findings"
    bench: str | None = None                     # the benchmark generator that multiplies it


def resolve(reference: str) -> Callable:
    """"hrosite.compile.faq:compile_faq" → the function (imported by the layer that runs it)."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


def items(content: Any, kind: Kind) -> list:
    """The loaded items of a kind (a single object such as the statistics counts as one)."""
    value = getattr(content, kind.name)
    return value if isinstance(value, list) else [] if value is None else [value]


def _pairs(load: Callable[[Path], tuple[list, list[Finding]]]) -> Loader:
    """A loader whose items carry their own Document (`.doc`), as (item, doc) pairs."""
    def load_pairs(root: Path) -> tuple[list[tuple[Any, Any]], list[Finding]]:
        loaded, findings = load(root)
        return [(item, item.doc) for item in loaded], findings
    return load_pairs


def _cite_news(item: news.NewsItem, names: dict[str, str]) -> news.NewsItem:
    return replace(item, meta=cite_all(item.meta, names), body=substitute(item.body, names))


KINDS: tuple[Kind, ...] = (
    Kind("pages", "網頁", "content", ".md", load=_pairs(page.load_pages), stem=lambda p: p.slug,
         url=urls.page_path, pages=lambda p: [urls.page_path(p.slug)],
         dates=lambda p: [p.meta.updated],
         keywords=lambda p: [(urls.page_path(p.slug), p.meta.keywords, "")]),
    Kind("procedures", "申辦須知", procedure.DIR, ".yml", load=procedure.load_procedures, cite=cite_all,
         document="procedure", stem=lambda p: p.id, url=urls.procedure_path, index=urls.PROCEDURES,
         pages=lambda p: [urls.procedure_path(p.id)], dates=lambda p: [p.updated],
         compile="hrosite.compile.procedures:compile_procedure_sections", menu=10,
         topics=lambda p: [(p.category, urls.procedure_path(p.id))],
         freshness="hrosite.checks.freshness:procedure_review",
         bench="tools.bench.generate:_procedures"),
    Kind("forms", "書表下載", "forms", index=urls.FORMS, pages=lambda f: [],
         dates=lambda f: [f.updated], compile="hrosite.compile.forms:compile_forms", menu=20,
         bench="tools.bench.generate:_forms"),
    Kind("faq", "常見問答", faq.DIR, ".yml", load=faq.load_faq, cite=cite_all, document="faq",
         stem=lambda f: f.category, url=urls.faq_path, index=urls.FAQ,
         pages=lambda f: [urls.faq_path(f.category)],
         dates=lambda f: [f.updated] + [e.updated for e in f.entries],
         compile="hrosite.compile.faq:compile_faq", menu=30,
         keywords=lambda f: [(urls.faq_path(f.category), e.keywords, e.id) for e in f.entries],
         topics=lambda f: [(f.category, urls.faq_path(f.category))],
         bench="tools.bench.generate:_faq"),
    Kind("news", "最新消息", news.DIR, ".md", load=_pairs(news.load_news), cite=_cite_news,
         stem=lambda n: n.id, url=urls.news_path, index=urls.NEWS,
         pages=lambda n: [urls.news_path(n.id)], dates=lambda n: [n.updated],
         menu=60,  # compile_site compiles it itself: the home page and the feeds use its result
         freshness="hrosite.checks.freshness:banner_expiry",
         bench="tools.bench.generate:_news"),
    Kind("stats", "人口統計", "stats", index=urls.STATS, pages=lambda s: [],
         compile="hrosite.compile.stats:compile_stats", menu=40,
         bench="tools.bench.generate:_villages_and_stats"),
    Kind("disclosures", "政府資訊公開", disclosure.DIR, ".yml", stem=lambda d: d.entry.id,
         url=urls.disclosure_path, pages=lambda d: [urls.disclosure_path(d.item.id)] if d.item else [],
         dates=lambda d: [d.entry.published, d.entry.updated],
         compile="hrosite.compile.disclosures:compile_disclosures", menu=50,
         freshness="hrosite.checks.freshness:disclosure_review",
         bench="tools.bench.generate:_disclosures"),
    Kind("english_pages", "英文網頁", english_page.ENGLISH_DIR, ".md",
         load=_pairs(english_page.load_english_pages), stem=lambda p: p.slug,
         url=urls.english_page_path, pages=lambda p: [urls.english_page_path(p.slug)],
         dates=lambda p: [p.meta.updated]),
)


def kind(name: str) -> Kind:
    return next(k for k in KINDS if k.name == name)


def extensions() -> dict[str, str]:
    """folder → the one extension its loader reads (a file with another would vanish unseen)."""
    return {k.folder: k.suffix for k in KINDS if k.folder and k.suffix}
