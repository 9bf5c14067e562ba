"""The theme's accessibility fixes on the built example: the menu never lies over the footer,
tables scroll in a named box, and no template leaves invalid attributes behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import html_pages

from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
from hrosite.checks.serve import page_url, serve
from hrosite.tables import wrap_tables

_GEOMETRY = """() => {
  const menu = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
  const footer = document.querySelector('.hro-footer');
  return {menuBottom: menu.getBoundingClientRect().bottom + scrollY,
          footerTop: footer.getBoundingClientRect().top + scrollY};
}"""


@pytest.mark.browser
def test_menu_does_not_overlap_the_footer_before_material_sizes_it(built_site: Path):
    """The state between Material's start (html loses .no-js, sidebars get height 0) and its
    first animation frame (the scrolling box gets its height) -- the whole state of a tab that
    draws no frames. Made here exactly: no script, then the class Material's script removes."""
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1024},
                                          java_script_enabled=False)
            tab = context.new_page()
            for page in ("news/index.html", "about/index.html"):  # short pages, long menu
                tab.goto(page_url(base, page), wait_until="load")
                tab.evaluate("document.documentElement.classList.remove('no-js')")
                where = tab.evaluate(_GEOMETRY)
                assert where["menuBottom"] <= where["footerTop"], (page, where)
        finally:
            browser.close()


def test_every_table_gets_a_named_focusable_box():
    page = ('<h2 id="x">規費</h2>\n<table><tr><th scope="col">項目</th></tr></table>\n'
            '<table><caption>服務 &amp; 時間</caption><tr><td><table><tr><td>內</td></tr></table>'
            '</td></tr></table>\n<div class="hro-table" role="region" aria-label="已包" tabindex="0">\n'
            '<table><caption>已包</caption></table>\n</div>')
    out = wrap_tables(page)
    assert re.findall(r'<div class="hro-table"[^>]*>', out) == [
        '<div class="hro-table" role="region" aria-label="規費（表格）" tabindex="0">',
        '<div class="hro-table" role="region" aria-label="服務 &amp; 時間" tabindex="0">',
        '<div class="hro-table" role="region" aria-label="已包" tabindex="0">']
    assert out.count("<table") == 4 and out.count("</div>") == 3


def test_templates_leave_no_invalid_attributes(built_site: Path):
    """The Nu HTML checker's three findings on our own templates: none left on any page."""
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(built_site).as_posix()
        assert " markdown=" not in html, name
        assert 'tabindex=""' not in html, name
        assert not re.search(r'<input[^>]*type="(checkbox|radio)"[^>]*autocomplete', html), name
        assert not re.search(r'<input[^>]*autocomplete[^>]*type="(checkbox|radio)"', html), name
