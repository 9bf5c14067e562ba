"""The built example site: the page frame every page must carry."""

from __future__ import annotations

import filecmp
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import OFFICE, REPO, copy_sources, html_pages, mkdocs_build

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
        self.nav_labels: list[str] = []
        self.stylesheets: list[str] = []
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
        if tag == "nav" and attrs.get("aria-label"):  # nested menus use aria-labelledby
            self.nav_labels.append(attrs["aria-label"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])

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
    office = yaml.safe_load((OFFICE / "site.yml").read_text(encoding="utf-8"))
    pages = html_pages(built_site)
    assert len(pages) > 20
    for page in pages:
        f = facts(page)
        where = page.relative_to(built_site).as_posix()
        english = where.startswith("en/")   # the English section (docs/english.md)
        assert f.lang in (("en",) if english else ("zh-TW", "zh-Hant")), where
        first = f.anchors[0]
        assert "md-skip" in first.get("class", "") and first["text"].strip() == "跳到主要內容", where
        assert {"U", "C", "Z"} <= f.accesskeys, where
        for name in DC_FIELDS:
            assert f.meta.get(f"DC.{name}"), (where, name)
        for name in ("Category.Theme", "Category.Cake", "Category.Service", "Keywords"):
            assert f.meta.get(name), (where, name)
        assert f.meta["DC.Identifier"] == f"待確認/{page_id(where)}", where   # §2.3, code unknown
        assert office["name"] in f.footer_text, where
        assert "電話" in f.footer_text and "待確認" in f.footer_text, where
        name = office["name_en"] if english else office["name"]   # the page's own language
        assert f.title.strip().endswith(f"- {name}") or where in ("index.html", "en/index.html"), where
        assert ("Last updated" if english else "更新日期") in page.read_text(encoding="utf-8") \
            or where == "404.html", where
        # axe landmark-unique: the menu 「導覽列」 and the breadcrumb 「現在位置」 differ
        # (the two 「目錄」 are Material's mobile and desktop copies, never shown together)
        assert f.nav_labels.count("導覽列") == 1, (where, f.nav_labels)
        assert sum(href.endswith("/hrosite.css") or href == "hrosite.css"
                   for href in f.stylesheets) == 1, where
        assert f.nav_labels.count("現在位置") == (where not in ("index.html", "404.html")), where


def page_id(where: str) -> str:
    """procedures/id-card/index.html → procedures/id-card; index.html → index; 404.html → 404."""
    return where.removesuffix(".html").removesuffix("/index")


# Clearly fake values for every contact field (and the agency code), for the filled_site build.
FAKE_CONTACT = {
    "address": "測試路 1 號（測試用地址）",
    "phone": "07-000-0001（測試）",
    "fax": "07-000-0002（測試）",
    "email": "test-only@example.invalid",
    "website": "https://example.invalid/test-only/",
    "hours": "測試用服務時間：週一至週五",
}
FAKE_AGENCY_CODE = "TEST-CODE"
TRICKY = '測試說明 "Cookie" <與> & 其他'


@pytest.fixture(scope="module")
def filled_site(tmp_path_factory) -> Path:
    """One build of a copy whose site.yml has every contact field and the agency code filled,
    and whose privacy page has a description and keyword with " < > &."""
    root = copy_sources(tmp_path_factory.mktemp("filled"))
    site_yml = root / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    for field, value in FAKE_CONTACT.items():
        assert f"  {field}: null" in text, field
        text = text.replace(f"  {field}: null", f"  {field}: {json.dumps(value, ensure_ascii=False)}", 1)
    text = text.replace("  agency_code: null", f"  agency_code: {FAKE_AGENCY_CODE}")
    site_yml.write_text(text, encoding="utf-8")
    privacy = root / "content" / "privacy.md"
    privacy.write_text(re.sub(r"(?m)^description: .*$", f"description: '{TRICKY}'",
                              privacy.read_text(encoding="utf-8").replace(
                                  "keywords: [隱私權,", f"keywords: ['{TRICKY}', 隱私權,")),
                       encoding="utf-8")
    site = root / "build" / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_footer_shows_every_contact_field_from_site_yml(filled_site):
    """§7 item 3 (地址、電話、傳真、網址、電子郵件) plus hours, on every page, once confirmed."""
    for page in html_pages(filled_site):
        f = facts(page)
        where = page.relative_to(filled_site).as_posix()
        for field, value in FAKE_CONTACT.items():
            assert value in f.footer_text, (where, field)
        assert "待確認" not in f.footer_text, where
        hrefs = {a.get("href") for a in f.anchors}
        assert f"mailto:{FAKE_CONTACT['email']}" in hrefs and FAKE_CONTACT["website"] in hrefs, where


def test_dc_identifier_is_agency_code_plus_page_id(filled_site):
    """docs/sources.md: DC.Identifier = 機關代碼(+資料ID), one value per page."""
    seen = {}
    for page in html_pages(filled_site):
        where = page.relative_to(filled_site).as_posix()
        identifier = facts(page).meta["DC.Identifier"]
        assert identifier == f"{FAKE_AGENCY_CODE}/{page_id(where)}", where
        assert identifier not in seen, (where, seen.get(identifier))
        seen[identifier] = where


def test_meta_values_are_escaped_once(filled_site):
    """A " or < in a description or keyword must not break <meta> (nor be escaped twice)."""
    page = filled_site / "privacy" / "index.html"
    f = facts(page)
    assert f.meta["description"] == TRICKY           # Material's own tag
    assert f.meta["DC.Description"] == TRICKY
    assert f.meta["Keywords"].split(",")[0] == TRICKY
    html = page.read_text(encoding="utf-8")
    assert f'content="{TRICKY}"' not in html and "&amp;#34;" not in html and "&amp;amp;" not in html


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


