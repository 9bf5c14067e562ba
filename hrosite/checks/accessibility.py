"""Gate "accessibility": WCAG 2.1 AA with pa11y-ci (HTML_CodeSniffer + axe), then axe on its own.

Two engines because each misses what the other finds; a second axe pass ("wcag22") because
pa11y asks axe for WCAG 2.0/2.1 tags at one width only, while 網站無障礙規範 115.11 is WCAG 2.2
(e.g. target size, SC 2.5.8) and the menu at 320 px is another page than at 1280 px. Pages are
checked in their settled state (browser.settle), one visible tab at a time. Each finding's hint
says what to change and, when editing content cannot fix it, who can.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hrosite.checks.browser import default_workers, settle, viewport
from hrosite.chromium import ARGS as CHROME_ARGS
from hrosite.chromium import CHROMIUM
from hrosite.checks.process import run_bounded
from hrosite.checks.serve import page_path, page_url, serve
from hrosite.findings import Finding

GATE = "accessibility"
_INSTALL_HINT = "執行 make test-deps（npm ci 與 apt-get install chromium）"

# What to change, for the rules staff and maintainers meet most; keyed by axe rule id or htmlcs
# technique. CONTENT: the page's own text can cause it, and editing it fixes it; THEME: only the
# templates or the stylesheet can (header, menu, footer, the site's colours); EITHER: it depends on
# where the element is, which the finding's place says (PLACE_HINT picks the half that applies).
CONTENT, THEME, EITHER = "content", "theme", "either"
PROGRAMMER = "這不是內容錯誤，同仁修改內容無法修正；請把這則訊息轉給維護網站程式的人員（樣板或樣式表）"
HINTS = {
    "image-alt": (CONTENT, "為圖片加上 alt 替代文字；純裝飾圖片寫 alt=\"\""),
    "H37": (CONTENT, "為圖片加上 alt 替代文字；純裝飾圖片寫 alt=\"\""),
    "color-contrast": (EITHER, "文字與背景的對比至少 4.5:1（大字 3:1）"),
    "G18.Fail": (EITHER, "文字與背景的對比至少 4.5:1（大字 3:1）"),
    "G145.Fail": (EITHER, "大字與背景的對比至少 3:1"),
    "target-size": (THEME, "可點選的目標至少 24×24 CSS 像素，或與鄰近目標保持足夠間距"),
    "html-has-lang": (THEME, "在 <html> 加上 lang=\"zh-TW\""),
    "H57": (THEME, "在 <html> 加上 lang=\"zh-TW\""),
    "document-title": (CONTENT, "在頁面的 front matter 寫出說明內容的 title"),
    "H25": (CONTENT, "在頁面的 front matter 寫出說明內容的 title"),
    "link-name": (EITHER, "連結要有可辨識的文字；只有圖示的連結要有 aria-label"),
    "H30": (EITHER, "連結要有可辨識的文字；只有圖示的連結要有 aria-label"),
    "label": (THEME, "表單欄位要有對應且有文字的 <label>"),
    "H44": (THEME, "表單欄位要有對應且有文字的 <label>"),
    "heading-order": (CONTENT, "標題層級不可跳級：## 之後用 ###，不要直接用 ####"),
    "scrollable-region-focusable": (THEME, "會左右捲動的區塊（如寬表格的外框）要能用鍵盤移到："
                                           "加上 tabindex=\"0\"、role=\"region\" 與說明內容的 aria-label"),
    "region": (THEME, "頁面的內容都要放在 header、nav、main、footer 等區域（landmark）內"),
    "landmark-unique": (THEME, "同一種區域（如兩個 nav）要有不同的 aria-label"),
    "aria-allowed-attr": (THEME, "移除這個元素不允許的 aria-* 屬性"),
    "nested-interactive": (THEME, "可操作的元素（連結、按鈕）不可互相包含"),
    "list": (CONTENT, "清單（ul、ol）內只能直接放 li"),
    "listitem": (CONTENT, "li 要放在 ul 或 ol 內"),
    "td-headers-attr": (CONTENT, "表格 headers 屬性要指向同一表格中的標題儲存格 id"),
    "th-has-data-cells": (CONTENT, "表格的標題儲存格（th）要有對應的資料儲存格"),
}
PLACE_HINT = {
    True: "這在本頁內文中：請修改這一頁的內容（例如不要自行指定文字顏色、補上文字）",
    False: "這在每頁共用的區塊（頁首、選單、頁尾）中：" + PROGRAMMER,
    None: "若位置在本頁內文中，請修改這一頁的內容；若在每頁共用的區塊（頁首、選單、頁尾），"
          "這不是內容錯誤，請轉給維護網站程式的人員",
}


# A pa11y-ci process costs about as much to start (node and Chromium, about 5 s) as four pages
# cost to check (about 1.4 s each); another process starts only for twice that many pages.
PAGES_PER_PA11Y = 8


def check_accessibility(site_dir: Path, pages: list[str] | None = None,
                        workers: int | None = None) -> list[Finding]:
    """Run pa11y-ci over `pages` (site-relative, e.g. "index.html"); None = every page but 404.html.

    The pages are shared out between `workers` pa11y-ci processes at once (default: one per
    core, each with at least PAGES_PER_PA11Y pages); pa11y spends most of a page waiting, not
    computing. Each process has one browser with one visible tab and loads the first page of the
    list first, as a single process would: the first page a browser loads can be checked before
    the theme has sized the menu (docs/english.md), so every process starts from the same page
    and only the first one reports it.
    """
    site_dir = Path(site_dir)
    pages = _pages(site_dir, pages)
    root = repo_root()
    pa11y_ci = root / "node_modules" / ".bin" / "pa11y-ci" if root else None
    if missing := _missing_tools(pa11y_ci, "pa11y-ci"):
        return missing
    if not pages:
        return []
    workers = max(1, min(workers or default_workers(len(pages), PAGES_PER_PA11Y), len(pages) - 1))
    with tempfile.TemporaryDirectory(prefix="hrosite-a11y-") as tmp, serve(site_dir) as base:
        urls = {page_url(base, p): p for p in pages}
        first, *rest = urls
        shares = [[first, *rest[i::workers]] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(lambda n: _run_pa11y(pa11y_ci, root, site_dir, Path(tmp) / str(n),
                                                      shares[n]), range(workers)))
        if failed := next((r for r in runs if isinstance(r, Finding)), None):
            return [failed]
        for run in runs[1:]:
            run.pop(first, None)   # the shared first page counts once, from the first process
        results = {url: issues for run in runs for url, issues in run.items()}
        findings = []
        for url, page in urls.items():
            issues = results.pop(url, None)
            if issues is None:  # keyed by the loaded URL, which a redirect may have changed
                key = next((k for k in results if page_path(base, k, site_dir) == page), None)
                issues = results.pop(key) if key else None
            findings += _pa11y_findings(page, issues)
        if results:  # a page went somewhere else, e.g. chrome-error://chromewebdata/
            findings = [_with_strays(f, sorted(results)) for f in findings]
    return findings


def _run_pa11y(pa11y_ci: Path, root: Path, site_dir: Path, tmp: Path,
               urls: list[str]) -> dict | Finding:
    """One pa11y-ci process over `urls`: its results by URL, or a finding saying why it could
    not run."""
    tmp.mkdir()
    report, config = tmp / "pa11y.json", tmp / "pa11yci.json"
    config.write_text(json.dumps(pa11y_config(report), indent=2), encoding="utf-8")
    try:
        proc = run_bounded([str(pa11y_ci), "--config", str(config), *urls], cwd=root,
                           text=True, timeout=120 + 30 * len(urls))
    except subprocess.TimeoutExpired:
        return _site_error(site_dir, "pa11y-ci 逾時（timed out）", None)
    if proc.returncode not in (0, 2) or not report.exists():
        # 1 = bad config or browser launch failure (§3d); stdout holds the cli reporter's text
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-5:]
        message = f"pa11y-ci 無法執行（exit {proc.returncode}）: " + " / ".join(tail)
        return _site_error(site_dir, message, _INSTALL_HINT)
    # The report file, not stdout: stdout through a pipe is cut at 64 KiB (§3d).
    return json.loads(report.read_text(encoding="utf-8"))["results"]


def pa11y_config(report_file: Path) -> dict:
    """The pa11y-ci config (no incognito contexts: pa11y-ci#354)."""
    return {
        "defaults": {
            "standard": "WCAG2AA",
            "runners": ["htmlcs", "axe"],
            "timeout": 60000,
            # One page at a time: with two, the second tab is a background tab, which draws no
            # frames, so its page was checked before Material's script had laid it out (and its
            # results depended on which tab a page landed in). One visible tab = one state.
            "concurrency": 1,
            "useIncognitoBrowserContext": False,
            # axe's "incomplete" results are not violations: axe says it could not decide and a
            # person must look (e.g. text inside an inline SVG, whose background axe cannot
            # compute). pa11y reports them as errors unless capped; they stay visible as warnings.
            "levelCapWhenNeedsReview": "warning",
            "reporters": ["cli", ["json", {"fileName": str(Path(report_file).resolve())}]],
            "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROME_ARGS},
        },
        "urls": [],
    }


WIDTHS = (320, 1280)   # phone (WCAG 1.4.10 reflow width) and desktop: the menu differs
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def check_wcag22(site_dir: Path, pages: list[str] | None = None,
                 widths: tuple[int, ...] = WIDTHS) -> list[Finding]:
    """Run axe-core with every WCAG 2.0–2.2 A/AA tag at each width, on settled pages."""
    site_dir = Path(site_dir)
    pages = _pages(site_dir, pages)
    if missing := axe_missing():
        return missing
    if not pages:
        return []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [_site_error(site_dir, "找不到 Python playwright（not installed）", _INSTALL_HINT)]
    axe_src = axe_source()
    findings = []
    with serve(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=[a for a in CHROME_ARGS if a != "--headless=new"])
        try:
            for width in widths:
                context = browser.new_context(viewport=viewport(width))
                # axe as an init script rather than add_script_tag per page: the 0.5 MB source is
                # sent once, not per page (0.2 s instead of 0.9 s a page), and no CSP can block it.
                context.add_init_script(script=axe_src)
                tab = context.new_page()
                for page in pages:
                    try:
                        violations = _axe_run(tab, page_url(base, page), base)
                    except Exception as exc:  # noqa: BLE001 (a page that cannot load is a finding)
                        findings.append(_failed(page, "axe", f"{width}px: {str(exc).splitlines()[0]}"))
                        tab.close()  # it may still be navigating to an error page
                        tab = context.new_page()
                        continue
                    findings += [_axe_finding(page, rule, node, width)
                                 for rule in violations for node in rule["nodes"]]
                context.close()
        finally:
            browser.close()
    return findings


def _axe_js() -> Path | None:
    root = repo_root()
    return root / "node_modules" / "axe-core" / "axe.min.js" if root else None


def axe_missing() -> list[Finding]:
    """One error per tool the axe pass lacks (axe-core, Chromium); none when it can run."""
    return _missing_tools(_axe_js(), "axe-core")


def axe_source() -> str:
    return _axe_js().read_text(encoding="utf-8")


_AXE_RUN_JS = """
async (tags) => {
  // Only violations are read: axe then skips the selectors and details of every other result.
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']});
  for (const rule of result.violations) {
    for (const node of rule.nodes) {
      let element = null;
      try { element = document.querySelector(node.target[node.target.length - 1]); } catch (e) {}
      node.inContent = element ? Boolean(element.closest('.md-content')) : null;
    }
  }
  return result.violations;
}
"""


def _axe_run(tab, url: str, base: str) -> list[dict]:
    """axe's violations on one page (`tab` is a playwright Page); raises if it cannot be tested."""
    response = tab.goto(url, wait_until="load")
    if response is None or not response.ok:
        raise RuntimeError(f"HTTP {response.status if response else '?'}")
    settle(tab)
    result = tab.evaluate(_AXE_RUN_JS, AXE_TAGS)
    if not tab.url.startswith(base):
        raise RuntimeError(f"頁面跳到了 {tab.url}（the page navigated away）")
    return result


def repo_root() -> Path | None:
    """The nearest folder above this module with package.json: where node_modules lives."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "package.json").is_file():
            return folder
    return None


def _pages(site_dir: Path, pages: list[str] | None) -> list[str]:
    if pages is not None:
        return list(pages)
    found = (p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*.html")))
    return [p for p in found if p != "404.html"]


def _missing_tools(tool: Path | None, name: str) -> list[Finding]:
    problems = []
    if tool is None or not tool.exists():
        problems.append(Finding(file=str(tool or "node_modules"), gate=GATE,
                                message=f"找不到 {name}（not installed）", hint=_INSTALL_HINT))
    if not Path(CHROMIUM).exists():
        problems.append(Finding(file=CHROMIUM, gate=GATE,
                                message="找不到 Chromium（not installed）", hint=_INSTALL_HINT))
    return problems


def _pa11y_findings(page: str, issues: list[dict] | None) -> list[Finding]:
    if issues is None:
        return [_failed(page, "pa11y", "報告中沒有此頁（missing from the pa11y-ci report）")]
    findings = []
    for issue in issues:
        if "code" not in issue:  # an Error, serialised as {"message": …}: "Failed to run"
            findings.append(_failed(page, "pa11y", issue.get("message", "")))
            continue
        where = _where(issue.get("selector"), issue.get("context"))
        help_url = (issue.get("runnerExtras") or {}).get("helpUrl")
        message = issue["message"].removesuffix(f" ({help_url})")  # axe's; it goes to the hint
        findings.append(Finding(
            file=page, field=issue["code"], message=f"{message}{where}",
            hint=_hint(issue["code"], help_url), gate=GATE,
            severity="error" if issue.get("type", "error") == "error" else "warning"))
    return findings


def _with_strays(finding: Finding, strays: list[str]) -> Finding:
    if not finding.message.startswith("無法測試此頁"):
        return finding
    note = f"；報告中卻有 {', '.join(strays)}（the page navigated away?）"
    return dataclasses.replace(finding, message=finding.message + note)


def _axe_finding(page: str, rule: dict, node: dict, width: int | None = None) -> Finding:
    selector = " ".join(t if isinstance(t, str) else " ".join(t) for t in node.get("target", []))
    at = f"{width}px：" if width else ""
    return Finding(file=page, field=rule["id"],
                   message=f"{at}{rule['help']}{_where(selector, node.get('html'))}",
                   hint=_hint(rule["id"], rule.get("helpUrl"), node.get("inContent")), gate=GATE)


def _failed(page: str, tool: str, reason: str) -> Finding:
    """A page the tool could not test fails the gate: pa11y-ci#228 once let it pass."""
    return Finding(file=page, field=tool, gate=GATE,
                   message=f"無法測試此頁（failed to run）: {reason.strip()}")


def _where(selector: str | None, context: str | None) -> str:
    parts = []
    if selector:
        parts.append(f"selector: {selector}")
    if context:
        snippet = re.sub(r"\s+", " ", context).strip()
        parts.append(f"context: {snippet[:117] + '...' if len(snippet) > 120 else snippet}")
    return f"（{'；'.join(parts)}）" if parts else ""


def _hint(code: str, help_url: str | None, in_content: bool | None = None) -> str | None:
    """What to change, and who can: `in_content` says whether the element is in the page's own
    text (`.md-content`); None when the tool does not say (pa11y's selectors carry no classes)."""
    technique = code.split(".", 4)[4] if code.startswith("WCAG2") and code.count(".") >= 4 else code
    known = HINTS.get(technique) or HINTS.get(technique.split(".")[0])
    if known is None:
        who = PLACE_HINT[in_content]
        hint = who
    else:
        kind, advice = known
        if kind == THEME:
            hint = f"{advice}；{PROGRAMMER}"
        elif kind == EITHER:
            hint = f"{advice}；{PLACE_HINT[in_content]}"
        else:
            hint = advice if in_content is not False else f"{advice}；{PLACE_HINT[False]}"
    return f"{hint}；說明（help）: {help_url}" if help_url else hint


def _site_error(site_dir: Path, message: str, hint: str | None) -> Finding:
    return Finding(file=str(site_dir), message=message, hint=hint, gate=GATE)
