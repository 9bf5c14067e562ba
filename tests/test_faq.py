"""常見問答 in the built site: FAQPage JSON-LD, a stable anchor per question, and the two-way link
between questions and procedures (a procedure's 「相關問答」 is derived from the FAQ files)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

BASE = "https://example.test/"
MARKUP = re.compile(r"\*\*|__|`|<[A-Za-z/!]|\]\(|&[a-z]+;|^[ \t]*(?:[-*+]|#{1,6}|\d+\.)[ \t]", re.M)
HAN = re.compile(r"[^\u3400-\u9fff]")


@pytest.fixture(scope="module")
def sources(built_site: Path) -> dict[str, list[dict]]:
    """The FAQ YAML the site was built from: category -> entries."""
    faq_dir = built_site.parent.parent / "faq"
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
            for path in sorted(faq_dir.glob("*.yml"))}


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def targets(page: BeautifulSoup, url: str, links) -> list[tuple[str, str]]:
    """(page path, fragment) of each link, resolved from the page it is on."""
    return [(urlsplit(full).path, urlsplit(full).fragment)
            for full in (urljoin(BASE + url, a["href"]) for a in links)]


def test_there_are_at_least_40_entries(sources):
    assert sum(len(entries) for entries in sources.values()) >= 40


def test_each_category_page_has_one_faqpage_with_plain_answers(built_site, sources):
    for category, entries in sources.items():
        scripts = soup(built_site, f"faq/{category}/").find_all("script", type="application/ld+json")
        assert len(scripts) == 1, category
        data = json.loads(scripts[0].string)
        assert (data["@context"], data["@type"]) == ("https://schema.org", "FAQPage"), category
        assert len(data["mainEntity"]) == len(entries), category
        for question, entry in zip(data["mainEntity"], entries):
            answer = question["acceptedAnswer"]
            assert (question["@type"], answer["@type"]) == ("Question", "Answer")
            assert question["name"] == entry["question"]
            assert not MARKUP.search(answer["text"]), (entry["id"], answer["text"])
            # every Chinese character of the answer is there, in order: the text, not a summary
            assert HAN.sub("", answer["text"]) == HAN.sub("", entry["answer"]), entry["id"]


def test_each_entry_is_anchored_on_its_page_and_linked_from_the_index(built_site, sources):
    index = soup(built_site, "faq/")
    linked = set(targets(index, "faq/", index.find("article").find_all("a", href=True)))
    for category, entries in sources.items():
        page = soup(built_site, f"faq/{category}/")
        for entry in entries:
            anchor = page.find(id=entry["id"])
            assert anchor is not None, (category, entry["id"])
            assert entry["question"] in anchor.get_text(), entry["id"]
            assert (f"/faq/{category}/", entry["id"]) in linked, entry["id"]


def test_procedure_pages_list_exactly_the_entries_that_name_them(built_site, sources):
    procedures = sorted(p.stem for p in (built_site.parent.parent / "content/procedures").glob("*.yml"))
    assert procedures
    for procedure in procedures:
        url = f"procedures/{procedure}/"
        page = soup(built_site, url)
        heading = page.find(id="faq")
        listed = targets(page, url, heading.find_next_sibling("ul").find_all("a")) if heading else []
        naming = [(f"/faq/{category}/", entry["id"]) for category, entries in sources.items()
                  for entry in entries if procedure in entry.get("procedures", [])]
        # from the FAQ files to the page: every entry that names the procedure is listed …
        assert [n for n in naming if n not in listed] == [], procedure
        # … and from the page back to the files: every listed entry names the procedure, once
        assert [t for t in listed if t not in naming] == [] and len(set(listed)) == len(listed), procedure
        if heading is not None:
            assert heading.get_text().startswith("相關問答")
