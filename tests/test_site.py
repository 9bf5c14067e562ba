"""The built example site: the page frame every page must carry (issue 2, NORMS.md §6)."""

from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_sources, html_pages, mkdocs_build

from hrosite.checks.selfcontained import scan_site
from hrosite.compile.metadata import DC_FIELDS


class PageFacts(HTMLParser):
    """What one HTML page says about itself: lang, links in order, meta tags, footer text."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.anchors: list[dict] = []
        self.meta: dict[str, str] = {}
        self.accesskeys: set[str] = set()
        self.in_footer = 0
        self.footer_text = ""
        self.in_title = False
        self.title = ""
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "title" and not self.title:  # the page's, not an SVG's
            self.in_title = True
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "a":
            self._current = {**attrs, "text": ""}
            self.anchors.append(self._current)
            if attrs.get("accesskey"):
                self.accesskeys.add(attrs["accesskey"])
        if tag == "footer":
            self.in_footer += 1

    def handle_endtag(self, tag):
        if tag == "a":
            self._current = None
        if tag == "footer":
            self.in_footer -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data
        if self.in_footer:
            self.footer_text += data
        if self.in_title:
            self.title += data


def facts(page: Path) -> PageFacts:
    parser = PageFacts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_the_frame(built_site):
    office = yaml.safe_load((REPO / "site.yml").read_text(encoding="utf-8"))
    pages = html_pages(built_site)
    assert len(pages) > 20
    for page in pages:
        f = facts(page)
        where = page.relative_to(built_site).as_posix()
        assert f.lang in ("zh-TW", "zh-Hant"), where
        first = f.anchors[0]
        assert "md-skip" in first.get("class", "") and first["text"].strip() == "跳到主要內容", where
        assert {"U", "C", "Z"} <= f.accesskeys, where
        for name in DC_FIELDS:
            assert f.meta.get(f"DC.{name}"), (where, name)
        for name in ("Category.Theme", "Category.Cake", "Category.Service", "Keywords"):
            assert f.meta.get(name), (where, name)
        assert office["name"] in f.footer_text, where
        assert "電話" in f.footer_text and "待確認" in f.footer_text, where
        assert f.title.strip().endswith(f"- {office['name']}") or where == "index.html", where
        assert "更新日期" in page.read_text(encoding="utf-8"), where


def test_footer_follows_site_yml(tmp_path):
    root = copy_sources(tmp_path / "src")
    site_yml = root / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        "  phone: null", '  phone: "07-000-0000（測試）"'), encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    footer = facts(tmp_path / "site" / "about" / "index.html").footer_text
    assert "07-000-0000（測試）" in footer


def test_nothing_is_loaded_from_another_host(built_site):
    assert scan_site(built_site) == []


def test_no_px_or_pt_font_sizes(built_site):
    css = list(built_site.rglob("*.css"))
    assert css
    pattern = re.compile(r"font(-size)?\s*:[^;}]*\d(px|pt)\b")
    offenders = [(p.name, m.group(0)) for p in css for m in pattern.finditer(p.read_text("utf-8"))]
    assert offenders == []


def test_zoom_is_not_blocked(built_site):
    for page in html_pages(built_site):
        viewport = facts(page).meta.get("viewport", "")
        assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


def test_headings_have_readable_ids(built_site):
    html = (built_site / "procedures" / "birth-registration" / "index.html").read_text("utf-8")
    assert 'id="documents"' in html and 'id="steps"' in html
    faq = (built_site / "about" / "index.html").read_text("utf-8")
    assert 'id="機關簡介"' in faq


def test_required_pages_exist(built_site):
    for path in ("sitemap", "privacy", "open-data", "personal-data", "accessibility", "contact",
                 "about", "services"):
        assert (built_site / path / "index.html").is_file(), path
    sitemap = (built_site / "sitemap" / "index.html").read_text("utf-8")
    for key in ("Alt+U", "Alt+C", "Alt+Z", "Firefox", "Shift", "macOS"):
        assert key in sitemap


def test_build_is_deterministic(tmp_path):
    root = copy_sources(tmp_path / "src")
    first, second = tmp_path / "one", tmp_path / "two"
    assert mkdocs_build(root, first).returncode == 0
    assert mkdocs_build(root, second).returncode == 0
    files_one = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_one == files_two
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(p) for p in files_one], shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.browser
def test_skip_link_is_the_first_tab_stop(built_site):
    from hrosite.checks.serve import serve
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--headless=new", "--disable-gpu"])
        page = browser.new_page()
        for path in ("", "procedures/birth-registration/", "faq/id-card/", "contact/"):
            page.goto(base + path)
            page.keyboard.press("Tab")
            focused = page.evaluate("[document.activeElement.textContent.trim(),"
                                    " document.activeElement.className]")
            assert focused[0] == "跳到主要內容" and "md-skip" in focused[1], path
            page.keyboard.press("Enter")
            inside_main = page.evaluate(
                "(() => { const id = decodeURIComponent(location.hash.slice(1));"
                " const el = document.getElementById(id); return !!el && !!el.closest('main'); })()")
            assert inside_main, path
        browser.close()


def test_long_nav_sections_are_split_into_short_groups():
    """Material lists every sibling on each page; 1,100 villages must not mean 1,100 links each."""
    from hrosite.compile.nav import NavItem, to_mkdocs

    villages = [NavItem(f"第{i}里", f"stats/villages/v{i}.md") for i in range(1, 121)]
    nav = to_mkdocs([NavItem("人口統計", "stats/index.md", villages)], limit=10)
    entries = nav[0]["人口統計"]
    assert entries[0] == "stats/index.md"                       # section page stays first
    groups = entries[1:]
    assert len(groups) == 2                                      # 120 → 12 groups → 2 groups
    assert list(groups[0]) == ["第1里～第100里"]
    assert list(groups[1]) == ["第101里～第120里"]
    first_inner = groups[0]["第1里～第100里"]
    assert len(first_inner) == 10 and list(first_inner[0]) == ["第1里～第10里"]
    assert first_inner[0]["第1里～第10里"][0] == {"第1里": "stats/villages/v1.md"}

    def leaves(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from leaves(value)
        elif isinstance(node, list):
            for value in node:
                yield from leaves(value)
        else:
            yield node
    assert list(leaves(groups)) == [v.path for v in villages]   # nothing lost, order kept
    short = to_mkdocs([NavItem("人口統計", "stats/index.md", villages[:10])], limit=10)
    assert len(short[0]["人口統計"]) == 11                       # at the limit: not grouped
