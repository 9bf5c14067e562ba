"""Write BENCHMARKS.md: machine, versions, date, the results per scale, ratios, targets.

The text between the READING markers is written by people (why a target is missed, what was
fixed, what cannot be) and is kept when the benchmark rewrites the file.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

from hrosite.checks.browser import CHROMIUM

from .lighthouse import TARGETS as LH_TARGETS
from .lighthouse import PageRuns
from .measure import ScaleResult
from .paired import Pair

READING_START = "<!-- reading: written by people, kept when the benchmark rewrites this file -->"
READING_END = "<!-- /reading -->"
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "jieba", "jieba-hant",
            "pydantic", "frictionless", "PyYAML", "LinkChecker", "playwright")

# The targets: (name, how it is computed, limit)
TARGETS = [
    ("compile", "compile step ≤ 10 % of the total build (every scale)"),
    ("linear", "per-page build cost at 50× ≤ 1.3 × the cost at 1×"),
    ("memory", "peak memory at 50× ≤ 2 GB"),
    ("weight", "median page weight ≤ 120 KB gzip (every scale)"),
    ("search", "search index of the example office (1×) ≤ 1 MB gzip"),
]


# ---------------------------------------------------------------------------------------------
# Environment


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def _node_version(root: Path, package: str) -> str:
    data = _read(str(root / "node_modules" / package / "package.json"))
    return json.loads(data).get("version", "—") if data else "—"


def _chromium() -> str:
    try:
        proc = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
        return proc.stdout.strip() or "—"
    except (OSError, subprocess.SubprocessError):
        return "—"


def environment(root: Path) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "—")
    mem = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal:")), 0)
    import hrosite
    return {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu, "nproc": os.cpu_count(), "memory_gb": round(mem / 1048576, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "packages": {p: _version(p) for p in PACKAGES},
        "node": {p: _node_version(root, p) for p in ("pa11y-ci", "axe-core")},
        "chromium": _chromium(),
        "hrosite": str(Path(hrosite.__file__).parent),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------------------------------------
# Derived numbers


def render_seconds(r: ScaleResult) -> float:
    """MkDocs render time: the build minus the generator's own work inside it."""
    t = r.build.timings
    return r.build.wall - t.get("compile", 0) - t.get("search_prepare", 0) - t.get("search_finish", 0)


def generator_seconds(r: ScaleResult) -> float:
    t = r.build.timings
    return t.get("compile", 0) + t.get("search_prepare", 0) + t.get("search_finish", 0)


def per_page_ms(seconds: float, pages: int) -> float:
    return 1000 * seconds / pages if pages else 0.0


def engine_page_ms(r: ScaleResult, run=None) -> float:
    """MkDocs' own per-page work (Markdown + theme + search indexing + write), no start-up."""
    t = (run or r.build).timings
    return per_page_ms(t.get("markdown", 0) + t.get("pages", 0), r.pages)


def compile_share(r: ScaleResult) -> float:
    return r.build.timings.get("compile", 0) / r.build.wall if r.build.wall else 0.0


def links_projected(r: ScaleResult) -> float:
    return links_per_url(r) * r.checks.site_urls + r.checks.anchors_seconds


def a11y_per_page(r: ScaleResult) -> float | None:
    c = r.checks
    return c.a11y_seconds / len(c.sample) if c and c.sample else None


def links_per_url(r: ScaleResult) -> float | None:
    c = r.checks
    return c.links_seconds / c.links_urls if c and c.links_urls else None


