"""Search quality, measured in a real browser.

content/search/queries.yml lists what citizens type and the page each query must find. The
runner opens the built site in headless Chromium, types every query into Material's
search box, reads the result list and records the rank of each expected page. Recall is
counted within the first `TOP` results. The report (JSON + Markdown) lists every query,
the expected pages and the rank found.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import chromium
from ..findings import Finding
from ..sources import Document, load_yaml_file

TOP = 5
# Material's zh-TW result messages (partials/languages/zh-TW.html): the search has answered.
_ANSWERED = re.compile(r"找到 \S+ 個符合的項目|沒有符合的項目")
_HINT = "每一筆寫成 - q: 查詢字詞 與 expect: 網頁路徑（例如 procedures/id-card/）"


@dataclass(frozen=True)
class Query:
    q: str
    expect: tuple[str, ...]   # site paths: "procedures/id-card/", "" for the home page
    line: int
    note: str | None = None


@dataclass
class QueryResult:
    q: str
    expect: list[str]
    ranks: dict[str, int | None]       # expected page → rank (1-based) or None
    results: list[str]                 # the first TOP result pages, in order
    count: str = ""                    # Material's "找到 n 個符合的項目"
    line: int = 0
    note: str | None = None

    @property
    def found(self) -> int:
        return sum(1 for rank in self.ranks.values() if rank is not None and rank <= TOP)

    @property
    def passed(self) -> bool:
        return self.found == len(self.expect)


@dataclass
class QualityReport:
    results: list[QueryResult]
    index: dict = field(default_factory=dict)     # sizes: raw/gzip before and after
    lazy: dict = field(default_factory=dict)      # does the index load before search is used?

    @property
    def expected(self) -> int:
        return sum(len(r.expect) for r in self.results)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def failures(self) -> list[QueryResult]:
        return [r for r in self.results if not r.passed]

    def to_dict(self) -> dict:
        return {
            "top": TOP,
            "queries": len(self.results),
            "passed": len(self.results) - len(self.failures()),
            "expected_pages": self.expected,
            "found_pages": self.found,
            "recall_at_5": round(self.recall, 4),
            "index": self.index,
            "lazy_loading": self.lazy,
            "results": [{**asdict(r), "passed": r.passed} for r in self.results],
        }


def normalize(path: str) -> str:
    """A site path as written by staff or read from a link: no leading /, no index.html, no #."""
    path = unquote(urlsplit(path.strip()).path).lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def load_queries(path: Path, rel: str) -> tuple[list[Query], list[Finding]]:
    doc, findings = load_yaml_file(path, rel)
    if doc is None:
        return [], findings
    queries, problems = parse_queries(doc)
    return queries, findings + problems


def parse_queries(doc: Document) -> tuple[list[Query], list[Finding]]:
    data = doc.data.get("queries") if isinstance(doc.data, dict) else None
    if not isinstance(data, list):
        return [], [doc.finding(("queries",), "缺少 queries: 清單（required list）", _HINT)]
    queries: list[Query] = []
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        where = ("queries", index)
        if not isinstance(item, dict) or not isinstance(item.get("q"), (str, int)):
            findings.append(doc.finding(where, "每一筆都要有 q:（查詢字詞）", _HINT))
            continue
        unknown = sorted(set(item) - {"q", "expect", "note"})
        if unknown:
            findings.append(doc.finding(where + (unknown[0],), f"未知的欄位（unknown key）：{unknown[0]}",
                                        "可用的欄位：q、expect、note"))
            continue
        q = str(item["q"]).strip()
        expect = item.get("expect")
        expect = [expect] if isinstance(expect, str) else expect
        if not expect or not all(isinstance(e, str) for e in expect):
            findings.append(doc.finding(where + ("expect",), f"「{q}」缺少 expect:（應找到的網頁路徑）", _HINT))
            continue
        line, _ = doc.where(where)
        if q in seen:
            findings.append(doc.finding(where + ("q",), f"「{q}」重複（duplicate），第 {seen[q]} 行已經寫過",
                                        "把 expect 合併到同一筆"))
            continue
        seen[q] = line
        queries.append(Query(q, tuple(normalize(e) for e in expect), line, item.get("note")))
    return queries, findings


def missing_pages(queries: list[Query], site_dir: Path, rel: str) -> list[Finding]:
    """An expected page that the built site does not have is a mistake in the query file."""
    findings = []
    for query in queries:
        for page in query.expect:
            target = site_dir / page / "index.html" if page == "" or page.endswith("/") else site_dir / page
            if not target.is_file():
                findings.append(Finding(rel, query.line, None, "expect",
                                        f"「{query.q}」的 expect「{page or '/'}」不是網站上的網頁（page not found）",
                                        "路徑寫成網址的樣子，例如 procedures/id-card/"))
    return findings


