"""Gate "accessibility": WCAG 2.1 AA with pa11y-ci (HTML_CodeSniffer + axe), then WCAG 2.2 with axe.

Two engines because each misses what the other finds (TOOLCHAIN.md §3); a second axe pass
because pa11y asks axe for WCAG 2.0/2.1 tags only, and 2.2 adds e.g. target size (SC 2.5.8).
Taiwan's accessibility guidelines (reference/NORMS.md) follow WCAG 2.x AA.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import tempfile
from pathlib import Path

from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
from hrosite.checks.process import run_bounded
from hrosite.checks.serve import page_path, page_url, serve
from hrosite.findings import Finding

GATE = "accessibility"
_INSTALL_HINT = "執行 make test-deps（npm ci 與 apt-get install chromium）"

# What to write instead, for the rules staff meet most; keyed by axe rule id or htmlcs technique.
HINTS = {
    "image-alt": "為圖片加上 alt 替代文字；純裝飾圖片寫 alt=\"\"",
    "H37": "為圖片加上 alt 替代文字；純裝飾圖片寫 alt=\"\"",
    "color-contrast": "文字與背景的對比至少 4.5:1（大字 3:1），請改用較深的文字顏色",
    "G18.Fail": "文字與背景的對比至少 4.5:1（大字 3:1），請改用較深的文字顏色",
    "G145.Fail": "大字與背景的對比至少 3:1",
    "target-size": "可點選的目標至少 24×24 CSS 像素，或與鄰近目標保持足夠間距",
    "html-has-lang": "在 <html> 加上 lang=\"zh-TW\"",
    "H57": "在 <html> 加上 lang=\"zh-TW\"",
    "document-title": "每頁要有說明內容的 <title>",
    "H25": "每頁要有說明內容的 <title>",
    "link-name": "連結要有可辨識的文字，或 aria-label",
    "H30": "連結要有可辨識的文字，或 aria-label",
    "label": "表單欄位要有對應的 <label>",
    "H44": "表單欄位要有對應的 <label>",
    "heading-order": "標題層級不可跳級（h2 之後用 h3）",
}


def check_accessibility(site_dir: Path, pages: list[str] | None = None) -> list[Finding]:
    """Run pa11y-ci over `pages` (site-relative, e.g. "index.html"); None = every page but 404.html."""
    site_dir = Path(site_dir)
    pages = _pages(site_dir, pages)
    root = repo_root()
    pa11y_ci = root / "node_modules" / ".bin" / "pa11y-ci" if root else None
    if missing := _missing_tools(pa11y_ci, "pa11y-ci"):
        return missing
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="hrosite-a11y-") as tmp, serve(site_dir) as base:
        report = Path(tmp) / "pa11y.json"
        config = Path(tmp) / "pa11yci.json"
        config.write_text(json.dumps(pa11y_config(report), indent=2), encoding="utf-8")
        urls = {page_url(base, p): p for p in pages}
        try:
            proc = run_bounded([str(pa11y_ci), "--config", str(config), *urls], cwd=root,
                               text=True, timeout=120 + 30 * len(urls))
        except subprocess.TimeoutExpired:
            return [_site_error(site_dir, "pa11y-ci 逾時（timed out）", None)]
        if proc.returncode not in (0, 2) or not report.exists():
            # 1 = bad config or browser launch failure (§3d); stdout holds the cli reporter's text
            tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-5:]
            return [_site_error(site_dir, f"pa11y-ci 無法執行（exit {proc.returncode}）: "
                                + " / ".join(tail), _INSTALL_HINT)]
        # The report file, not stdout: stdout through a pipe is cut at 64 KiB (§3d).
        results = json.loads(report.read_text(encoding="utf-8"))["results"]
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


def pa11y_config(report_file: Path) -> dict:
    """The pa11y-ci config of TOOLCHAIN.md §3a (no incognito contexts: pa11y-ci#354)."""
    return {
        "defaults": {
            "standard": "WCAG2AA",
            "runners": ["htmlcs", "axe"],
            "timeout": 60000,
            "concurrency": 2,
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


def check_wcag22(site_dir: Path, pages: list[str] | None = None) -> list[Finding]:
    """Run axe-core with the WCAG 2.2 tags only (what pa11y's axe does not ask for)."""
    site_dir = Path(site_dir)
    pages = _pages(site_dir, pages)
    root = repo_root()
    axe_js = root / "node_modules" / "axe-core" / "axe.min.js" if root else None
    if missing := _missing_tools(axe_js, "axe-core"):
        return missing
    if not pages:
        return []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [_site_error(site_dir, "找不到 Python playwright（not installed）", _INSTALL_HINT)]
    axe_src = axe_js.read_text(encoding="utf-8")
    findings = []
    with serve(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=[a for a in CHROME_ARGS if a != "--headless=new"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1024})
            # axe as an init script rather than add_script_tag per page: the 0.5 MB source is
            # sent once, not per page (0.2 s instead of 0.9 s a page), and no CSP can block it.
            context.add_init_script(script=axe_src)
            tab = context.new_page()
            for page in pages:
                try:
                    violations = _axe_run(tab, page_url(base, page), base)
                except Exception as exc:  # noqa: BLE001 (a page that cannot load is a finding)
                    findings.append(_failed(page, "axe", str(exc).splitlines()[0]))
                    tab.close()  # it may still be navigating to an error page
                    tab = context.new_page()
                    continue
                findings += [_axe_finding(page, rule, node)
                             for rule in violations for node in rule["nodes"]]
        finally:
            browser.close()
    return findings


def _axe_run(tab, url: str, base: str) -> list[dict]:
    """axe's violations on one page (`tab` is a playwright Page); raises if it cannot be tested."""
    response = tab.goto(url, wait_until="load")
    if response is None or not response.ok:
        raise RuntimeError(f"HTTP {response.status if response else '?'}")
    result = tab.evaluate("axe.run(document, {runOnly: {type: 'tag', "
                          "values: ['wcag22aa', 'wcag22a']}})")
    if not tab.url.startswith(base):
        raise RuntimeError(f"頁面跳到了 {tab.url}（the page navigated away）")
    return result["violations"]


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


def _axe_finding(page: str, rule: dict, node: dict) -> Finding:
    selector = " ".join(t if isinstance(t, str) else " ".join(t) for t in node.get("target", []))
    return Finding(file=page, field=rule["id"],
                   message=f"{rule['help']}{_where(selector, node.get('html'))}",
                   hint=_hint(rule["id"], rule.get("helpUrl")), gate=GATE)


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


def _hint(code: str, help_url: str | None) -> str | None:
    technique = code.split(".", 4)[4] if code.startswith("WCAG2") and code.count(".") >= 4 else code
    hint = HINTS.get(technique) or HINTS.get(technique.split(".")[0])
    if hint and help_url:
        return f"{hint}；說明（help）: {help_url}"
    return hint or (f"說明（help）: {help_url}" if help_url else None)


def _site_error(site_dir: Path, message: str, hint: str | None) -> Finding:
    return Finding(file=str(site_dir), message=message, hint=hint, gate=GATE)
