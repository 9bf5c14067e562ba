"""The one-pass runner: one load per page and width for every page-level gate, gates at once.

The planted-fault fixtures of test_gate_layout.py and test_gate_accessibility.py are checked
the old way (each gate its own browser, one after another) and the new way (one shared pass in
two browsers, all gates at once); the findings must be exactly the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_gate_accessibility import CLEAN, FAULTS, html
from test_gate_layout import FIXTURES, HEAD

from hrosite.checks import accessibility, pagepass
from hrosite.checks.layout import check_layout
from hrosite.checks.runner import Gate, run_gates
from hrosite.checks.serve import serve
from hrosite.findings import Finding
from hrosite.report import _sort_key

SHOT = "clean/index.html"


def planted_site(root: Path) -> tuple[Path, list[str]]:
    """Both gates' planted faults in one site, plus a page that does not exist."""
    for name, body in {**CLEAN, **FAULTS}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html(name.split("/")[0], body), encoding="utf-8")
    for name, body in FIXTURES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(HEAD + body + "</body></html>", encoding="utf-8")
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if p.name != "404.html")
    return root, [*pages, "missing/index.html"]


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=_sort_key)


@pytest.mark.browser
def test_one_pass_finds_exactly_what_the_gates_found_one_by_one(tmp_path):
    site, pages = planted_site(tmp_path / "site")
    old_shots, new_shots = tmp_path / "old", tmp_path / "new"
    with serve(site) as base:
        old = (check_layout(base, pages, screenshot_dir=old_shots, screenshot_pages=[SHOT])
               + accessibility.check_wcag22(site, pages))
        new = pagepass.run_pass(base, pages, [
            pagepass.LayoutCheck(screenshot_dir=new_shots, screenshot_pages=[SHOT]),
            pagepass.AxeCheck(accessibility.axe_source())], workers=2)
    added = [f for f in new.findings if f.gate == "requests"]  # the one new check
    assert ordered([f for f in new.findings if f not in added]) == ordered(old)
    assert [(f.file, f.message) for f in added] == [
        ("alt.html", "頁面載入時的請求失敗（failed request）：/form.png（HTTP 404）")]
    # the fixtures did plant faults of every kind: the comparison is not of two empty lists
    assert {(f.gate, f.field) for f in old} >= {
        ("layout", "320px"), ("layout", "768px"), ("layout", "1280px"), ("self-contained", None),
        ("accessibility", "image-alt"), ("accessibility", "color-contrast"),
        ("accessibility", "target-size"), ("accessibility", "axe")}
    assert sorted(p.name for p in new_shots.iterdir()) == sorted(p.name for p in old_shots.iterdir())
    assert set(new.durations) >= {"layout", "wcag22", "load"}


@pytest.mark.browser
def test_a_page_that_requests_a_missing_file_is_a_finding(tmp_path):
    site = tmp_path / "site"
    (site / "gallery").mkdir(parents=True)
    (site / "gallery" / "index.html").write_text(HEAD + '<main><h1>相片</h1>'
                                                 '<img src="missing.png" alt="辦公室外觀"></main>'
                                                 "</body></html>", encoding="utf-8")
    (site / "index.html").write_text(HEAD + "<main><h1>首頁</h1></main></body></html>",
                                     encoding="utf-8")
    with serve(site) as base:
        result = pagepass.run_pass(base, ["gallery/index.html", "index.html"],
                                   [pagepass.LayoutCheck(widths=(320, 1280))], workers=2)
    assert [(f.file, f.gate, f.severity, f.message) for f in result.findings] == [
        ("gallery/index.html", "requests", "error",
         "頁面載入時的請求失敗（failed request）：/gallery/missing.png（HTTP 404）")]
    assert "修正或移除" in result.findings[0].hint


POLICY = ('<meta http-equiv="Content-Security-Policy" '
          'content="default-src \'self\'; script-src \'self\'; style-src \'unsafe-inline\'; '
          'img-src \'self\'">')


