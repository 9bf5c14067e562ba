"""Layout gate: every page reflows at 320, 768 and 1280 CSS px without hiding content.

docs/sources.md: WCAG 1.4.10 Reflow (AA, 115.11 code GN2141009E) forbids horizontal scrolling
at a 320 CSS px viewport. A real browser is the only honest judge of that, so this gate loads
the built pages in Chromium and measures them. Two kinds of error are reported:

- the page scrolls sideways: named by the widest elements that stick out of the viewport and
  are not inside a box of their own that scrolls or clips (a wide data table inside an
  ``overflow-x: auto`` box is allowed by 1.4.10);
- text is cut off: a text element whose content is wider than its box while the box hides the
  overflow (``overflow: hidden/clip``) without a deliberate ``text-overflow: ellipsis``.

Requests to another host are refused; one a script makes at run time (which the file scan of
selfcontained.py cannot see) is reported under the self-contained gate, once per page and host.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from hrosite.checks.browser import settle, viewport
from hrosite.chromium import ARGS as CHROMIUM_ARGS
from hrosite.chromium import CHROMIUM
from hrosite.findings import Finding

GATE = "layout"
MAX_NAMED = 3  # how many offending elements a finding names

log = logging.getLogger(__name__)

# Runs in the page. Returns what overflows; the Python side only words the findings.
_MEASURE_JS = r"""
() => {
  const vw = window.innerWidth;
  const root = document.documentElement;
  const TEXT_TAGS = new Set(['P','LI','TD','TH','A','H1','H2','H3','H4','H5','H6',
                             'SPAN','LABEL','BUTTON']);

  function selector(el) {
    // Short, readable, and unique where that is cheap: tag#id or tag.class.class,
    // prefixed by ancestors (at most 3 steps) until it matches one element.
    function step(e) {
      if (e.id) return e.tagName.toLowerCase() + '#' + CSS.escape(e.id);
      let s = e.tagName.toLowerCase();
      const cls = [...e.classList].slice(0, 2);
      if (cls.length) s += '.' + cls.map(c => CSS.escape(c)).join('.');
      return s;
    }
    let sel = step(el), e = el;
    for (let i = 0; i < 3 && !el.id; i++) {
      try { if (document.querySelectorAll(sel).length === 1) break; } catch (_) { break; }
      e = e.parentElement;
      if (!e || e === document.body || e === root) break;
      sel = step(e) + ' > ' + sel;
    }
    return sel;
  }
  function boxAncestor(el, kinds) {
    // The nearest ancestor whose overflow-x is one of kinds (it scrolls or clips el).
    for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      if (kinds.includes(getComputedStyle(a).overflowX)) return a;
    }
    return null;
  }
  function visuallyHidden(el) {
    // Screen-reader-only text (clip / clip-path / 1 px boxes) is not meant to be seen.
    for (let e = el; e && e !== root; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true;
      if (cs.display === 'contents' || cs.overflowX === 'visible') continue;
      const r = e.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) return true;
    }
    return false;
  }
  function visible(el) {
    return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
      && !visuallyHidden(el);
  }

  const all = [...document.body.querySelectorAll('*')];
  const scrollWidth = root.scrollWidth;
  const result = {scrollWidth, viewport: vw, wide: [], clipped: []};

  if (scrollWidth > vw) {
    const offenders = new Set();
    for (const el of all) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right <= vw + 0.5) continue;
      if (boxAncestor(el, ['auto', 'scroll', 'hidden', 'clip'])) continue;
      offenders.add(el);
    }
    // Name the outermost offenders: a wide table, not each of its cells.
    const top = [...offenders].filter(el => !offenders.has(el.parentElement));
    top.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    result.wide = top.slice(0, %(max)d).map(el => {
      const r = el.getBoundingClientRect();
      return {selector: selector(el), width: Math.round(r.width), right: Math.round(r.right)};
    });
  }

  for (const el of all) {
    if (!TEXT_TAGS.has(el.tagName)) continue;
    if (!el.textContent.trim()) continue;
    if (el.scrollWidth - el.clientWidth <= 1) continue;
    const cs = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(cs.overflowX)) continue;
    if (cs.textOverflow === 'ellipsis') continue;
    if (boxAncestor(el, ['auto', 'scroll'])) continue;
    if (!visible(el)) continue;
    result.clipped.push({
      selector: selector(el),
      text: el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40),
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    });
  }
  return result;
}
""".replace("%(max)d", str(MAX_NAMED))


def screenshot_name(page: str, width: int) -> str:
    """File name for a page's screenshot: `procedures-birth-registration-320px.png`."""
    stem = re.sub(r"(^|/)index\.html$", "", page.strip("/"))
    stem = re.sub(r"\.html$", "", stem)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "index"
    return f"{stem}-{width}px.png"


