"""Search in a real browser: sentences go through the wrapped worker, and a query with no
result offers the top tasks, the FAQ and the contact page instead of an empty list."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
from hrosite.checks.serve import serve

pytestmark = [pytest.mark.browser]

RESULTS = ".md-search-result__list > li"


@pytest.fixture(scope="module")
def search_page(built_site):
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900},
                                   service_workers="block").new_page()
        workers = []
        page.on("worker", lambda worker: workers.append(worker.url))
        page.goto(base)
        page.locator("input.md-search__input").click()
        page.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                               ".textContent.includes('初始化')")
        page.workers_seen = workers
        yield page
        browser.close()


def search(page, query: str) -> str:
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => /符合|沒有/.test(document.querySelector('.md-search-result__meta').textContent)")
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    if meta.startswith("找到"):
        page.wait_for_selector(f"{RESULTS} > a")
    return meta


def test_the_wrapped_worker_runs(search_page):
    assert any("/workers/hro-search-worker.js?material=" in url for url in search_page.workers_seen)


def test_a_sentence_with_unindexed_characters_finds_its_page(search_page):
    meta = search(search_page, "剛結婚要去戶政事務所辦什麼")
    hrefs = search_page.eval_on_selector_all(f"{RESULTS} > a", "els => els.slice(0, 5).map(e => e.href)")
    paths = [urlsplit(h).path for h in hrefs]
    assert "/procedures/marriage-registration/" in paths, (meta, hrefs)


def test_no_result_offers_top_tasks_faq_and_contact(search_page):
    assert search(search_page, "qqqzzzxx") == "沒有符合的項目"
    fallback = search_page.locator(".md-search-result .hro-search-fallback")
    assert fallback.is_visible()
    links = fallback.locator("a")
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    assert texts[0] == "國民身分證（初領／補領／換領）" and texts[-2:] == ["常見問答", "聯絡資訊"]
    hrefs = fallback.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs[-2:] == ["faq/", "contact/"]


def test_results_hide_the_fallback(search_page):
    search(search_page, "身分證")
    assert search_page.locator(RESULTS).count() > 0
    assert not search_page.locator(".md-search-result .hro-search-fallback").is_visible()
