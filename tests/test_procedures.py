"""申辦須知 pages: every part is there, the flowchart is accessible, the checklist prints on one A4 page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import OFFICE

PROCEDURES = sorted(p.stem for p in (OFFICE / "content" / "procedures").glob("*.yml"))


def page(built_site: Path, procedure_id: str) -> str:
    return (built_site / "procedures" / procedure_id / "index.html").read_text("utf-8")


def test_at_least_the_fifteen_procedures():
    assert len(PROCEDURES) >= 15


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_procedure_page_has_every_part(built_site, procedure_id):
    html = page(built_site, procedure_id)
    order = [html.index(f'id="{anchor}"') for anchor in ("documents", "fees", "steps", "flowchart",
                                                         "forms")]
    assert order == sorted(order), "sections out of order"
    steps = html[html.index('id="steps"'):html.index('id="flowchart"')]
    assert "<ol>" in steps and steps.count("<li>") >= 2
    svg = re.search(r"<svg[^>]*class=\"hro-svg\"[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert re.search(r'aria-labelledby="[^"]*-title [^"]*-desc"', svg)
    fees = html[html.index('id="fees"'):html.index('id="steps"')]
    if "<table>" in fees:
        assert "<caption>" in fees and 'scope="col"' in fees and 'scope="row"' in fees
    forms = html[html.index('id="forms"'):]
    assert "（ODT，" in forms or "不需要另外填寫書表" in forms


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_laws_and_forms_are_one_list_item_each(built_site, procedure_id):
    """A template line ending in a block tag once glued every law into one <li> with 「- 」."""
    source = yaml.safe_load((OFFICE / "content" / "procedures" / f"{procedure_id}.yml").read_text("utf-8"))
    soup = BeautifulSoup(page(built_site, procedure_id), "html.parser")
    for anchor, expected in (("legal-basis", len(source.get("legal_basis") or [])),
                             ("forms", len(source.get("forms") or []))):
        if not expected:
            continue
        items = soup.find(id=anchor).find_next("ul").find_all("li", recursive=False)
        assert len(items) == expected, (anchor, [li.get_text() for li in items])
        assert not any("- " in li.get_text() for li in items), anchor


def test_index_reaches_every_procedure_in_two_clicks(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="procedures/"' in home
    index = (built_site / "procedures" / "index.html").read_text("utf-8")
    for procedure_id in PROCEDURES:
        assert f'href="{procedure_id}/"' in index, procedure_id


def test_download_links_say_format_and_size(built_site):
    forms = (built_site / "forms" / "index.html").read_text("utf-8")
    labels = re.findall(r"<a [^>]*href=\"files/[^\"]+\"[^>]*>([^<]+)</a>", forms)
    assert labels and all(re.search(r"（(ODT|PDF)，\d+ KB）$", label) for label in labels), labels[:3]


@pytest.mark.browser
def test_checklist_prints_on_one_a4_page(built_site, tmp_path):
    """Print the page as Chromium does (A4, print stylesheet): the checklist is one page of its own."""
    from playwright.sync_api import sync_playwright

    from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
    from hrosite.checks.serve import serve

    a4_height_px = (297 - 2 * 10) / 25.4 * 96  # A4 minus 10 mm margins, in CSS px
    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        tab = browser.new_page(viewport={"width": 720, "height": 1000})
        for procedure_id in PROCEDURES:
            tab.goto(f"{base}procedures/{procedure_id}/")
            tab.emulate_media(media="print")
            box = tab.evaluate("""() => {
                const el = document.querySelector('.hro-checklist');
                const style = getComputedStyle(el);
                return {height: el.getBoundingClientRect().height, before: style.breakBefore,
                        inside: style.breakInside, visible: el.offsetParent !== null,
                        title: getComputedStyle(el.querySelector('.hro-print-only')).display};
            }""")
            assert box["visible"] and box["title"] != "none", procedure_id
            assert box["before"] == "page" and box["inside"] in ("avoid-page", "avoid"), procedure_id
            assert box["height"] < a4_height_px, (procedure_id, box["height"])
        pdf = tab.pdf(format="A4", margin={"top": "10mm", "bottom": "10mm"})
        assert pdf.startswith(b"%PDF-")
        browser.close()


def test_procedures_follow_their_order_within_a_category(built_site):
    """`order:` puts 出生登記 first in 出生與收養 (menu, index), not the file name's 認領登記."""
    index = (built_site / "procedures" / "index.html").read_text("utf-8")
    for earlier, later in (("birth-registration", "acknowledgement-registration"),
                           ("acknowledgement-registration", "adoption-registration"),
                           ("marriage-registration", "divorce-registration"),
                           ("move-in-registration", "address-change-registration"),
                           ("id-card", "household-certificate")):
        assert index.index(f'href="{earlier}/"') < index.index(f'href="{later}/"'), (earlier, later)
    home = (built_site / "index.html").read_text("utf-8")
    section_link = re.findall(r'<a href="([^"]+)"[^>]*>\s*<span class="md-ellipsis">\s*出生與收養', home)
    assert section_link[0] == "procedures/birth-registration/"   # the pruned section opens its first page
