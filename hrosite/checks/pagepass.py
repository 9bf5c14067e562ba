"""One browser pass: each page is loaded once per width and every page-level gate runs on that load.

The layout gate (320, 768, 1280 px), the WCAG 2.2 axe pass (320, 1280 px), the run-time
self-contained check and the request check used to start a browser each and load every page
again. Here one Chromium per worker (one worker per core) loads a page at a width, brings it to
its settled state once (browser.settle: fonts loaded, two animation frames, a visible tab), and
hands the same tab to each check that wants this width. Pages are shared out between the workers;
the findings come back in the order one sequential run would give (by check, width, page).

Rule of the request check: a page load may not ask the site for anything that fails (HTTP ≥ 400
or no answer). Each such request is one finding naming the page and the URL.
Rule of the CSP check: a loaded page breaks no directive of its Content-Security-Policy (csp.py),
while it loads or while the checks run on it (the browser reports each refusal as a
securitypolicyviolation event). Each distinct refusal is one finding per page.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from hrosite.checks import accessibility, layout
from hrosite.checks.browser import CHROME_ARGS, CHROMIUM, default_workers, settle, viewport
from hrosite.checks.runner import crash_finding
from hrosite.findings import Finding

REQUESTS_GATE = "requests"
CSP_GATE = "csp"
# Installed in every page before its own scripts: the policy refusals the page meets, in order.
_CSP_LISTENER = """
window.__hrositeCsp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__hrositeCsp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));
"""
_CSP_READ = "() => window.__hrositeCsp || []"
# A browser costs about a second to start, a page about as much at its three widths: another
# browser starts only for four pages or more.
PAGES_PER_BROWSER = 4
# Every host name but the local server's resolves to nothing, so a request to another host fails
# inside Chromium. Intercepting requests in playwright instead (context.route) sent each of them
# through this process and turned the browser's cache off: a tenth of a second more per load.
OWN_HOST_ONLY = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
log = logging.getLogger(__name__)


class PageCheck:
    """One gate's work on a loaded, settled page. Subclasses set `name` and `widths`."""

    name = ""
    widths: tuple[int, ...] = ()

    def prepare(self, context, width: int) -> None:  # noqa: ANN001 (playwright BrowserContext)
        """Called once per browser context (one width) before any page is loaded in it."""

    def check(self, tab, page: str, width: int, base: str) -> list[Finding]:  # noqa: ANN001
        raise NotImplementedError

    def failed(self, page: str, width: int, why: str) -> list[Finding]:
        """The page could not be loaded or checked at this width."""
        raise NotImplementedError


class LayoutCheck(PageCheck):
    """layout.py's measurement (reflow and clipped text) and its screenshots."""

    name = "layout"

    def __init__(self, widths: Iterable[int] = (320, 768, 1280), screenshot_dir: Path | None = None,
                 screenshot_pages: Iterable[str] = ()):
        self.widths = tuple(widths)
        self.screenshot_dir = screenshot_dir
        self.shoot = set(screenshot_pages) if screenshot_dir is not None else set()
        if self.shoot:
            screenshot_dir.mkdir(parents=True, exist_ok=True)

    def check(self, tab, page, width, base):
        findings = layout._findings(page, width, tab.evaluate(layout._MEASURE_JS))
        if page in self.shoot:
            tab.screenshot(path=str(self.screenshot_dir / layout.screenshot_name(page, width)),
                           full_page=True, animations="disabled")
        return findings

    def failed(self, page, width, why):
        return [layout._load_error(page, width, why)]


class AxeCheck(PageCheck):
    """accessibility.check_wcag22 on the shared load: axe with every WCAG 2.0–2.2 A/AA tag."""

    name = "wcag22"

    def __init__(self, axe_src: str, widths: Iterable[int] = accessibility.WIDTHS):
        self.axe_src = axe_src
        self.widths = tuple(widths)

    def prepare(self, context, width):
        # sent once per context, not per page; no CSP can block an init script
        context.add_init_script(script=self.axe_src)

    def check(self, tab, page, width, base):
        violations = tab.evaluate(accessibility._AXE_RUN_JS, accessibility.AXE_TAGS)
        if not tab.url.startswith(base):
            raise RuntimeError(f"頁面跳到了 {tab.url}（the page navigated away）")
        return [accessibility._axe_finding(page, rule, node, width)
                for rule in violations for node in rule["nodes"]]

    def failed(self, page, width, why):
        return [accessibility._failed(page, "axe", f"{width}px: {why}")]


