"""Lighthouse (mobile preset) on one page of every page kind, served locally with gzip.

Lighthouse comes from package-lock.json (node_modules/.bin/lighthouse) and drives the system
Chromium through CHROME_PATH; it downloads nothing. Its default configuration is the mobile
preset: a Moto G-class screen, 4× CPU slowdown and simulated slow 4G. Its simulation counts
bytes on the wire, so the site is served the way a static host serves it, text compressed with
gzip (`GzipHandler`); Python's plain http.server would send every stylesheet uncompressed.

Runs are interleaved (every page once per round, `rounds` rounds) and the median counts. The
total blocking time is the page's main-thread work measured on this CPU and multiplied by 4, so
it follows the machine's load: the load average before each run is kept beside the scores.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from hrosite.checks.browser import CHROMIUM
from hrosite.checks.serve import serve

# Page kind → how to find its first page in a built site (a folder pattern below the site).
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "procedure": "procedures/*/index.html",
    "FAQ": "faq/*/index.html",
    "village statistics": "stats/village-*/index.html",
    "news": "news/*/index.html",
    "disclosure": "disclosures/*/index.html",
    "English": "en/index.html",
}
METRICS = {   # Lighthouse audit id → label
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
TARGETS = {"performance": 0.95, "best-practices": 1.0}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


@dataclass
class PageRuns:
    """Every run of one page: category scores and metric values (ms; CLS unitless)."""

    kind: str
    page: str
    performance: list[float] = field(default_factory=list)
    best_practices: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    failing: dict[str, str] = field(default_factory=dict)   # audit id → title, any run
    load: list[float] = field(default_factory=list)   # 1-minute load average before each run

    def median(self, values: list[float]) -> float | None:
        return statistics.median(values) if values else None

    def met(self) -> bool:
        perf, bp = self.median(self.performance), self.median(self.best_practices)
        return (perf is not None and bp is not None
                and perf >= TARGETS["performance"] and bp >= TARGETS["best-practices"])

    def to_json(self) -> dict:
        return asdict(self)


def pages_by_kind(site: Path) -> dict[str, str]:
    """Page kind → the first page of that kind in `site` (sorted), as a site-relative path."""
    out: dict[str, str] = {}
    for kind, pattern in PAGE_KINDS.items():
        found = sorted(str(p.relative_to(site)) for p in site.glob(pattern))
        if found:
            out[kind] = found[0]
    return out


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the client accepts it, like a static host."""

    def send_head(self):  # noqa: ANN201 (stdlib signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()   # the redirect to dir/
            path = path / "index.html"
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not (accepts and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        """No request log: the report carries the numbers."""


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve_gzip(site: Path) -> AbstractContextManager[str]:
    """Serve `site` on a free loopback port with gzip; yield the base URL."""
    return serve(site, GzipHandler)


def lighthouse_binary(root: Path) -> Path | None:
    path = root / "node_modules" / ".bin" / "lighthouse"
    return path if path.exists() else None


def run_once(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset, performance and best practices); its JSON report."""
    command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=performance,best-practices", f"--chrome-flags={CHROME_FLAGS}"]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}): {proc.stderr[-800:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def record(runs: PageRuns, report: dict) -> None:
    """Add one Lighthouse JSON report to `runs`."""
    categories = report["categories"]
    runs.performance.append(categories["performance"]["score"] or 0.0)
    runs.best_practices.append(categories["best-practices"]["score"] or 0.0)
    audits = report["audits"]
    for audit, label in METRICS.items():
        value = audits.get(audit, {}).get("numericValue")
        if value is not None:
            runs.metrics.setdefault(label, []).append(round(value, 3 if label == "CLS" else 0))
    for ref in categories["best-practices"]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            runs.failing[ref["id"]] = audit.get("title", ref["id"])
    for ref in categories["performance"]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        if (not ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9
                and audit.get("details", {}).get("type") == "opportunity"):
            runs.failing[ref["id"]] = audit.get("title", ref["id"])


def measure_pages(root: Path, site: Path, rounds: int = 3, progress=print,
                  pages: dict[str, str] | None = None) -> list[PageRuns] | None:
    """Lighthouse `rounds` times on each page kind, interleaved; None without Lighthouse."""
    binary = lighthouse_binary(root)
    if binary is None or not shutil.which("node"):
        return None
    chosen = pages or pages_by_kind(site)
    results = {kind: PageRuns(kind, page) for kind, page in chosen.items()}
    with tempfile.TemporaryDirectory(prefix="hrosite-lighthouse-") as tmp, serve_gzip(site) as base:
        for n in range(rounds):
            for kind, page in chosen.items():
                url = base + page.removesuffix("index.html")
                results[kind].load.append(round(os.getloadavg()[0], 1))
                report = run_once(binary, url, Path(tmp) / f"{n}.json")
                record(results[kind], report)
                progress(f"  lighthouse {n + 1}/{rounds} {kind}: performance "
                         f"{results[kind].performance[-1]:.2f}, best practices "
                         f"{results[kind].best_practices[-1]:.2f}")
    return list(results.values())