def target_values(results: list[ScaleResult]) -> dict[str, tuple[str, bool | None]]:
    """Target → (value shown, met?); None when the run did not include the needed scale."""
    by = {r.scale: r for r in results}
    out: dict[str, tuple[str, bool | None]] = {}
    shares = [(r.scale, compile_share(r)) for r in results]
    out["compile"] = ("；".join(f"{s}×: {v:.0%}" for s, v in shares),
                      all(v <= 0.10 for _, v in shares))
    if 1 in by and 50 in by:
        ratio = (per_page_ms(by[50].build.wall, by[50].pages)
                 / per_page_ms(by[1].build.wall, by[1].pages))
        out["linear"] = (f"{ratio:.2f} ×", ratio <= 1.3)
    else:
        out["linear"] = ("needs 1× and 50×", None)
    if 50 in by:
        out["memory"] = (f"{by[50].build.peak_mb:,.0f} MB", by[50].build.peak_mb <= 2048)
    else:
        out["memory"] = ("needs 50×", None)
    out["weight"] = ("；".join(f"{r.scale}×: {r.weight.median_kb:.0f} KB" for r in results),
                     all(r.weight.median_kb <= 120 for r in results))
    if 1 in by:
        out["search"] = (f"{by[1].search_gzip_kb:,.0f} KB", by[1].search_gzip_kb <= 1024)
    else:
        out["search"] = ("needs 1×", None)
    return out


# ---------------------------------------------------------------------------------------------
# Markdown


def _s(x: float) -> str:
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def _min_n(runs, value) -> str:
    """" (min X, n N)" after a median, when there was more than one run."""
    values = sorted(value(r) for r in runs)
    if len(values) < 2:
        return ""
    return f" (min {_s(values[0])}, n {len(values)})"