@pytest.mark.slow
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
        from hrosite import chromium
        browser = chromium.launch(p)
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


def test_404_page_is_in_chinese_and_works_at_any_depth(built_site):
    """MkDocs serves 404.html for any missing URL (/foo/bar/): links must not be page-relative."""
    page = built_site / "404.html"
    html = page.read_text(encoding="utf-8")
    f = facts(page)
    assert "Not found" not in html
    assert f.anchors[0]["href"] == "#not-found" and f.meta["DC.Title"] == "找不到這個網頁"
    content = html.split('<h1 id="not-found">找不到這個網頁</h1>')[1].split("</article>")[0]
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', content))
    assert links == {"首頁": "/", "網站導覽": "/sitemap/", "申辦須知": "/procedures/"}
    for href in links.values():
        assert (built_site / href.lstrip("/") / "index.html").is_file(), href
    assert '<form class="hro-not-found-search" action="/" method="get">' in content
    assert 'name="q"' in content                               # Material opens search on ?q=
    for href in re.findall(r'(?:href|src)="([^"#]+)"', html):  # site_url's path, here "/"
        assert href.startswith(("/", "https://data.gov.tw/")), href


def breadcrumb(page: Path) -> list[tuple[str, str | None]]:
    """(text, href or None) of each crumb of 「現在位置」."""
    html = page.read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-path" aria-label="現在位置"[^>]*>(.*?)</nav>', html, re.S)
    if nav is None:
        return []
    crumbs = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S):
        href = re.search(r'<a href="([^"]*)"', item)
        crumbs.append((re.sub(r"<[^>]+>|\s", "", item), href.group(1) if href else None))
    return crumbs


def test_breadcrumb_links_only_to_real_section_pages(built_site):
    """「現在位置」 (docs/sources.md): sections without a page of their own are text, not links to
    their first child or to the page itself; the current page ends every trail."""
    assert breadcrumb(built_site / "forms" / "index.html") == [("首頁", ".."), ("書表下載", None)]
    assert breadcrumb(built_site / "sitemap" / "index.html") == [
        ("首頁", ".."), ("網站資訊", None), ("網站導覽", None)]
    assert breadcrumb(built_site / "stats" / "village-lanqiao" / "index.html") == [
        ("首頁", "../.."), ("人口統計", "../"), ("各里歷年資料", None), ("藍橋里", None)]
    assert breadcrumb(built_site / "procedures" / "index.html") == [("首頁", ".."), ("申辦須知", None)]
    for page in html_pages(built_site):
        where = page.relative_to(built_site).as_posix()
        crumbs = breadcrumb(page)
        if where in ("index.html", "404.html"):
            assert crumbs == [], where
            continue
        assert crumbs[-1][1] is None and 'aria-current="page"' in page.read_text("utf-8"), where
        for text, href in crumbs:
            if href is not None:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(where), href))
                assert target != posixpath.dirname(where), (where, text)      # not itself
                assert (built_site / target / "index.html").is_file() or \
                    (target == "." and (built_site / "index.html").is_file()), (where, href)


def test_every_page_has_a_service_class(built_site):
    """分類檢索 (docs/sources.md): every page sits under a 服務分類, none under 尚未標示服務分類."""
    html = (built_site / "browse" / "index.html").read_text(encoding="utf-8")
    assert "尚未標示服務分類" not in html
    service = html.split('id="依服務分類人生歷程"')[1].split('id="依主題分類"')[0]
    listed = {posixpath.normpath(posixpath.join("browse", href.split("#")[0]))
              for href in re.findall(r'<a href="([^"]+)"', service) if not href.startswith("#")}
    pages = {posixpath.dirname(p.relative_to(built_site).as_posix()) or "."
             for p in html_pages(built_site) if p.name == "index.html"}
    # English pages are translations of listed Chinese pages, not classified again.
    pages = {p for p in pages if p != "en" and not p.startswith("en/")}
    assert pages - {"browse"} - listed == set()
    for label in ("綜合服務", "資訊公開", "出生"):
        assert f">{label}<" in service, label


def test_a_menu_section_without_a_default_stays_visibly_unclassified():
    """The per-section default fills gaps; a new section must be given one (or shows up)."""
    import datetime as dt

    from hrosite.compile.browse import service_classes
    from hrosite.compile.output import PageInfo

    day = dt.date(2026, 11, 26)
    assert service_classes(PageInfo("stats/index.md", "人口統計", day), "人口統計") == ["資訊公開"]
    assert service_classes(PageInfo("p.md", "出生登記", day, service_class=["出生"]), "人口統計") == ["出生"]
    assert service_classes(PageInfo("new/index.md", "新單元", day), "新單元") == []


def test_office_identity_comes_from_site_yml_only(example, tmp_path):
    """Renaming the office in site.yml renames every page's <title>, header and ©: mkdocs.yml
    names no office."""
    assert "鹽埕" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    site_yml = example / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(text.replace("name: 高雄市鹽埕區戶政事務所", "name: 範例市測試區戶政事務所", 1),
                        encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(example, site)
    assert result.returncode == 0, result.stderr[-3000:]
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<title>機關簡介與組織職掌 - 範例市測試區戶政事務所</title>" in about
    assert "© 範例市測試區戶政事務所" in about
    assert 'aria-label="範例市測試區戶政事務所"' in about
