"""Where every page lives: the one module that decides a compiled page's path.

A path is the compiled Markdown file under build/docs/ (`procedures/id-card.md`); the engine
turns it into the address a citizen sees (`procedures/id-card/`, see `location`). Every module
that writes or links a page asks here, so a page never moves in one place and stays in another.
Nothing here imports the rest of the package: the models, the cross-checks, the compile step and
the search index all stand above it.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
SITEMAP = "sitemap.md"
BROWSE = "browse.md"
CONTACT = "contact.md"
ONLINE = "online.md"

PROCEDURES = "procedures/index.md"
FORMS = "forms/index.md"
FAQ = "faq/index.md"
NEWS = "news/index.md"
DISCLOSURES = "disclosures/index.md"
STATS = "stats/index.md"
VILLAGES = "stats/villages.md"

EN = "en"                      # the English tree
EN_HOME = f"{EN}/index.md"


def page_path(slug: str) -> str:
    """A hand-written page (content/<slug>.md): `about` → about.md, `index` → index.md."""
    return f"{slug}.md"


def procedure_path(procedure_id: str) -> str:
    return f"procedures/{procedure_id}.md"


def faq_path(category: str) -> str:
    """One page per FAQ file (faq/<category>.yml); each answer is an anchor on it."""
    return f"faq/{category}.md"


def form_anchor(form_id: str) -> str:
    """Forms share one page; each form is an anchor on it (forms/index.md#<id>)."""
    return f"{FORMS}#{form_id}"


def news_path(news_id: str) -> str:
    return f"news/{news_id}.md"


def disclosure_path(item_id: str) -> str:
    return f"disclosures/{item_id}.md"


def village_path(village_id: str) -> str:
    return f"stats/village-{village_id}.md"


def dataset_path(dataset_id: str) -> str:
    return f"stats/dataset-{dataset_id}.md"


def english_page_path(slug: str) -> str:
    """A hand-written English page (content/en/<slug>.md)."""
    return f"{EN}/{slug}.md"


def english_procedure_path(procedure_id: str) -> str:
    return f"{EN}/procedures/{procedure_id}.md"


def location(md_path: str, use_directory_urls: bool = True) -> str:
    """The address of a compiled page, relative to the site root.

    With directory URLs (the default): procedures/id-card.md → procedures/id-card/,
    faq/index.md → faq/, index.md → "" (the site root). Without: procedures/id-card.html.
    """
    stem = md_path[:-3] if md_path.endswith(".md") else md_path
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/"
    return stem + "/"
