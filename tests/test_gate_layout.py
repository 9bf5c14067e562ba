"""The layout gate fails on broken fixtures and passes a responsive page (docs/sources.md)."""

from __future__ import annotations

import functools
import struct
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hrosite.checks.layout import check_layout, screenshot_name

pytestmark = pytest.mark.browser

HEAD = """<!doctype html><html lang="zh-TW"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>測試</title><style>
body { margin: 0; padding: 1rem; font-size: 100%; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
           clip: rect(0 0 0 0); white-space: nowrap; }
table { border-collapse: collapse; } td, th { border: 1px solid; padding: .25em; }
</style></head><body>"""

FIXTURES = {
    "clean/index.html": """
<a class="sr-only" href="#main">跳到主要內容（skip to main content, a visually hidden link）</a>
<main id="main"><h1>出生登記</h1>
<p>新生兒出生後六十日內，應由申請人向戶政事務所辦理出生登記。逾期申請者，依戶籍法處以罰鍰。</p>
<p style="white-space:nowrap; overflow:hidden; text-overflow:ellipsis; max-width:100%">
以刻意設定的省略號截斷的很長很長很長很長很長很長很長很長很長很長的一行文字</p>
<table style="max-width:100%"><caption>規費</caption>
<tr><th scope="col">項目</th><th scope="col">金額</th></tr>
<tr><td>出生登記</td><td>免費</td></tr></table>
<div style="display:none; width:2000px">收合的內容（hidden, not measured）</div>
<p style="display:none; white-space:nowrap; overflow:hidden; width:10px">隱藏的截斷文字</p>
</main>
""",
    "wide-table/index.html": """
<h1>規費一覽</h1>
<table class="fees" style="width:600px"><caption>規費</caption>
<tr><th scope="col">項目</th><th scope="col">金額</th></tr>
<tr><td>國民身分證</td><td>50 元</td></tr></table>
""",
    "clipped/index.html": """
<h1>截斷文字</h1>
<p class="note" style="white-space:nowrap; overflow:hidden; width:100px">
戶籍謄本申請須本人親自辦理或出具委託書，這一行文字會被截斷</p>
""",
    "runtime-request/index.html": """
<main><h1>執行時載入</h1><p>這一頁的程式在執行時向其他主機要一張圖片。</p></main>
<script>new Image().src = "https://cdn.example.invalid/tracker.png?page=1";</script>
""",
    "scroll-box/index.html": """
<h1>人口統計</h1>
<div style="overflow-x:auto"><table style="width:600px"><caption>各里人口</caption>
<tr><th scope="col">里別</th><th scope="col">戶數</th><th scope="col">人口</th></tr>
<tr><td>中正里</td><td>1,234</td><td>3,456</td></tr></table></div>
""",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Serve the fixtures on 127.0.0.1 from a background thread (serve.py is not ours)."""
    root = tmp_path_factory.mktemp("site")
    for rel, body in FIXTURES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEAD + body + "</body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def results(site, tmp_path_factory):
    """One browser run over every fixture, as the CLI would do it."""
    shots = tmp_path_factory.mktemp("shots")
    findings = check_layout(
        site,
        [*FIXTURES, "missing/index.html"],
        screenshot_dir=shots,
        screenshot_pages=["clean/index.html"],
    )
    return findings, shots


def _of(findings, page, width=None):
    return [f for f in findings
            if f.file == page and (width is None or f.field == f"{width}px")]


def test_responsive_page_passes_at_320_768_1280(results):
    findings, _ = results
    assert _of(findings, "clean/index.html") == []


def test_fixed_600px_table_fails_reflow_at_320_and_is_named(results):
    findings, _ = results
    at320 = _of(findings, "wide-table/index.html", 320)
    assert len(at320) == 1
    f = at320[0]
    assert f.gate == "layout" and f.severity == "error"
    assert "水平捲動" in f.message and "1.4.10" in f.message
    assert "table.fees" in f.message
    assert "寬 600px" in f.message
    # 600 px fits a 768 px viewport.
    assert _of(findings, "wide-table/index.html", 768) == []
    assert _of(findings, "wide-table/index.html", 1280) == []


def test_clipped_text_fails(results):
    findings, _ = results
    clipped = _of(findings, "clipped/index.html")
    assert {f.field for f in clipped} == {"320px", "768px", "1280px"}
    assert all("文字被截斷" in f.message and "p.note" in f.message for f in clipped)
    assert all(f.hint for f in clipped)


def test_wide_table_in_own_scroll_box_passes(results):
    findings, _ = results
    assert _of(findings, "scroll-box/index.html") == []


def test_missing_page_is_a_finding_not_a_crash(results):
    findings, _ = results
    missing = _of(findings, "missing/index.html")
    assert len(missing) == 3
    assert all("HTTP 404" in f.message for f in missing)


def test_screenshots_are_full_page_pngs_per_width(results):
    _, shots = results
    names = sorted(p.name for p in shots.iterdir())
    assert names == sorted(screenshot_name("clean/index.html", w) for w in (320, 768, 1280))
    for width in (320, 768, 1280):
        data = (shots / screenshot_name("clean/index.html", width)).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">I", data[16:20])[0] == width  # deviceScaleFactor 1


def test_screenshot_name_is_derived_from_the_page_path():
    assert screenshot_name("procedures/birth-registration/index.html", 320) == (
        "procedures-birth-registration-320px.png"
    )
    assert screenshot_name("index.html", 1280) == "index-1280px.png"
    assert screenshot_name("", 768) == "index-768px.png"
    assert screenshot_name("news/2025-01.html", 320) == "news-2025-01-320px.png"


def test_findings_format_for_staff(results):
    findings, _ = results
    text = _of(findings, "wide-table/index.html", 320)[0].format_text()
    assert text.startswith("wide-table/index.html: 320px: 在 320px 寬度下頁面需要水平捲動")


def test_request_to_another_host_at_run_time_is_reported(results):
    findings, _ = results
    (found,) = _of(findings, "runtime-request/index.html")
    assert found.gate == "self-contained" and found.severity == "error"
    assert "cdn.example.invalid" in found.message and "tracker.png" in found.message
    assert [f for f in findings if f.gate == "self-contained"] == [found]  # once, not per width
