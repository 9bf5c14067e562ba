"""The start page: staff-chosen top tasks (validated), a search form that works with and
without JavaScript, the newest notices, the contact block; a back-to-top link on long pages."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, validate
from test_validation import assert_reported, replace, spot

from hrosite.checks.browser import CHROME_ARGS as CHROMIUM_ARGS, CHROMIUM
from hrosite.checks.serve import serve
from hrosite.compile.home import directory_url, search_form

INDEX = "content/index.md"


def soup(site, url: str = "") -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def resolves(site, page: str, href: str) -> bool:
    """A relative link from `page` (a directory URL) reaches a built index.html."""
    target = posixpath.normpath(posixpath.join(page, href))
    target = "" if target == "." else target
    return (site / target / "index.html").is_file()


# --- validation ---------------------------------------------------------------------------

def test_the_example_lists_top_tasks_that_exist(example):
    assert validate(example).returncode == 0


def test_a_misspelt_top_task_is_an_error_at_its_line(example):
    replace(example / INDEX, "  - household-transcript\n", "  - household-transcrpt\n")
    lines = assert_reported(example, spot(example, INDEX, "household-transcrpt"),
                            "top_tasks", "找不到申辦項目「household-transcrpt」（unknown id）",
                            "是不是要寫 household-transcript？")
    assert len(lines) == 1, lines


def test_a_top_task_listed_twice_is_an_error_at_the_second(example):
    replace(example / INDEX, "  - seal-registration\n", "  - seal-registration\n  - id-card\n")
    lines = assert_reported(example, spot(example, INDEX, "id-card", nth=2),
                            "常用服務「id-card」重複（duplicate top task）", "刪除這一行")
    assert len(lines) == 1, lines


def test_top_tasks_belong_on_the_home_page_only(example):
    replace(example / "content/contact.md", "updated:", "top_tasks: [id-card]\nupdated:")
    assert_reported(example, spot(example, "content/contact.md", "top_tasks"),
                    "只有首頁可以列常用服務（top_tasks only on the home page）",
                    "content/index.md")


# --- compiled form ----------------------------------------------------------------------------

@pytest.mark.parametrize("target, page, url", [
    ("sitemap.md", "index.md", "sitemap/"),
    ("sitemap.md", "about.md", "../sitemap/"),
    ("sitemap.md", "procedures/id-card.md", "../../sitemap/"),
    ("sitemap.md", "procedures/index.md", "../sitemap/"),
    ("index.md", "about.md", "../"),
    ("index.md", "index.md", "./"),
])
def test_directory_urls(target, page, url):
    assert directory_url(target, page) == url


def test_the_search_form_is_a_labelled_get_form():
    form = BeautifulSoup(search_form(), "html.parser").form
    assert form["role"] == "search" and form["method"] == "get" and form["action"] == "sitemap/"
    field = form.find("input")
    assert field["name"] == "q" and field["type"] == "search"
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "搜尋"
    assert "<script" not in search_form() and " on" not in search_form()


# --- the built start page ---------------------------------------------------------------------

def test_start_page_leads_with_search_and_top_tasks(built_site):
    page = soup(built_site)
    article = page.find("article")
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert headings[:3] == ["常用服務", "最新消息", "聯絡本所"]
    form = article.find("form", attrs={"role": "search"})
    assert form is not None and form.find_next("h2").get_text(strip=True).startswith("常用服務")
    assert resolves(built_site, "", form["action"])
    tasks = [a["href"] for a in article.select(".hro-tasks a")]
    assert tasks[:3] == ["procedures/id-card/", "procedures/household-transcript/",
                         "procedures/move-in-registration/"]
    assert all(resolves(built_site, "", href) for href in tasks)
    assert article.find("table", class_="hro-contact") is not None


def test_back_to_top_only_on_long_pages(built_site):
    long_page = soup(built_site, "procedures/id-card")
    link = long_page.select_one("article .hro-top a")
    assert link is not None and link.get_text() == "回到頁首" and link["href"] == "#U"
    assert long_page.find(id="U") is not None
    assert soup(built_site, "contact").select_one(".hro-top") is None


@pytest.mark.browser
def test_the_form_opens_material_search_with_javascript_and_the_sitemap_without(built_site):
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (320, 1280):
                page = browser.new_context(viewport={"width": width, "height": 800},
                                           service_workers="block").new_page()
                page.goto(base)
                field = page.locator("#hro-search-q")
                assert field.is_visible()
                field.fill("戶籍謄本")
                page.locator("form.hro-search button").click()
                page.wait_for_url("**/sitemap/?q=*")
                page.wait_for_function(
                    "() => document.querySelectorAll('.md-search-result__list > li').length > 0")
                assert page.locator("input.md-search__input").input_value() == "戶籍謄本"
                hrefs = page.eval_on_selector_all(".md-search-result__list > li > a",
                                                  "els => els.map(e => e.href)")
                assert any("procedures/household-transcript/" in h for h in hrefs[:5])
                page.close()
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(base)
            page.locator("#hro-search-q").fill("戶籍謄本")
            page.locator("form.hro-search button").click()
            page.wait_for_url("**/sitemap/?q=*")
            assert page.locator("h1").inner_text().startswith("網站導覽")
        finally:
            browser.close()