def metrics_table(results: list[ScaleResult]) -> str:
    base = next((r for r in results if r.scale == 1), results[0])
    head = "| | " + " | ".join(f"**{r.scale}×**" for r in results) + " |"
    rows = [head, "|---|" + "---:|" * len(results)]

    def row(label: str, cell) -> None:
        rows.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    def section(label: str) -> None:
        rows.append(f"| ***{label}*** |" + " |" * len(results))

    section("Sources")
    row("procedures / forms", lambda r: f"{r.counts.get('procedures', 0):,} / {r.counts.get('forms', 0):,}")
    row("FAQ entries", lambda r: f"{r.counts.get('faq_entries', 0):,}")
    row("news / disclosures", lambda r: f"{r.counts.get('news', 0):,} / {r.counts.get('disclosures', 0):,}")
    row("villages / statistics rows added", lambda r: f"{r.counts.get('villages', 0):,} / "
        f"{r.counts.get('stats_rows_added', 0):,}")
    row("pages (HTML, without 404)", lambda r: f"{r.pages:,}")
    section("Time (seconds)")
    row("compile_to, in-process (load + validate + compile + write)", lambda r: _s(r.compile_seconds))
    row("compile inside the build (plugin on_config)", lambda r: _s(r.build.timings.get("compile", 0)))
    row("hrosite search: user dictionary + index post-processing",
        lambda r: _s(r.build.timings.get("search_prepare", 0) + r.build.timings.get("search_finish", 0)))
    row("MkDocs render (build − compile − hrosite search)", lambda r: _s(render_seconds(r)))
    row("  of which Markdown → HTML", lambda r: _s(r.build.timings.get("markdown", 0)))
    row("  of which theme templates + write", lambda r: _s(
        r.build.timings.get("pages", 0) - r.build.timings.get("search_pages", 0)))
    row("  of which search indexing (jieba)", lambda r: _s(r.build.timings.get("search_pages", 0)))
    row("**total build wall time**, median (`mkdocs build` with the plugin)",
        lambda r: f"**{_s(r.build.wall)}**" + _min_n(r.builds, lambda b: b.wall))
    row("engine alone, median (`mkdocs build` of the compiled Markdown)",
        lambda r: _s(r.engine.wall) + _min_n(r.engines, lambda b: b.wall))
    row("generator cost: total ÷ engine alone (median of paired ratios)", lambda r: _ratio(r))
    row("compile share of the total build", lambda r: f"{compile_share(r):.0%}")
    section("Per page (milliseconds)")
    row("total build ÷ pages", lambda r: f"{per_page_ms(r.build.wall, r.pages):,.0f}")
    row("  ratio to 1×", lambda r: f"{per_page_ms(r.build.wall, r.pages) / per_page_ms(base.build.wall, base.pages):.2f}")
    row("engine alone ÷ pages", lambda r: f"{per_page_ms(r.engine.wall, r.pages):,.0f}")
    row("  ratio to 1×", lambda r: f"{per_page_ms(r.engine.wall, r.pages) / per_page_ms(base.engine.wall, base.pages):.2f}")
    row("MkDocs page work only (Markdown + theme + index + write)", lambda r: f"{engine_page_ms(r):,.0f}")
    row("  ratio to 1×", lambda r: f"{engine_page_ms(r) / engine_page_ms(base):.2f}")
    section("Memory and output")
    row("peak memory, build (RSS)", lambda r: f"{r.build.peak_mb:,.0f} MB")
    row("peak memory, engine alone", lambda r: f"{r.engine.peak_mb:,.0f} MB")
    row("compiled Markdown (build/docs)", lambda r: f"{r.docs_mb:,.1f} MB")
    row("site (build/site): size / files", lambda r: f"{r.site_mb:,.1f} MB / {r.site_files:,}")
    row("page weight, median (HTML + CSS + JS, gzip)", lambda r: f"{r.weight.median_kb:,.0f} KB")
    row("page weight, largest", lambda r: f"{r.weight.max_kb:,.0f} KB `{r.weight.max_page}`")
    row("HTML alone, median / largest (gzip)",
        lambda r: f"{r.weight.html_median_kb:,.1f} / {r.weight.html_max_kb:,.0f} KB")
    row("search index, raw / gzip", lambda r: f"{r.search_raw_kb:,.0f} / {r.search_gzip_kb:,.0f} KB")
    row("  engine alone (before hrosite's post-processing)",
        lambda r: f"{r.engine_search_raw_kb:,.0f} / {r.engine_search_gzip_kb:,.0f} KB")
    if any(r.search_latency for r in results):
        row("search latency in Chromium, 10-character sentence: median (min), n",
            lambda r: (f"{r.search_latency['median_ms']:,.0f} ms ({r.search_latency['min_ms']:,.0f}), "
                       f"{r.search_latency['n']}") if r.search_latency else "—")
    if any(r.checks for r in results):
        section("Checks (sample)")
        row("pages in the sample", lambda r: f"{len(r.checks.sample)}" if r.checks else "—")
        row("accessibility (pa11y-ci htmlcs + axe, axe WCAG 2.2): s/page",
            lambda r: f"{a11y_per_page(r):.2f}" if r.checks else "—")
        row("  projected, whole site", lambda r: _minutes(a11y_per_page(r) * r.pages) if r.checks else "—")
        row("links (linkchecker, gate config, random sample of URLs): URLs / s",
            lambda r: f"{r.checks.links_urls:,} / {r.checks.links_seconds:.0f}" if r.checks else "—")
        row("  s per URL; distinct internal URLs in the site (no #fragment)",
            lambda r: f"{links_per_url(r):.3f}; {r.checks.site_urls:,}" if r.checks else "—")
        row("anchors (every page parsed once, whole site, measured)",
            lambda r: _minutes(r.checks.anchors_seconds) if r.checks else "—")
        row("  links gate projected, whole site (URLs × s/URL + anchors); per page",
            lambda r: (f"{_minutes(links_projected(r))}; "
                       f"{links_projected(r) / r.pages:.2f} s") if r.checks else "—")
        if any(r.checks and r.checks.full_links_seconds for r in results):
            row("links gate on the whole site, measured",
                lambda r: _minutes(r.checks.full_links_seconds) if r.checks and r.checks.full_links_seconds else "—")
        row("findings (errors): accessibility / links",
            lambda r: f"{r.checks.a11y_errors} / {r.checks.links_errors}" if r.checks else "—")
    return "\n".join(rows)


def _ratio(r: ScaleResult) -> str:
    if r.pair and r.pair.ratio is not None:
        return f"{r.pair.ratio:.2f} ×"
    return f"{r.build.wall / r.engine.wall:.2f} ×"


