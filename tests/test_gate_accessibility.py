"""Gate "accessibility": a clean site passes; each planted fault fails it.

pa11y-ci (htmlcs + axe, WCAG 2.1 AA) and the WCAG 2.2 axe pass need Chromium and node_modules.
They are not skipped when missing: the Makefile installs them (`make test-deps`), and a gate
that silently did not run would look like a gate that passed.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from hrosite.checks import accessibility
from hrosite.checks.accessibility import (PLACE_HINT, PROGRAMMER, _hint, check_accessibility,
                                          check_wcag22, repo_root)
from hrosite.findings import errors

CLEAN = {
    "index.html": """
<header><p><a href="#main">跳到主要內容</a></p></header>
<main id="main">
<h1>範例區戶政事務所</h1>
<p>歡迎使用本所網站。請見<a href="procedures/birth-registration/">出生登記</a>的說明。</p>
<table><caption>服務時間</caption>
<tr><th scope="col">日期</th><th scope="col">時間</th></tr>
<tr><td>週一至週五</td><td>08:00–17:00</td></tr></table>
</main>""",
    "procedures/birth-registration/index.html": """
<main>
<h1>出生登記</h1>
<h2 id="申請方式">申請方式</h2>
<p>新生兒出生後 60 日內，由父母之一向戶政事務所申請。<a href="../../">回首頁</a></p>
</main>""",
    "404.html": "<main><h1>找不到網頁</h1><img src='x.png'></main>",  # never tested
}

FAULTS = {
    "alt.html": '<main><h1>表單下載</h1><p><img src="form.png"></p></main>',
    "contrast.html": '<main class="md-content"><h1>公告</h1><p style="color:#aaa;background:#fff">淺灰色的字</p></main>',
    # wider than a 320 px screen, narrower than 1280 px: scrolls sideways on phones only
    "narrow.html": """<main><h1>表格</h1><div style="overflow-x:auto"><table style="width:600px">
<caption>寬表格</caption><tr><th scope="col">項目</th><th scope="col">說明</th></tr>
<tr><td>甲</td><td>乙</td></tr></table></div></main>""",
    "target.html": """<main><h1>頁碼</h1><p>
<a href="#p1" style="display:inline-block;width:10px;height:10px;overflow:hidden;font-size:8px">1</a><a
href="#p2" style="display:inline-block;width:10px;height:10px;overflow:hidden;font-size:8px">2</a></p>
<h2 id="p1">第一頁</h2><h2 id="p2">第二頁</h2></main>""",
}


def html(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="zh-TW">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} - 範例區戶政事務所</title></head>\n<body>{body}</body>\n</html>\n"
    )


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html(name.split("/")[0], body), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tools():
    """Fail loudly, not skip, when the browser tools are missing."""
    root = repo_root()
    needed = [Path(accessibility.CHROMIUM)]
    if root:
        needed += [root / "node_modules/.bin/pa11y-ci", root / "node_modules/axe-core/axe.min.js"]
    missing = [str(p) for p in needed if not p.exists()] if root else ["package.json"]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make test-deps` "
                    "(apt-get install chromium; PUPPETEER_SKIP_DOWNLOAD=1 npm ci)", pytrace=False)


# Next to each other in page order, so the two processes of `faulty` took one each.
ONE_PROCESS_PAGES = ["alt.html", "contrast.html", "index.html"]


@pytest.fixture(scope="module")
def faulty(tools, tmp_path_factory):
    """pa11y-ci over all planted faults in two processes, one axe run, and pa11y-ci in one
    process over the pages with pa11y faults and one clean page."""
    site = write_site(tmp_path_factory.mktemp("faulty"), {**CLEAN, **FAULTS})
    return {"pa11y": check_accessibility(site, workers=2), "wcag22": check_wcag22(site),
            "pa11y_one_process": check_accessibility(site, ONE_PROCESS_PAGES, workers=1)}


def on(findings, page):
    return [f for f in errors(findings) if f.file == page]


@pytest.mark.browser
def test_clean_site_passes_both_passes(tools, tmp_path):
    site = write_site(tmp_path, CLEAN)
    assert errors(check_accessibility(site)) == []
    assert errors(check_wcag22(site)) == []


@pytest.mark.browser
def test_pages_shared_out_between_two_pa11y_processes_give_the_same_findings(faulty):
    def key(f):
        return (f.file, f.field or "", f.message)

    shared_out = [f for f in faulty["pa11y"] if f.file in ONE_PROCESS_PAGES]
    assert sorted(shared_out, key=key) == sorted(faulty["pa11y_one_process"], key=key)
    assert {"alt.html", "contrast.html"} <= {f.file for f in errors(shared_out)}


@pytest.mark.browser
def test_clean_pages_stay_clean_among_faulty_ones(faulty):
    for page in ("index.html", "procedures/birth-registration/index.html", "404.html"):
        assert on(faulty["pa11y"], page) == []
        assert on(faulty["wcag22"], page) == []


@pytest.mark.browser
def test_image_without_alt_fails(faulty):
    found = on(faulty["pa11y"], "alt.html")
    assert {f.field for f in found} == {"image-alt", "WCAG2AA.Principle1.Guideline1_1.1_1_1.H37"}
    assert all(f.gate == "accessibility" and "img" in f.message and "alt" in f.hint for f in found)


@pytest.mark.browser
def test_low_contrast_text_fails(faulty):
    found = on(faulty["pa11y"], "contrast.html")
    assert {f.field for f in found} == {"color-contrast", "WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail"}
    assert all("淺灰色的字" in f.message and "4.5:1" in f.hint for f in found)


@pytest.mark.browser
def test_tiny_adjacent_targets_fail_wcag22(faulty):
    """axe-core 4.11 tags only target-size (SC 2.5.8) with wcag22aa; pa11y's axe never runs it."""
    found = on(faulty["wcag22"], "target.html")
    assert [f.field for f in found] == ["target-size"] * 4  # two links, at 320 and at 1280 px
    assert [f.message.split("：")[0] for f in found] == ["320px", "320px", "1280px", "1280px"]
    assert '#p1"]' in found[0].message and "24" in found[0].message
    assert all(PROGRAMMER in f.hint for f in found)  # the theme's sizes, not the text
    assert not [f for f in faulty["pa11y"] if f.field == "target-size"]


