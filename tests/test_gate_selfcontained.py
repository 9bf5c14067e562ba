"""Self-contained gate (README.md "Conventions"): planted loads and office links fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrosite.checks.selfcontained import scan_site


def _page(body: str, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n'
        f"<title>首頁 - 測試戶政事務所</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


PLANTED = {
    "google-fonts": (
        {"index.html": _page("", '<link rel="stylesheet" '
                                 'href="https://fonts.googleapis.com/css?family=Roboto">')},
        "fonts.googleapis.com",
    ),
    "cdn-script": (
        {"index.html": _page('<script src="https://cdn.jsdelivr.net/npm/x.js"></script>')},
        "cdn.jsdelivr.net",
    ),
    "css-file-url": (
        {"index.html": _page(""),
         "assets/extra.css": "body {\n  background: url('https://img.example.com/bg.png');\n}\n"},
        "img.example.com",
    ),
    "style-attribute": (
        {"index.html": _page('<div style="background-image: url(https://img.example.com/a.png)">'
                             "</div>")},
        "img.example.com",
    ),
    "style-element-import": (
        {"index.html": _page("", "<style>\n@import 'https://css.example.com/x.css';\n</style>")},
        "css.example.com",
    ),
    "iframe": (
        {"index.html": _page('<iframe src="https://www.google.com/maps/embed?pb=1" '
                             'title="地圖"></iframe>')},
        "www.google.com",
    ),
    "srcset": (
        {"index.html": _page('<img src="a.png" alt="" '
                             'srcset="a.png 1x, https://cdn.example.com/a@2x.png 2x">')},
        "cdn.example.com",
    ),
    "protocol-relative-img": (
        {"index.html": _page('<img src="//static.example.com/a.png" alt="">')},
        "static.example.com",
    ),
    "preconnect": (
        {"index.html": _page("", '<link rel="preconnect" href="https://fonts.gstatic.com" '
                                 "crossorigin>")},
        "fonts.gstatic.com",
    ),
    "meta-refresh": (
        {"index.html": _page("", '<meta http-equiv="refresh" content="0; url=https://evil.example/">')},
        "evil.example",
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_external_load_is_one_error(tmp_path, name):
    files, host = PLANTED[name]
    findings = scan_site(_site(tmp_path, files))
    assert len(findings) == 1, [f.format_text() for f in findings]
    f = findings[0]
    assert f.severity == "error" and f.gate == "self-contained"
    assert f"（third-party host）{host}：" in f.message
    assert f.hint


def test_google_fonts_hint_names_the_mkdocs_setting(tmp_path):
    files, _ = PLANTED["google-fonts"]
    (f,) = scan_site(_site(tmp_path, files))
    assert "theme.font: false" in f.hint
    assert (f.file, f.line, f.col, f.field) == ("index.html", 6, 1, "link[href]")


def test_css_file_finding_has_line_and_col(tmp_path):
    files, _ = PLANTED["css-file-url"]
    (f,) = scan_site(_site(tmp_path, files))
    assert (f.file, f.line, f.col) == ("assets/extra.css", 2, 15)


def test_style_element_position_counts_from_the_style_text(tmp_path):
    site = _site(tmp_path, {"p.html": "<style>a{}\n  b { background: url(//x.example/b.png) }</style>"})
    (f,) = scan_site(site)
    assert (f.line, f.col) == (2, 19)


@pytest.mark.parametrize(
    "href",
    ["forms/birth.docx", "forms/birth.DOC", "forms/fees.xlsx?v=2", "forms/fees.xls#sheet1",
     "https://www.ris.gov.tw/slides.pptx", "forms/talk.ppt", "forms/%E7%94%B3%E8%AB%8B.docx"],
)
def test_office_format_download_link_is_error(tmp_path, href):
    site = _site(tmp_path, {"forms/index.html": _page(f'<a href="{href}">申請書</a>')})
    (f,) = scan_site(site)
    assert f.severity == "error" and "ME1320200C" in f.message
    assert "PDF" in f.hint and f.field == "a[href]"


def test_clean_page_passes(tmp_path):
    body = (
        '<a href="https://www.ris.gov.tw/">內政部戶政司</a>\n'
        '<a href="forms/birth.odt">出生登記申請書（ODT，35KB）</a>\n'
        '<a href="forms/birth.pdf">出生登記申請書（PDF，80KB）</a>\n'
        '<img src="assets/images/logo.svg" alt="" srcset="assets/a.png 1x, assets/a@2x.png 2x">\n'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">\n'
        '<div style="background: url(assets/bg.png)"></div>\n'
        '<script src="assets/javascripts/bundle.js"></script>\n'
    )
    head = (
        '<link rel="canonical" href="https://hr.example.gov.tw/">\n'
        '<link rel="alternate" type="application/rss+xml" href="https://hr.example.gov.tw/feed.xml">\n'
        '<link rel="license" href="https://data.gov.tw/license">\n'
        '<link rel="stylesheet" href="assets/stylesheets/main.css">\n'
        "<style>/* url(https://fonts.googleapis.com/x) is only a comment */ body{margin:0}</style>"
    )
    site = _site(tmp_path, {
        "index.html": _page(body, head),
        "assets/stylesheets/main.css": "@font-face{src:url(../fonts/a.woff2)}\n",
    })
    assert scan_site(site) == []


def test_allowed_hosts_are_not_flagged(tmp_path):
    files, _ = PLANTED["cdn-script"]
    assert scan_site(_site(tmp_path, files), allowed_hosts=["CDN.jsdelivr.net"]) == []
