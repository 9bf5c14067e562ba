"""Measure one generated site: compile, build, engine-alone baseline, output, checks.

Every number comes from this machine at the time of the run; nothing here asserts on time.
Builds run as subprocesses (tools/bench/driver.py) so that their peak memory is their own:
it is read from the kernel's rusage of the finished child (os.wait4), not sampled.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from hrosite.build import compile_to
from hrosite.checks import accessibility, anchors, links
from hrosite.checks.run import all_pages
from hrosite.checks.serve import page_url, serve
from hrosite.compile.nav import to_mkdocs
from hrosite.findings import errors
from hrosite.footer import footer_context

from .paired import MIN_PAIRS, Pair, interleave

ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONHASHSEED": "0"}
ENGINE_CONFIG = "bench-engine.yml"
ENGINE_SITE = "build/site-engine"
SEARCH_INDEX = "search/search_index.json"
# Targets of the paired runs (A ≤ target × B): the example build against the engine alone, and
# the checks against the build they check.
BUILD_TARGET = 1.1
QUICK_CHECK_TARGET = 4.0
FULL_CHECK_TARGET = 12.0
GZIP_LEVEL = 6   # what web servers typically send (nginx gzip_comp_level 1–6, Apache 6)

_REF = re.compile(r"<(link|script)\b([^>]*)>", re.I)
_ATTR = re.compile(r'\b(rel|href|src)="([^"]*)"', re.I)
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_URL_ATTR = re.compile(r'\b(?:href|src)="([^"]*)"')


@dataclass
class Run:
    """One subprocess: wall time, peak memory and the driver's stage timers."""

    wall: float
    peak_mb: float
    exit: int
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    log_tail: str = ""


@dataclass
class Weight:
    median_kb: float
    max_kb: float
    max_page: str
    min_kb: float
    html_median_kb: float
    html_max_kb: float
    assets: list[str]            # what one page loads besides its HTML (the home page's list)
    assets_kb: float             # their gzip size together


@dataclass
class Checks:
    sample: list[str]
    a11y_seconds: float          # pa11y-ci (htmlcs + axe) + axe WCAG 2.2 on the sample
    pa11y_seconds: float
    wcag22_seconds: float
    a11y_errors: int
    links_seconds: float         # linkchecker with the gate's config on a random sample of URLs
    links_urls: int              # URLs linkchecker checked in that run (rows of its report)
    links_errors: int            # linkchecker problems in the sample + anchor findings
    site_urls: int               # distinct internal URLs (no #fragment) linkchecker fetches
    anchors_seconds: float = 0.0  # anchors.check_anchors on the whole site (in-process)
    full_links_seconds: float | None = None   # the real gate on the whole site, if asked for
    full_links_errors: int | None = None


@dataclass
class ScaleResult:
    scale: int
    counts: dict[str, int]
    pages: int
    compile_seconds: float        # compile_to in this process, into an empty directory
    compile_warnings: int
    build: Run
    engine: Run
    docs_mb: float
    site_mb: float
    site_files: int
    engine_site_mb: float
    weight: Weight
    search_raw_kb: float
    search_gzip_kb: float
    engine_search_raw_kb: float
    engine_search_gzip_kb: float
    checks: Checks | None = None
    browser: dict | None = None   # what Chromium fetched for the home page, vs page_assets
    search_latency: dict | None = None   # query, n, min_ms, median_ms (see search_latency)
    builds: list[Run] = field(default_factory=list)    # every run, in run order
    engines: list[Run] = field(default_factory=list)
    pair: Pair | None = None      # the builds and engine runs, paired

    def to_json(self) -> dict:
        out = asdict(self)
        out["pair"] = self.pair.to_json() if self.pair else None
        return out


# ---------------------------------------------------------------------------------------------
# Processes