@pytest.mark.browser
def test_axe_pass_checks_wcag_2_0_to_2_2_at_both_widths(faulty):
    assert sorted({f.file for f in errors(faulty["wcag22"])}) == [
        "alt.html", "contrast.html", "narrow.html", "target.html"]
    contrast = on(faulty["wcag22"], "contrast.html")
    assert [(f.field, f.message.split("：")[0]) for f in contrast] == [
        ("color-contrast", "320px"), ("color-contrast", "1280px")]
    # in the page's own text: the hint is for staff, not for the programmers
    assert all("本頁內文" in f.hint and PROGRAMMER not in f.hint for f in contrast)


@pytest.mark.browser
def test_table_box_that_scrolls_only_on_phones_fails_at_320_only(faulty):
    found = on(faulty["wcag22"], "narrow.html")
    assert [(f.field, f.message.split("：")[0]) for f in found] == [
        ("scrollable-region-focusable", "320px")]
    assert 'tabindex="0"' in found[0].hint and PROGRAMMER in found[0].hint


def test_hint_fits_where_the_fault_is():
    assert "本頁內文" in _hint("color-contrast", None, True)
    assert _hint("color-contrast", None, False).endswith(PROGRAMMER)
    assert "若位置在本頁內文中" in _hint("WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail", None, None)
    assert "請改用較深的文字顏色" not in _hint("color-contrast", None, False)
    assert _hint("label", "https://x/", True) == f"表單欄位要有對應且有文字的 <label>；{PROGRAMMER}；說明（help）: https://x/"
    assert _hint("unknown-rule", None, False) == PLACE_HINT[False]


@pytest.mark.browser
def test_page_that_failed_to_run_is_an_error(tools, tmp_path, monkeypatch):
    """pa11y-ci#228: a URL that "Failed to run" once passed silently."""
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    real = accessibility.page_url
    monkeypatch.setattr(accessibility, "page_url", lambda base, page: (
        f"http://127.0.0.1:{dead}/" if page == "gone.html" else real(base, page)))
    site = write_site(tmp_path, CLEAN)
    pages = ["gone.html", "index.html"]
    (found,) = errors(check_accessibility(site, pages))
    assert (found.file, found.field) == ("gone.html", "pa11y")
    assert "failed to run" in found.message and "ERR_CONNECTION_REFUSED" in found.message
    found = errors(check_wcag22(site, pages))
    assert [(f.file, f.field) for f in found] == [("gone.html", "axe")] * 2  # at 320 and 1280 px


@pytest.mark.browser
def test_page_that_navigates_away_is_an_error(tools, tmp_path):
    site = write_site(tmp_path, {"away.html": '<script>location.replace("http://127.0.0.1:9/")</script>'
                                              "<main><h1>x</h1></main>"})
    (found,) = errors(check_accessibility(site))
    assert found.file == "away.html" and "failed to run" in found.message
    found = errors(check_wcag22(site))
    assert [f.file for f in found] == ["away.html"] * 2
    assert all("failed to run" in f.message for f in found)


def test_missing_node_modules_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(accessibility, "repo_root", lambda: tmp_path)
    monkeypatch.setattr(accessibility, "CHROMIUM", "/bin/sh")  # only the npm side is missing
    site = write_site(tmp_path / "site", CLEAN)
    for gate in (check_accessibility, check_wcag22):
        (found,) = gate(site)
        assert found.severity == "error" and "make test-deps" in found.hint


def test_a_pa11y_process_that_cannot_run_is_one_site_error(tmp_path):
    """A pa11y-ci that exits 1 (bad config, Chromium failed to launch) fails the whole gate."""
    from hrosite.checks.accessibility import _INSTALL_HINT, _run_pa11y

    broken = tmp_path / "pa11y-ci"
    broken.write_text("#!/bin/sh\necho 'Chromium failed to launch' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    found = _run_pa11y(broken, tmp_path, tmp_path / "site", tmp_path / "run-0", ["http://127.0.0.1:9/"])
    assert (found.file, found.gate, found.hint) == (str(tmp_path / "site"), "accessibility", _INSTALL_HINT)
    assert found.message == "pa11y-ci 無法執行（exit 1）: Chromium failed to launch"


def test_a_second_browser_starts_only_for_enough_pages(monkeypatch):
    from hrosite.checks import browser
    from hrosite.checks.accessibility import PAGES_PER_PA11Y
    from hrosite.checks.browser import default_workers

    monkeypatch.setattr(browser.os, "cpu_count", lambda: 2)
    assert [default_workers(n, PAGES_PER_PA11Y) for n in (1, 8, 9, 31)] == [1, 1, 2, 2]
    monkeypatch.setattr(browser.os, "cpu_count", lambda: 8)
    assert default_workers(31, PAGES_PER_PA11Y) == 4 and default_workers(31, 4) == 8
    monkeypatch.setattr(browser.os, "cpu_count", lambda: None)
    assert default_workers(31, 4) == 1
