"""A page load downloads only what the page uses: no sitemap for feed links, no search index.

Real Chromium on the built example; times are measured by `make bench` (Lighthouse), never here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
from hrosite.checks.serve import page_url, serve

pytestmark = pytest.mark.browser

PAGES = ["index.html", "procedures/birth-registration/index.html"]


def _requests(site: Path, page: str) -> list[str]:
    """Site paths Chromium requests while loading `page` until the network is idle."""
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            context = browser.new_context(service_workers="block")
            context.on("request", lambda r: seen.append(r.url))
            tab = context.new_page()
            tab.goto(page_url(base, page), wait_until="networkidle")
            tab.wait_for_timeout(500)
        finally:
            browser.close()
    return [urlsplit(u).path.lstrip("/") for u in seen if u.startswith(base)]


def test_a_page_load_fetches_neither_the_sitemap_nor_the_search_index(built_site):
    for page in PAGES:
        fetched = _requests(built_site, page)
        assert any(p.startswith("assets/javascripts/bundle.") for p in fetched), fetched
        assert "sitemap.xml" not in fetched and "search/search_index.json" not in fetched, fetched


def test_a_page_with_a_language_alternate_still_gets_the_sitemap(built_site, tmp_path):
    """Material reads sitemap.xml for hreflang alternates: there the request must go out."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    home.write_text(html.replace("</head>", '<link rel="alternate" hreflang="en" href="en/"></head>', 1),
                    encoding="utf-8")
    assert "sitemap.xml" in _requests(site, "index.html")