def rank_of(page: str, results: list[str]) -> int | None:
    return next((n for n, found in enumerate(results, 1) if found == page), None)


def run_queries(base_url: str, queries: list[Query], start_page: str = "") -> list[QueryResult]:
    """Type each query into the search box of one open page and read the ranked result pages."""
    from playwright.sync_api import sync_playwright

    results: list[QueryResult] = []
    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            page = browser.new_context(service_workers="block").new_page()
            page.goto(base_url + start_page)
            box = page.locator("input.md-search__input")
            meta = page.locator(".md-search-result__meta")
            box.click()
            placeholder = None
            for query in queries:
                # Clear first, so the next answer cannot be mistaken for the previous one.
                box.fill("")
                box.press("End")
                if placeholder is None:
                    page.wait_for_function(
                        "() => !document.querySelector('.md-search-result__meta').textContent"
                        ".includes('初始化')")
                    placeholder = meta.inner_text().strip()
                page.wait_for_function(
                    "p => document.querySelector('.md-search-result__meta').textContent.trim() === p",
                    arg=placeholder)
                # CJK text arrives via insertText, which fires no key events; Material searches on
                # keyup, so press a key afterwards.
                box.fill(query.q)
                box.press("End")
                page.wait_for_function(
                    "re => new RegExp(re).test(document.querySelector('.md-search-result__meta').textContent)",
                    arg=_ANSWERED.pattern)
                hrefs = page.eval_on_selector_all(
                    ".md-search-result__list > li > a:first-child",
                    f"els => els.slice(0, {TOP}).map(e => e.href)")
                found = [normalize(_site_path(h, base_url)) for h in hrefs]
                results.append(QueryResult(
                    query.q, list(query.expect), {p: rank_of(p, found) for p in query.expect},
                    found, meta.inner_text().strip(), query.line, query.note))
        finally:
            browser.close()
    return results


def check_lazy_loading(base_url: str, start_page: str = "") -> dict:
    """Is search/search_index.json fetched before the search box is used, and after?"""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            page = browser.new_context(service_workers="block").new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base_url + start_page, wait_until="networkidle")
            page.wait_for_timeout(500)
            on_load = any("search_index.json" in u for u in requests)
            page.locator("input.md-search__input").click()
            page.wait_for_function(
                "() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')",
                timeout=10_000)
            on_use = any("search_index.json" in u for u in requests)
            requests.clear()
            page.goto(base_url + start_page + "?q=" + "身分證", wait_until="networkidle")
            page.wait_for_selector(".md-search-result__list li", timeout=10_000)
            deep_link = any("search_index.json" in u for u in requests)
        finally:
            browser.close()
    return {"loaded_on_page_load": on_load, "loaded_when_search_used": on_use,
            "loaded_for_deep_link": deep_link}


def write_report(report: QualityReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "search.json", out_dir / "search.md"
    json_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    md_path.write_text(markdown_report(report), "utf-8")
    return json_path, md_path


def markdown_report(report: QualityReport) -> str:
    data = report.to_dict()
    lines = ["# Search quality report", "",
             f"- Queries passed: {data['passed']} / {data['queries']}",
             f"- Recall within the first {TOP} results: {data['found_pages']} / "
             f"{data['expected_pages']} expected pages ({data['recall_at_5']:.1%})"]
    if report.index:
        idx = report.index
        line = f"- Search index: {idx.get('raw_bytes', 0):,} bytes raw, {idx.get('gzip_bytes', 0):,} bytes gzip"
        if "material_raw_bytes" in idx:
            line += (f" (as Material wrote it: {idx['material_raw_bytes']:,} raw, "
                     f"{idx['material_gzip_bytes']:,} gzip)")
        lines.append(line)
    if report.lazy:
        lines.append(f"- Index fetched on page load: {'yes' if report.lazy.get('loaded_on_page_load') else 'no'}; "
                     f"when the search box is used: {'yes' if report.lazy.get('loaded_when_search_used') else 'no'}")
    lines += ["", "| # | Query | Expected page | Rank | Top results |", "|---|---|---|---|---|"]
    for n, result in enumerate(report.results, 1):
        for page in result.expect:
            rank = result.ranks[page]
            shown = str(rank) if rank is not None and rank <= TOP else f"**not in top {TOP}**"
            top = ", ".join(f"`/{p}`" for p in result.results) or "(none)"
            lines.append(f"| {n} | {result.q} | `/{page}` | {shown} | {top} |")
    return "\n".join(lines) + "\n"


def _site_path(href: str, base_url: str) -> str:
    return href[len(base_url):] if href.startswith(base_url) else urlsplit(href).path
