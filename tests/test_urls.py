"""Every kind of page has one path, decided in hrosite/urls.py: these are the addresses citizens
bookmark and other sites link to, so a change here is a change of every published URL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hrosite import urls
from hrosite.compile import stats as compile_stats
from hrosite.compile.home import directory_url
from hrosite.compile.news import news_url


@pytest.mark.parametrize("path, expected", [
    (urls.page_path("about"), "about.md"),
    (urls.page_path("index"), "index.md"),
    (urls.procedure_path("birth-registration"), "procedures/birth-registration.md"),
    (urls.faq_path("id-card"), "faq/id-card.md"),
    (urls.form_anchor("birth-application"), "forms/index.md#birth-application"),
    (urls.news_path("2026-11-26-village-merger"), "news/2026-11-26-village-merger.md"),
    (urls.disclosure_path("budget"), "disclosures/budget.md"),
    (urls.village_path("beiduan"), "stats/village-beiduan.md"),
    (urls.dataset_path("population"), "stats/dataset-population.md"),
    (urls.english_page_path("contact"), "en/contact.md"),
    (urls.english_procedure_path("id-card"), "en/procedures/id-card.md"),
    (urls.PROCEDURES, "procedures/index.md"), (urls.FORMS, "forms/index.md"),
    (urls.FAQ, "faq/index.md"), (urls.NEWS, "news/index.md"),
    (urls.DISCLOSURES, "disclosures/index.md"), (urls.STATS, "stats/index.md"),
    (urls.VILLAGES, "stats/villages.md"), (urls.EN_HOME, "en/index.md"),
    (urls.SITEMAP, "sitemap.md"), (urls.BROWSE, "browse.md"), (urls.ONLINE, "online.md"),
])
def test_each_kind_of_page_has_its_path(path, expected):
    assert path == expected


@pytest.mark.parametrize("md_path, directory, html", [
    ("index.md", "", "index.html"),
    ("faq/index.md", "faq/", "faq/index.html"),
    ("procedures/id-card.md", "procedures/id-card/", "procedures/id-card.html"),
    ("en/index.md", "en/", "en/index.html"),
])
def test_the_address_of_a_page(md_path, directory, html):
    assert urls.location(md_path) == directory
    assert urls.location(md_path, use_directory_urls=False) == html


def test_the_compile_step_links_with_the_same_addresses():
    assert news_url("2026-11-26-x") == "news/2026-11-26-x/"
    assert directory_url(urls.procedure_path("id-card"), urls.FAQ) == "../procedures/id-card/"
    assert directory_url(urls.SITEMAP, urls.HOME) == "sitemap/"
    # the statistics compiler still names its own paths: they must be these
    assert compile_stats.village_path(SimpleNamespace(id="beiduan")) == urls.village_path("beiduan")
    assert compile_stats.dataset_path(SimpleNamespace(id="population")) == urls.dataset_path("population")
    assert (compile_stats.INDEX, compile_stats.VILLAGES) == (urls.STATS, urls.VILLAGES)