def check_layout(
    base_url: str,
    pages: list[str],
    *,
    widths: Iterable[int] = (320, 768, 1280),
    screenshot_dir: Path | None = None,
    screenshot_pages: Iterable[str] = (),
) -> list[Finding]:
    """Load every page at every width in one Chromium and return the layout findings.

    `pages` are paths relative to `base_url` (``procedures/birth-registration/index.html``);
    they become the findings' `file`. Pages listed in `screenshot_pages` (and in `pages`)
    get a full-page PNG per width in `screenshot_dir`, named by `screenshot_name`.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    shoot = set(screenshot_pages) if screenshot_dir is not None else set()
    if shoot:
        screenshot_dir.mkdir(parents=True, exist_ok=True)
    base = base_url.rstrip("/") + "/"
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
    findings: list[Finding] = []
    loading: list[str] = [""]            # the page being loaded, for the request handler
    outside: dict[tuple[str, str], str] = {}  # (page, host) → first URL requested there

    def refuse(route) -> None:  # noqa: ANN001 (playwright Route)
        url = route.request.url
        outside.setdefault((loading[0], urlsplit(url).netloc or url), url)
        route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in widths:
                context = browser.new_context(
                    viewport=viewport(width),
                    device_scale_factor=1,
                    reduced_motion="reduce",
                    service_workers="block",
                )
                # The site must be self-contained. The self-contained gate reads the files; a
                # request a script builds at run time only shows here: refused, and reported.
                context.route(lambda url: not url.startswith(origin), refuse)
                tab = context.new_page()
                try:
                    for page in pages:
                        started = time.perf_counter()
                        loading[0] = page
                        try:
                            response = tab.goto(base + page.lstrip("/"), wait_until="load")
                            if response is not None and response.status >= 400:
                                findings.append(_load_error(page, width, f"HTTP {response.status}"))
                                continue
                            settle(tab)  # CJK font metrics, Material's first frames
                            measured = tab.evaluate(_MEASURE_JS)
                        except (PlaywrightError, RuntimeError) as exc:
                            findings.append(_load_error(page, width, str(exc).splitlines()[0]))
                            continue
                        findings.extend(_findings(page, width, measured))
                        if page in shoot:
                            tab.screenshot(
                                path=str(screenshot_dir / screenshot_name(page, width)),
                                full_page=True,
                                animations="disabled",
                            )
                        log.debug("layout %s @%dpx: %.3fs", page, width,
                                  time.perf_counter() - started)
                finally:
                    context.close()
        finally:
            browser.close()
    return findings + [_outside_request(page, host, url)
                       for (page, host), url in sorted(outside.items())]


def _outside_request(page: str, host: str, url: str) -> Finding:
    shown = url if len(url) <= 80 else url[:79] + "…"
    return Finding(page, gate="self-contained", message=(
        f"載入外部網站資源（third-party host）{host}：頁面執行時向其他主機發出請求 {shown}"),
        hint="把檔案放進本網站，或移除發出請求的程式；網站不可向其他主機載入任何資源")


def _findings(page: str, width: int, m: dict) -> list[Finding]:
    """Word the measurements as findings (Traditional Chinese first, English term after)."""
    out = []
    field = f"{width}px"
    if m["scrollWidth"] > m["viewport"]:
        if m["wide"]:
            first = m["wide"][0]
            named = "、".join(f"{w['selector']} 寬 {w['width']}px" for w in m["wide"])
            message = (
                f"在 {width}px 寬度下頁面需要水平捲動（horizontal scroll, WCAG 1.4.10）："
                f"頁面寬 {m['scrollWidth']}px，最寬元素 {named}"
            )
            hint = (
                f"讓 {first['selector']} 的寬度隨視窗縮放（max-width: 100%、不用固定 px 寬度）；"
                "資料表格可包在 overflow-x: auto 的捲動框內"
            )
        else:
            message = (
                f"在 {width}px 寬度下頁面需要水平捲動（horizontal scroll, WCAG 1.4.10）："
                f"頁面寬 {m['scrollWidth']}px，找不到單一超出的元素"
            )
            hint = "檢查 body/html 的 min-width、負邊界或絕對定位的元素"
        out.append(Finding(page, field=field, message=message, hint=hint, gate=GATE))
    for c in m["clipped"]:
        out.append(Finding(
            page,
            field=field,
            message=(
                f"在 {width}px 寬度下文字被截斷（clipped text, WCAG 1.4.10）："
                f"{c['selector']}「{c['text']}」內容寬 {c['scrollWidth']}px，"
                f"只顯示 {c['clientWidth']}px"
            ),
            hint="允許文字換行（移除 white-space: nowrap 或固定寬度），或改用 overflow-wrap: anywhere",
            gate=GATE,
        ))
    return out


def _load_error(page: str, width: int, why: str) -> Finding:
    return Finding(
        page,
        field=f"{width}px",
        message=f"無法載入頁面（page failed to load）：{why}",
        hint="確認頁面存在於建置結果（build/site/）中",
        gate=GATE,
    )