def run_process(command: list[str], cwd: Path, log: Path) -> tuple[float, float, int]:
    """Run to completion; (wall seconds, peak RSS in MB of the child, exit code)."""
    env = dict(os.environ, **ENV)
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped here, not by Popen.wait()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def build_run(root: Path, config: str, name: str) -> Run:
    timings = root / "build" / f"bench-{name}.json"
    log = root / "build" / f"bench-{name}.log"
    timings.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "tools.bench.driver", str(timings), "--",
               "build", "--clean", "-f", config]
    wall, peak, code = run_process(command, root, log)
    data = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
    run = Run(round(wall, 3), round(peak, 1), code if code else int(data.get("exit", 0)),
              {k: round(v, 3) for k, v in data.get("timings", {}).items()},
              data.get("counts", {}), data.get("extra", {}), tail)
    if run.exit:
        raise RuntimeError(f"{name} build failed (exit {run.exit}) in {root}:\n{tail}")
    return run


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda r: r.wall)[(len(runs) - 1) // 2]


def check_run(root: Path, quick: bool) -> tuple[float, int]:
    """`hrosite check` (--quick or full) on root's build/site as a subprocess: (wall, exit)."""
    name = "check-quick" if quick else "check-full"
    command = [sys.executable, "-m", "hrosite", "--root", str(root), "check", *(["--quick"] if quick else [])]
    wall, _, code = run_process(command, root, root / "build" / f"bench-{name}.log")
    return wall, code


def check_pairs(root: Path, n: int = MIN_PAIRS, full: bool = True, progress=print) -> list[Pair]:
    """`check --quick` vs the build and the full `check` vs the build, each interleaved n times.

    The build is `mkdocs build` with the plugin, as in the build pairs; it leaves build/site
    ready for the next check. A check's exit code is kept (1 = it found errors): the time counts
    either way.
    """
    def build() -> tuple[float, int]:
        run = build_run(root, "mkdocs.yml", "build")
        return run.wall, run.exit

    pairs = [interleave(Pair("check --quick vs build", "check --quick", "build", target=QUICK_CHECK_TARGET),
                        lambda: check_run(root, quick=True), build, n=n, progress=progress)]
    if full:
        pairs.append(interleave(Pair("full check vs build", "check", "build", target=FULL_CHECK_TARGET),
                                lambda: check_run(root, quick=False), build, n=n, progress=progress))
    return pairs


def write_engine_config(root: Path, result, jieba: dict) -> Path:
    """mkdocs.yml without the hrosite plugin: the engine alone on the compiled Markdown.

    Inherits theme, overrides, Markdown extensions and validation from mkdocs.yml; sets what
    the plugin would have set (nav, footer facts, feeds, banner) and gives the search plugin the
    same jieba dictionaries, so the difference to the full build is the generator's own work.
    """
    base = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    search = dict(_search_options(base), **{k: v for k, v in jieba.items() if v})
    extra = dict(base.get("extra") or {})
    extra["office"] = footer_context(result.content.office)
    extra["feeds"] = result.compiled.news.feeds
    extra["banner"] = result.compiled.news.banner
    office = result.content.office
    config = {
        "INHERIT": "mkdocs.yml",
        "site_name": office.name,
        "site_description": office.description,
        "copyright": f"© {office.name}",
        "docs_dir": "build/docs",
        "site_dir": ENGINE_SITE,
        "plugins": [{"search": search}],
        "nav": to_mkdocs(result.nav),
        "extra": extra,
    }
    path = root / ENGINE_CONFIG
    path.write_text("# Written by tools.bench: the engine alone (no hrosite plugin).\n"
                    + yaml.safe_dump(_plain(config), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _plain(value):
    """Markup (escaped text for the theme) as the str it is, so that YAML can write it."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain values; !ENV and !!python/… tags become None."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _search_options(config: dict) -> dict:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "search" in plugin:
            return dict(plugin["search"] or {})
        if plugin == "search":
            return {}
    return {}


# ---------------------------------------------------------------------------------------------
# Output


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every file below `folder` (apparent sizes, like du --apparent-size)."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


SENTENCES_SCRIPT = "hro-search-sentences.js"
SENTENCES_WORKER = "workers/hro-search-worker.js"


def page_assets(html: str, page: str) -> list[str]:
    """Site paths of the CSS and JS a browser downloads for a page with an empty cache.

    Stylesheets and scripts the page links, plus Material's search worker: the bundle starts
    the worker on load (new Worker(config.search)); only search/search_index.json waits until
    the search box is used (overrides/assets/javascripts/hro-lazy-search.js). A page with
    hro-search-sentences.js starts the worker through workers/hro-search-worker.js, which then
    imports Material's: both count.
    """
    url = "/" + page
    found: list[str] = []
    for tag, attrs in _REF.findall(html):
        values = {k.lower(): v for k, v in _ATTR.findall(attrs)}
        if tag.lower() == "link" and "stylesheet" in values.get("rel", "").split():
            found.append(values.get("href", ""))
        elif tag.lower() == "script" and values.get("src"):
            found.append(values["src"])
        if tag.lower() == "script" and values.get("src", "").endswith(SENTENCES_SCRIPT):
            found.append(values["src"][: -len(SENTENCES_SCRIPT)] + SENTENCES_WORKER)
    config = _CONFIG.search(html)
    if config:
        data = json.loads(config.group(1))
        if data.get("search"):
            base = urljoin(url, data.get("base", "."))
            found.append(urljoin(base + ("" if base.endswith("/") else "/"), data["search"]))
    out = []
    for ref in found:
        parts = urlsplit(urljoin(url, ref))
        if parts.scheme or parts.netloc or not ref:
            continue
        path = parts.path.lstrip("/")
        if path not in out:
            out.append(path)
    return out


def page_weights(site: Path, pages: list[str]) -> Weight:
    asset_size: dict[str, int] = {}
    totals, htmls = [], []
    home_assets: list[str] = []
    for page in pages:
        data = (site / page).read_bytes()
        html_gz = gz(data)
        assets = page_assets(data.decode("utf-8", "replace"), page)
        if page == "index.html":
            home_assets = assets
        for asset in assets:
            if asset not in asset_size:
                file = site / asset
                asset_size[asset] = gz(file.read_bytes()) if file.is_file() else 0
        htmls.append(html_gz)
        totals.append((html_gz + sum(asset_size[a] for a in assets), page))
    totals.sort()
    kb = 1024
    return Weight(
        median_kb=round(statistics.median(t for t, _ in totals) / kb, 1),
        max_kb=round(totals[-1][0] / kb, 1), max_page=totals[-1][1],
        min_kb=round(totals[0][0] / kb, 1),
        html_median_kb=round(statistics.median(htmls) / kb, 1),
        html_max_kb=round(max(htmls) / kb, 1),
        assets=home_assets,
        assets_kb=round(sum(asset_size.get(a, 0) for a in home_assets) / kb, 1))


def search_index_size(site: Path) -> tuple[float, float]:
    path = site / SEARCH_INDEX
    if not path.is_file():
        return 0.0, 0.0
    data = path.read_bytes()
    return round(len(data) / 1024, 1), round(gz(data) / 1024, 1)


def browser_requests(site: Path, page: str = "index.html") -> list[str] | None:
    """What Chromium actually fetches for one page (site paths), to confirm page_assets."""
    try:
        from playwright.sync_api import sync_playwright

        from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
    except ImportError:
        return None
    seen: list[str] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=[a for a in CHROME_ARGS if a != "--headless=new"])
        try:
            context = browser.new_context()
            context.on("request", lambda r: seen.append(r.url))
            tab = context.new_page()
            tab.goto(page_url(base, page), wait_until="networkidle")
            tab.wait_for_timeout(500)
        finally:
            browser.close()
    return sorted({urlsplit(u).path.lstrip("/") for u in seen if u.startswith(base)})


# ---------------------------------------------------------------------------------------------
# Checks


def sample_pages(pages: list[str], size: int, seed: int) -> list[str]:
    """One page per section and depth first, then a seeded random choice.

    Not `check --quick`'s one_page_per_kind: that also splits slug families (stats/village-*),
    and in a generated office every copied file (x-s2 … x-s50) is such a family, which would
    fill the sample with copies of one section.
    """
    first: dict[tuple[str, int], str] = {}
    for page in pages:
        parts = page.split("/")
        first.setdefault((parts[0] if len(parts) > 1 else page, len(parts)), page)
    chosen = sorted(first.values())[:size]
    rest = [p for p in pages if p not in chosen]
    chosen += random.Random(seed).sample(rest, min(len(rest), size - len(chosen)))
    return sorted(chosen)


def site_urls(site: Path, pages: list[str]) -> list[str]:
    """Distinct internal URLs of the site without #fragments, relative to its root: what
    linkchecker fetches in the links gate (anchors are checked apart, by anchors.py)."""
    base = "http://bench.invalid/"
    urls: set[str] = set()
    for page in pages:
        here = page_url(base, page)
        urls.add(here)
        for ref in _URL_ATTR.findall((site / page).read_text(encoding="utf-8", errors="replace")):
            target = urljoin(here, ref.replace("&amp;", "&")).partition("#")[0]
            if target.startswith(base):
                urls.add(target)
    return sorted(u[len(base):] for u in urls)


def links_sample(site: Path, urls: list[str]) -> tuple[float, int, int]:
    """linkchecker with the links gate's own config on `urls` (site-relative), recursion 0:
    each URL fetched once. (seconds, URLs checked, problems)"""
    if importlib.util.find_spec("linkcheck") is None:
        raise RuntimeError(f"linkchecker not installed for {sys.executable}")
    with tempfile.TemporaryDirectory(prefix="hrosite-bench-links-") as tmp, serve(site) as base:
        rc = Path(tmp) / "linkcheckerrc"
        rc.write_text(links.linkcheckerrc(False), encoding="utf-8")
        # as the links gate runs it: the caller's user, never "nobody"
        command = [sys.executable, "-m", "hrosite.checks.linkchecker_main", "-f", str(rc), "--no-status", "--verbose", "-o", "csv/utf-8",
                   "-r", "0", *[base + u for u in urls]]
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": "en"}
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, env=env, check=False)
        seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError("linkchecker failed: " + proc.stderr.decode("utf-8", "replace")[-500:])
    rows = links._parse_csv(proc.stdout.decode("utf-8", "replace"))
    return seconds, len(rows), sum(1 for r in rows if links._problem(r))


def run_checks(site: Path, pages: list[str], size: int, seed: int,
               full_links: bool = False, link_urls: int = 200) -> Checks:
    sample = sample_pages(pages, size, seed)
    start = time.perf_counter()
    found = accessibility.check_accessibility(site, sample)
    pa11y = time.perf_counter() - start
    start = time.perf_counter()
    found += accessibility.check_wcag22(site, sample)
    wcag = time.perf_counter() - start
    urls = site_urls(site, pages)
    chosen = sorted(random.Random(seed).sample(urls, min(link_urls, len(urls))))
    link_seconds, checked, link_errors = links_sample(site, chosen)
    start = time.perf_counter()
    link_errors += len(errors(anchors.check_anchors(site)))
    anchor_seconds = time.perf_counter() - start
    result = Checks(sample, round(pa11y + wcag, 2), round(pa11y, 2), round(wcag, 2),
                    len(errors(found)), round(link_seconds, 2), checked, link_errors, len(urls),
                    round(anchor_seconds, 2))
    if full_links:
        start = time.perf_counter()
        full = links.check_links(site)
        result.full_links_seconds = round(time.perf_counter() - start, 2)
        result.full_links_errors = len(errors(full))
    return result


# A sentence of 10 characters, as citizens type them; its first character starts no indexed word,
# so it goes through the sentence wrapper (overrides/assets/javascripts/workers/hro-search-worker.js).
LATENCY_QUERY = "剛結婚要去戶政事務所"

_TIME_QUERY = """q => new Promise(resolve => {
  const box = document.querySelector('input.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    if (/符合|沒有/.test(meta.textContent)) {
      watch.disconnect();
      resolve({ms: performance.now() - t0, meta: meta.textContent.trim()});
    }
  });
  watch.observe(meta, {childList: true, characterData: true, subtree: true});
  box.value = q;
  box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
})"""

_CLEAR_QUERY = """() => {
  const box = document.querySelector('input.md-search__input');
  box.value = '';
  box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
}"""


def search_latency(site: Path, query: str = LATENCY_QUERY, n: int = 21) -> dict | None:
    """Milliseconds from the keyup to Material's result count in headless Chromium, n times.

    The index is loaded first (one search box click); each run clears the box, then types the
    query. Rendering of the result list is included. None without Playwright.
    """
    try:
        from playwright.sync_api import sync_playwright

        from hrosite.checks.browser import CHROME_ARGS, CHROMIUM
    except ImportError:
        return None
    times: list[float] = []
    meta = ""
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            tab = browser.new_context(service_workers="block").new_page()
            tab.goto(page_url(base, "index.html"))
            tab.locator("input.md-search__input").click()
            tab.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                                  ".textContent.includes('初始化')")
            for _ in range(n):
                tab.evaluate(_CLEAR_QUERY)
                tab.wait_for_timeout(50)
                run = tab.evaluate(_TIME_QUERY, query)
                times.append(run["ms"])
                meta = run["meta"]
        finally:
            browser.close()
    return {"query": query, "n": n, "min_ms": round(min(times), 1),
            "median_ms": round(statistics.median(times), 1), "result": meta}


# ---------------------------------------------------------------------------------------------
# One scale


def measure(root: Path, scale: int, counts: dict[str, int], *, repeat: int = MIN_PAIRS,
            checks: int = 20, seed: int = 8, full_links: bool = False, browser: bool = False,
            link_urls: int = 200, progress=print) -> ScaleResult:
    """Everything for the generated repository at `root` (see generate.generate)."""
    with tempfile.TemporaryDirectory(prefix="hrosite-bench-docs-") as tmp:
        start = time.perf_counter()
        result = compile_to(root, Path(tmp) / "docs")
        compile_seconds = time.perf_counter() - start
    if not result.ok:
        shown = "\n".join(f.format_text() for f in errors(result.findings)[:20])
        raise RuntimeError(f"the generated sources at {scale}× do not compile:\n{shown}")
    progress(f"  {scale}×: compile_to {compile_seconds:.1f} s, "
             f"{len(result.compiled.output.pages)} pages; building …")

    builds, engines = [], []

    def build() -> tuple[float, int]:
        builds.append(build_run(root, "mkdocs.yml", "build"))
        if len(builds) == 1:
            jieba = {k: builds[0].extra.get(k) for k in ("jieba_dict", "jieba_dict_user")}
            write_engine_config(root, result, jieba)
        return builds[-1].wall, builds[-1].exit

    def engine() -> tuple[float, int]:
        engines.append(build_run(root, ENGINE_CONFIG, "engine"))
        return engines[-1].wall, engines[-1].exit

    pair = interleave(Pair(f"{scale}×: build vs engine alone", "build", "engine alone",
                           target=BUILD_TARGET if scale == 1 else None),
                      build, engine, n=repeat, progress=progress)
    build_median, engine_median = median_run(builds), median_run(engines)

    site = root / "build" / "site"
    pages = all_pages(site)
    docs_bytes, _ = tree_size(root / "build" / "docs")
    site_bytes, site_files = tree_size(site)
    engine_bytes, _ = tree_size(root / ENGINE_SITE)
    raw, packed = search_index_size(site)
    engine_raw, engine_packed = search_index_size(root / ENGINE_SITE)
    out = ScaleResult(
        scale=scale, counts=counts, pages=len(pages),
        compile_seconds=round(compile_seconds, 3),
        compile_warnings=sum(1 for f in result.findings if f.severity != "error"),
        build=build_median, engine=engine_median,
        docs_mb=round(docs_bytes / 1048576, 1), site_mb=round(site_bytes / 1048576, 1),
        site_files=site_files, engine_site_mb=round(engine_bytes / 1048576, 1),
        weight=page_weights(site, pages),
        search_raw_kb=raw, search_gzip_kb=packed,
        engine_search_raw_kb=engine_raw, engine_search_gzip_kb=engine_packed,
        builds=builds, engines=engines, pair=pair)
    if browser:
        fetched = browser_requests(site)
        if fetched is not None:
            css_js = [p for p in fetched if p.endswith((".css", ".js"))]
            out.browser = {"fetched": fetched, "css_js": css_js,
                           "matches": sorted(css_js) == sorted(out.weight.assets),
                           "search_index_fetched": SEARCH_INDEX in fetched}
        out.search_latency = search_latency(site)
    if checks:
        progress(f"  {scale}×: checks on {checks} pages …")
        out.checks = run_checks(site, pages, checks, seed, full_links=full_links, link_urls=link_urls)
    return out