def pairs_table(results: list[ScaleResult], pairs: list[Pair]) -> str:
    """One row per pair: A and B as min / median seconds, the median of per-pair ratios, n."""
    every = [r.pair for r in results if r.pair] + list(pairs)
    rows = ["| Pair (A vs B) | A: min / median | B: min / median | A ÷ B (median of pairs) | "
            "pairs' ratios | n | target |", "|---|---:|---:|---:|---|---:|---|"]
    for pair in every:
        if not pair.n:
            continue
        (a_min, a_med), (b_min, b_med) = pair.summary("a"), pair.summary("b")
        met = pair.met()
        target = "—" if pair.target is None else (
            f"≤ {pair.target:g} × " + ("met" if met else "**missed**"))
        failed = sum(1 for c in pair.a_exits if c)
        note = f" ({failed} of {pair.n} exited non-zero)" if failed else ""
        rows.append(f"| {pair.name}{note} | {_s(a_min)} / {_s(a_med)} s | "
                    f"{_s(b_min)} / {_s(b_med)} s | {pair.ratio:.2f} × | "
                    + ", ".join(f"{x:.2f}" for x in pair.ratios) + f" | {pair.n} | {target} |")
    return "\n".join(rows)


def lighthouse_table(runs: list[PageRuns]) -> str:
    """Per page kind: the median scores and metrics of Lighthouse's mobile preset, n runs."""
    rows = ["| Page kind | Page | Performance | Best practices | FCP | LCP | TBT | CLS | n | load | "
            "Still flagged (any run) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        med = {k: r.median(v) for k, v in r.metrics.items()}

        def ms(label: str) -> str:
            return f"{med[label] / 1000:.1f} s" if med.get(label) is not None and label != "TBT" else (
                f"{med[label]:,.0f} ms" if med.get(label) is not None else "—")
        scores = (f"{r.median(r.performance):.2f} (min {min(r.performance):.2f})",
                  f"{r.median(r.best_practices):.2f} (min {min(r.best_practices):.2f})")
        cls = f"{med['CLS']:.3f}" if med.get("CLS") is not None else "—"
        flagged = ", ".join(f"`{k}`" for k in sorted(r.failing)) or "—"
        load = f"{statistics.median(r.load):.1f}" if r.load else "—"
        rows.append(f"| {r.kind} | `{r.page}` | {scores[0]} | {scores[1]} | {ms('FCP')} | {ms('LCP')} | "
                    f"{ms('TBT')} | {cls} | {len(r.performance)} | {load} | {flagged} |")
    return "\n".join(rows)


def lighthouse_section(runs: list[PageRuns] | None) -> list[str]:
    if not runs:
        return []
    return ["## Lighthouse, mobile preset (median of n runs)", "",
            lighthouse_table(runs), "",
            "Lighthouse's mobile preset (a phone-sized screen, 4× CPU slowdown, simulated slow 4G) "
            "on the 1× site served on 127.0.0.1 with gzip, as a static host sends it "
            "(`tools/bench/lighthouse.py`); every page kind once per round, rounds interleaved. "
            "*Still flagged* lists best-practices audits that failed and performance opportunities "
            "scored below 0.9 in any run. *load*: the median 1-minute load average before the runs; "
            "the total blocking time is measured on this CPU (× 4), so a busy machine lowers the "
            "score of the same page.", ""]


def _minutes(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.1f} min"


def targets_table(results: list[ScaleResult], pairs: list[Pair] = (),
                  lighthouse: list[PageRuns] | None = None, preview: dict | None = None) -> str:
    values = target_values(results)
    rows = ["| Target | Measured | |", "|---|---|---|"]

    def add(text: str, shown: str, met: bool | None) -> None:
        status = "—" if met is None else ("met" if met else "**missed**")
        rows.append(f"| {text} | {shown} | {status} |")

    for key, text in TARGETS:
        add(text, *values[key])
    for pair in [r.pair for r in results if r.pair] + list(pairs):
        if pair.target is not None and pair.ratio is not None:
            add(f"{pair.name}: {pair.a} ≤ {pair.target:g} × {pair.b} (paired)",
                f"{pair.ratio:.2f} × (n {pair.n})", pair.met())
    if lighthouse:
        perf = "；".join(f"{r.kind} {r.median(r.performance):.2f}" for r in lighthouse)
        best = "；".join(f"{r.kind} {r.median(r.best_practices):.2f}" for r in lighthouse)
        add("Lighthouse mobile performance ≥ 0.95 on every page kind (median)", perf,
            all(r.median(r.performance) >= LH_TARGETS["performance"] for r in lighthouse))
        add("Lighthouse mobile best practices = 1.00 on every page kind (median)", best,
            all(r.median(r.best_practices) >= LH_TARGETS["best-practices"] for r in lighthouse))
    if preview:
        shown = "；".join(f"{kind} {t['median']:.2f} s (n {t['n']})" for kind, t in preview.items())
        add(f"preview: save to visible ≤ {PREVIEW_TARGET:g} s (median of each file kind)", shown,
            all(t["median"] <= PREVIEW_TARGET for t in preview.values()))
    return "\n".join(rows)


def _kept_reading(path: Path) -> str | None:
    text = _read(str(path))
    if READING_START in text and READING_END in text:
        return text.split(READING_START, 1)[1].split(READING_END, 1)[0].strip("\n")
    return None


def editor_section(weight: dict | None) -> list[str]:
    """What /admin/ loads (hrosite.editor.weight), measured once per run: it is the same bytes at
    every scale, and only staff load it."""
    if not weight:
        return []
    def row(name, part):
        return f"| {name} | {part['files']} | {part['raw'] / 1024:,.0f} KB | {part['gzip'] / 1024:,.0f} KB |"
    return ["## Editor (/admin/)", "",
            "| Loaded | Files | Raw | gzip |", "|---|---|---|---|",
            row("at start-up", weight["startup"]), row("on demand (widgets, locales)", weight["on_demand"]),
            "", "The public pages never load it (the self-contained and scripts gates check every page).", ""]


PREVIEW_TARGET = 1.5   # seconds, median save-to-visible of each edit kind


def preview_section(preview: dict | None) -> list[str]:
    """Save-to-visible in `hrosite serve` (tools/bench/preview.py): n saves of each file kind."""
    if not preview:
        return []
    rows = [f"| {kind} | {t['median']:.2f} s | {t['min']:.2f} s | {t['cpu_median']:.2f} s | {t['n']} |"
            for kind, t in preview.items()]
    return ["## Preview: save to visible", "",
            "| Saved file | Median | Min | CPU, median | n |", "|---|---:|---:|---:|---:|", *rows, "",
            "From the moment a source file is saved to the moment the page served by `hrosite serve` "
            "shows the change (tools/bench/preview.py), on the example office.", ""]


def write_report(path: Path, results: list[ScaleResult], env: dict, args,
                 pairs: list[Pair] = (), lighthouse: list[PageRuns] | None = None) -> None:
    reading = _kept_reading(path) or "_(No reading yet: write it here after a full run.)_"
    pk = env["packages"]
    base = next((r for r in results if r.scale == 1), results[0])
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m tools.bench`). Synthetic sources at "
        + "、".join(f"{r.scale}×" for r in results) + " the example office are generated from the real "
        "example files (tools/bench/generate.py), compiled, built with MkDocs + Material, compared "
        "with the engine alone, and checked on a sample. Speed is measured here, never in a test. "
        "Raw numbers: `build/bench/results.json`.",
        "",
        "## Machine, versions, date",
        "",
        f"- Date: {env['started']} → {env.get('finished', '?')} (benchmark run {env.get('bench_seconds', '?')} s)",
        f"- Machine: {env['nproc']} CPUs, {env['cpu']}, {env['memory_gb']} GB memory; {env['os']}",
        f"- Load average (1, 5, 15 min) before / after: {env['load_before']} / {env.get('load_after', [])}. "
        "Other jobs share this machine, so times are directional: compare ratios within one run.",
        f"- Python {env['python']}; mkdocs {pk['mkdocs']}, mkdocs-material {pk['mkdocs-material']}, "
        f"pymdown-extensions {pk['pymdown-extensions']}, Markdown {pk['Markdown']}, jieba {pk['jieba']}, "
        f"jieba-hant {pk['jieba-hant']}, pydantic {pk['pydantic']}, frictionless {pk['frictionless']}, "
        f"PyYAML {pk['PyYAML']}, LinkChecker {pk['LinkChecker']}, playwright {pk['playwright']}",
        f"- pa11y-ci {env['node']['pa11y-ci']}, axe-core {env['node']['axe-core']}; {env['chromium']}",
        f"- Options: scales {','.join(str(s) for s in args.scales)}; {args.repeat} build / engine-alone "
        f"pair(s) a scale up to 10×, {getattr(args, 'repeat_large', args.repeat)} above "
        f"(medians, min and n in brackets); check sample {args.checks} pages and "
        f"{getattr(args, 'link_urls', 200)} URLs, seed {args.seed}",
        "",
        "## Paired runs",
        "",
        "Each pair of commands ran interleaved in ABBA order (A B, B A, A B, …) on the same generated "
        "repository, so that both see the same machine; the ratio is the median of the per-pair "
        "ratios A ÷ B (`tools/bench/paired.py`). Exit codes: a check that found errors still counts.",
        "",
        pairs_table(results, pairs),
        "",
        "## Results",
        "",
        metrics_table(results),
        "",
        "How it is measured:",
        "",
        "- *compile_to, in-process*: `hrosite.build.compile_to` called in the benchmark process into an "
        "empty folder. *Inside the build*: the same call timed inside `mkdocs build` (the plugin's "
        "on_config), wrapped at run time by `tools/bench/driver.py`; the adapter is unchanged.",
        "- *Total build*: `mkdocs build --clean` with the hrosite plugin as a subprocess, from process "
        "start to exit, paired with the engine alone (the stage timings are those of the median build). *Engine alone*: the same MkDocs + Material (theme, overrides, Markdown "
        "extensions, nav, footer facts, search with the same jieba dictionaries) on the already compiled "
        "`build/docs`, without the hrosite plugin (`bench-engine.yml` inherits `mkdocs.yml`).",
        "- *Peak memory*: the child's maximum resident set size from the kernel (`os.wait4` rusage).",
        "- *Page weight*: per page, gzip (level 6) of the HTML plus every stylesheet and script it loads "
        "with an empty cache (unique per page), including Material's search worker, which the bundle "
        "starts on load; without `search/search_index.json`, which `hro-lazy-search.js` holds back until "
        "the search box is used. Images and the favicon are not counted."
        + (f" One page's list, checked against what Chromium requests: "
           + ", ".join(f"`{a}`" for a in base.weight.assets) + f" ({base.weight.assets_kb:.0f} KB gzip)."
           if base.weight.assets else ""),
        "- *Checks*: `check_accessibility` + `check_wcag22` (the gates' own functions) on the page sample "
        "(one page of each kind, then seeded random pages). Links: the gate (`check_links`) has "
        "linkchecker fetch every distinct internal URL of the site once (no #fragments) and checks "
        "every `#anchor` by parsing each built page once (`checks/anchors.py`); so linkchecker runs "
        "with the gate's own configuration (`links.linkcheckerrc`) on a seeded random sample of those "
        "URLs (recursion 0), the anchor check runs on the whole site, and the whole-site time is "
        "projected as distinct URLs × seconds per URL + the anchor check."
        + (" Calibration: the real gate on the whole 1× site took "
           f"{_minutes(base.checks.full_links_seconds)} against a projection of "
           f"{_minutes(links_projected(base))}."
           if base.checks and base.checks.full_links_seconds else ""),
        "",
        *editor_section(env.get("editor")),
        *lighthouse_section(lighthouse),
        *preview_section(env.get("preview")),
        "## Targets",
        "",
        targets_table(results, pairs, lighthouse, env.get("preview")),
        "",
        "## Reading",
        "",
        READING_START,
        reading,
        READING_END,
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