@dataclass
class PassResult:
    findings: list[Finding] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)  # seconds of each check's own work


def run_pass(base_url: str, pages: list[str], checks: list[PageCheck], *,
             workers: int | None = None) -> PassResult:
    """Load every page at every width some check wants, in `workers` browsers at once (default:
    one per core, each with at least PAGES_PER_BROWSER pages)."""
    if not pages:
        return PassResult()
    base = base_url.rstrip("/") + "/"
    workers = max(1, min(workers or default_workers(len(pages), PAGES_PER_BROWSER),
                         len(pages)))
    shares = [pages[i::workers] for i in range(workers)]
    results: list[_Worker] = [_Worker(base, share, checks) for share in shares]
    threads = [threading.Thread(target=w.run, name=f"hrosite-pass-{i}", daemon=True)
               for i, w in enumerate(results)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for w in results:
        if w.crash is not None:
            raise w.crash
    return _merge(pages, checks, results)


def _merge(pages: list[str], checks: list[PageCheck], workers: list[_Worker]) -> PassResult:
    """Findings in sequential order: check by check, width by width, page by page."""
    done: dict[tuple, list[Finding]] = {}
    outside: dict[tuple[str, str], str] = {}
    failed: dict[tuple[str, str], str] = {}
    crashed: dict[str, Finding] = {}
    result = PassResult()
    for w in workers:
        done.update(w.done)
        for key, url in w.outside.items():
            outside.setdefault(key, url)
        for key, why in w.failed_requests.items():
            failed.setdefault(key, why)
        for name, finding in w.crashed.items():
            crashed.setdefault(name, finding)
        for name, seconds in w.seconds.items():
            result.durations[name] = round(result.durations.get(name, 0) + seconds, 2)
    csp = {page: refused for w in workers for page, refused in w.csp.items()}  # a page has one worker
    for check in checks:
        if check.name in crashed:
            result.findings.append(crashed[check.name])
            continue
        for width in check.widths:
            for page in pages:
                result.findings += done.get((check.name, width, page), [])
    result.findings += [layout._outside_request(page, host, url)
                        for (page, host), url in sorted(outside.items())]
    result.findings += [_request_finding(page, url, why) for (page, url), why in sorted(failed.items())]
    result.findings += [_csp_finding(page, refused) for page in pages for refused in csp.get(page, [])]
    return result


class _Worker:
    """One browser, one visible tab at a time, over a share of the pages."""

    def __init__(self, base: str, pages: list[str], checks: list[PageCheck]):
        self.base = base
        self.origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        self.pages = pages
        self.checks = checks
        self.done: dict[tuple, list[Finding]] = {}
        self.outside: dict[tuple[str, str], str] = {}          # (page, host) → first URL
        self.failed_requests: dict[tuple[str, str], str] = {}  # (page, url) → why
        self.crashed: dict[str, Finding] = {}                  # check name → crash finding
        self.csp: dict[str, list[str]] = {}                    # page → policy refusals
        self.seconds: dict[str, float] = {}
        self.crash: BaseException | None = None
        self.loading = ""

    def run(self) -> None:
        try:
            self._run()
        except BaseException as exc:  # noqa: BLE001 (handed to the runner's crash handling)
            self.crash = exc

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        widths = sorted({w for c in self.checks for w in c.widths}, key=_width_order(self.checks))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROME_ARGS, *OWN_HOST_ONLY])
            try:
                for width in widths:
                    here = [c for c in self.checks if width in c.widths]
                    context = browser.new_context(
                        viewport=viewport(width),
                        device_scale_factor=1, reduced_motion="reduce", service_workers="block")
                    try:
                        context.add_init_script(script=_CSP_LISTENER)
                        for check in here:
                            check.prepare(context, width)
                        tab = self._new_tab(context)
                        for page in self.pages:
                            tab = self._visit(context, tab, page, width, here)
                    finally:
                        context.close()
            finally:
                browser.close()

    def _new_tab(self, context):  # noqa: ANN001, ANN202 (playwright types)
        tab = context.new_page()
        tab.on("request", self._request)
        tab.on("response", self._response)
        tab.on("requestfailed", self._request_failed)
        return tab

    def _visit(self, context, tab, page: str, width: int, checks: list[PageCheck]):  # noqa: ANN001
        from playwright.sync_api import Error as PlaywrightError

        self.loading = page
        started = time.perf_counter()
        try:
            response = tab.goto(self.base + page.lstrip("/"), wait_until="load")
            if response is not None and response.status >= 400:
                raise RuntimeError(f"HTTP {response.status}")
            settle(tab)  # CJK font metrics, Material's first frames
        except (PlaywrightError, RuntimeError) as exc:
            why = str(exc).splitlines()[0]
            for check in checks:
                self.done[(check.name, width, page)] = check.failed(page, width, why)
            tab.close()  # it may still be navigating to an error page
            return self._new_tab(context)
        self._add("load", time.perf_counter() - started)
        for check in checks:
            if check.name in self.crashed:
                continue
            started = time.perf_counter()
            try:
                self.done[(check.name, width, page)] = check.check(tab, page, width, self.base)
            except (PlaywrightError, RuntimeError) as exc:
                why = str(exc).splitlines()[0]
                for rest in checks[checks.index(check):]:  # the page is gone for them too
                    self.done[(rest.name, width, page)] = rest.failed(page, width, why)
                tab.close()
                return self._new_tab(context)
            except Exception as exc:  # noqa: BLE001 (a bug in one check must not stop the others)
                self.crashed[check.name] = crash_finding(check.name, exc)
            finally:
                self._add(check.name, time.perf_counter() - started)
        self._record_csp(tab, page)
        log.debug("pass %s @%dpx: %.3fs", page, width, time.perf_counter() - started)
        return tab

    def _record_csp(self, tab, page: str) -> None:  # noqa: ANN001 (playwright Page)
        """The page's policy refusals so far (the checks have run: a late script had its chance)."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            refused = tab.evaluate(_CSP_READ)
        except PlaywrightError:
            return   # the page is gone; the checks have said why
        seen = self.csp.setdefault(page, [])
        seen += [r for r in refused if r not in seen]

    def _add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def _request(self, request) -> None:  # noqa: ANN001 (playwright Request)
        """The site must be self-contained: a request to another host is reported (and fails:
        OWN_HOST_ONLY resolves no other name)."""
        url = request.url
        parts = urlsplit(url)
        if not url.startswith(self.origin) and parts.scheme in ("http", "https", "ws", "wss"):
            self.outside.setdefault((self.loading, parts.netloc), url)

    def _response(self, response) -> None:  # noqa: ANN001 (playwright Response)
        request = response.request
        if response.status >= 400 and self._own(request):
            self.failed_requests.setdefault((self.loading, _shown(request.url, self.base)),
                                            f"HTTP {response.status}")

    def _request_failed(self, request) -> None:  # noqa: ANN001 (playwright Request)
        why = request.failure or ""
        if self._own(request) and "ERR_ABORTED" not in why:  # aborted: the tab moved on
            self.failed_requests.setdefault((self.loading, _shown(request.url, self.base)), why)

    def _own(self, request) -> bool:  # noqa: ANN001
        """A request to the site itself, other than the page (whose failure the checks report)."""
        if not request.url.startswith(self.origin):
            return False
        return not (request.is_navigation_request() and request.frame.parent_frame is None)


def _width_order(checks: list[PageCheck]):
    """Widths in the order the checks list them (320, 768, 1280), first check first."""
    order = [w for c in checks for w in c.widths]
    return order.index


def _shown(url: str, base: str) -> str:
    return "/" + url[len(base):] if url.startswith(base) else url


def _request_finding(page: str, url: str, why: str) -> Finding:
    return Finding(page, gate=REQUESTS_GATE, message=(
        f"頁面載入時的請求失敗（failed request）：{url}（{why}）"),
        hint="頁面要求了本站不存在的檔案：修正或移除指向它的 src、href 或程式；"
             "若頁面內容沒有這個網址，這不是內容錯誤，請轉給維護網站程式的人員")


def _csp_finding(page: str, refused: str) -> Finding:
    directive, _, blocked = refused.partition(" ")
    return Finding(page, gate=CSP_GATE, field=directive, message=(
        f"頁面違反內容安全政策（Content-Security-Policy {directive}）：{blocked}"),
        hint="瀏覽器拒絕了頁面上的程式或資源：內容裡不能放程式；"
             "若頁面內容沒有它，這不是內容錯誤，請轉給維護網站程式的人員（樣板或 csp.py）")