@pytest.mark.browser
def test_a_page_that_breaks_its_content_security_policy_is_a_finding(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    head = HEAD.replace("<head>", "<head>" + POLICY, 1)
    assert POLICY in head
    (site / "inline.html").write_text(head + "<main><h1>公告</h1><script>document.title = '改過'"
                                      "</script></main></body></html>", encoding="utf-8")
    (site / "image.html").write_text(head + '<main><h1>相片</h1><img alt="" src="data:image/gif;'
                                    'base64,R0lGODlhAQABAAAAACw="></main></body></html>',
                                    encoding="utf-8")
    (site / "clean.html").write_text(head + "<main><h1>首頁</h1></main></body></html>",
                                     encoding="utf-8")
    with serve(site) as base:
        result = pagepass.run_pass(base, ["clean.html", "inline.html", "image.html"],
                                   [pagepass.LayoutCheck(widths=(320, 1280))], workers=2)
    assert [(f.file, f.gate, f.field, f.severity, f.message) for f in result.findings] == [
        ("inline.html", "csp", "script-src-elem", "error",
         "頁面違反內容安全政策（Content-Security-Policy script-src-elem）：inline"),
        ("image.html", "csp", "img-src", "error",
         "頁面違反內容安全政策（Content-Security-Policy img-src）：data")]
    assert "內容裡不能放程式" in result.findings[0].hint


class _Broken(pagepass.PageCheck):
    name = "broken"
    widths = (320,)

    def check(self, tab, page, width, base):
        raise KeyError("scrollWidth")

    def failed(self, page, width, why):
        return []


@pytest.mark.browser
def test_a_check_that_crashes_in_the_pass_is_one_finding_and_the_others_still_report(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.html", "b.html"):
        (site / name).write_text(HEAD + '<p style="white-space:nowrap; overflow:hidden; width:50px">'
                                 "一行會被截斷的很長很長的文字</p></body></html>", encoding="utf-8")
    with serve(site) as base:
        result = pagepass.run_pass(base, ["a.html", "b.html"],
                                   [_Broken(), pagepass.LayoutCheck(widths=(320,))], workers=2)
    crashed = [f for f in result.findings if f.gate == "broken"]
    assert [(f.severity, f.message) for f in crashed] == [
        ("error", "檢查程式無法完成（gate crashed）: broken: KeyError: 'scrollWidth'")]
    assert [(f.file, f.field) for f in result.findings if f.gate == "layout"] == [
        ("a.html", "320px"), ("b.html", "320px")]


def test_gates_run_at_once_report_in_list_order_and_a_crash_names_its_gate():
    def crashing():
        raise FileNotFoundError("chromium")

    def slow():
        import time
        time.sleep(0.2)
        return [Finding("a.html", gate="first", message="慢的")]

    results = run_gates([Gate("first", slow), Gate("layout", crashing),
                         Gate("last", lambda: [Finding("b.html", gate="last", message="快的")])])
    assert [(f.gate, f.file, f.message) for f in results.findings] == [
        ("first", "a.html", "慢的"),
        ("layout", "build/site", "檢查程式無法完成（gate crashed）: layout: FileNotFoundError: chromium"),
        ("last", "b.html", "快的")]
    assert "Traceback" not in results.findings[1].message + (results.findings[1].hint or "")
    assert list(results.durations) == ["first", "layout", "last"]


# --- check what changed -------------------------------------------------------------------

def _git(root: Path, *args: str) -> None:
    import subprocess
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(example):
    """The example office in a git repository of its own, one commit."""
    _git(example, "init", "-q", "-b", "main")
    _git(example, "add", "-A")
    _git(example, "commit", "-q", "-m", "base")
    return example


def _site_pages(root: Path) -> list[str]:
    from hrosite.checks.changed import _compile, _page
    return sorted(_page(md) for md in _compile(root) if md.endswith(".md"))


def test_a_new_page_is_checked_with_the_pages_that_list_it_and_one_page_per_kind(repo):
    from hrosite.checks.changed import KIND_REASON, select
    from hrosite.checks.run import one_page_per_kind

    (repo / "content" / "zz-test.md").write_text(
        "---\ntitle: 測試頁\nsection: about\norder: 99\nupdated: 2026-11-26\n---\n\n測試內容。\n",
        encoding="utf-8")
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs" / "notes.md").write_text("no page\n", encoding="utf-8")
    pages = _site_pages(repo)
    kinds = one_page_per_kind(pages)
    chosen = select(repo, "main", pages, kinds)
    assert chosen.changed == ["content/zz-test.md", "docs/notes.md"]
    # a top-level page is a page kind of its own: both reasons, the change first
    assert chosen.reasons["zz-test/index.html"] == ["來源已修改: content/zz-test.md", KIND_REASON]
    assert "來源已修改: content/zz-test.md" in chosen.reasons["sitemap/index.html"]  # lists it
    assert set(kinds) <= set(chosen.pages) < set(pages)
    for page in set(chosen.pages) - set(kinds):
        assert chosen.reasons[page] == ["來源已修改: content/zz-test.md"]
    for page in kinds:
        assert chosen.reasons[page][-1] == KIND_REASON


def test_a_template_change_checks_every_page_and_a_document_change_only_the_kinds(repo):
    from hrosite.checks.changed import KIND_REASON, select
    from hrosite.checks.run import one_page_per_kind

    pages = _site_pages(repo)
    kinds = one_page_per_kind(pages)
    (repo / "README.md").write_text("docs only\n", encoding="utf-8")
    only_docs = select(repo, "main", pages, kinds)
    assert only_docs.pages == kinds and set(map(tuple, only_docs.reasons.values())) == {(KIND_REASON,)}
    with (repo / "overrides" / "main.html").open("a", encoding="utf-8") as theme:
        theme.write("\n")
    everything = select(repo, "main", pages, kinds)
    assert everything.pages == pages
    assert everything.reasons[pages[0]][0] == "程式或樣板已修改（every page）: overrides/main.html"


def test_an_unknown_ref_is_one_clear_error(repo):
    from hrosite.checks.changed import ChangedError, select

    with pytest.raises(ChangedError) as raised:
        select(repo, "no-such-branch", [], [])
    assert str(raised.value).startswith("無法比較修改（git diff --name-only --no-renames --relative "
                                        "no-such-branch -- failed）: fatal: ")


def test_the_report_lists_each_checked_page_and_why(tmp_path):
    from hrosite.report import write_report

    checked = {"mode": "changed", "changed_since": "origin/main",
               "pages": ["faq/seal/index.html", "index.html"],
               "reasons": {"faq/seal/index.html": ["來源已修改: faq/seal.yml"],
                           "index.html": ["每種頁面一頁（one page per page kind）"]}}
    json_path, html_path = write_report([], tmp_path, gates_run=["browser"],
                                        durations={"browser": 1.0}, checked=checked)
    page = html_path.read_text(encoding="utf-8")
    assert "檢查範圍：修改的頁面（自 origin/main 以來）加上每種頁面一頁（2 頁）" in page
    assert "<li>faq/seal/index.html：來源已修改: faq/seal.yml</li>" in page
    assert "<li>index.html：每種頁面一頁（one page per page kind）</li>" in page
    import json
    assert json.loads(json_path.read_text(encoding="utf-8"))["reasons"] == checked["reasons"]


def test_check_with_an_unknown_ref_says_so_in_one_line_and_exits_2(tmp_path):
    import subprocess
    import sys

    (tmp_path / "build" / "site").mkdir(parents=True)
    (tmp_path / "build" / "site" / "index.html").write_text("<html></html>", encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    proc = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(tmp_path), "check",
                           "--changed-since", "no-such-branch"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("無法比較修改（git diff --name-only --no-renames --relative "
                                  "no-such-branch -- failed）: fatal: ")
    assert proc.stderr.rstrip().endswith("請確認 --changed-since 的分支或提交存在（git fetch）")
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
