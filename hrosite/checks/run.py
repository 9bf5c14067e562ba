"""Run every quality gate on a built site and collect the findings (`hrosite check`).

Each gate is its own module returning findings; this module only chooses pages, times the
gates and hands everything to the report. The tests call the same gate functions.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..findings import Finding
from . import accessibility, layout, links, privacy, selfcontained
from .serve import serve

SOURCE_PATHS = ("site.yml", "content", "faq", "forms/forms.yml", "stats")


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def gate(self, name: str, function, *args, **kwargs) -> None:
        start = time.perf_counter()
        self.findings += function(*args, **kwargs)
        self.durations[name] = round(time.perf_counter() - start, 2)


def all_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if p.name != "404.html")


def one_page_per_kind(pages: list[str]) -> list[str]:
    """A page kind = its top-level section and whether it is the section's index page."""
    chosen: dict[tuple, str] = {}
    for page in pages:
        parts = page.split("/")
        kind = (parts[0] if len(parts) > 1 else page, len(parts))
        chosen.setdefault(kind, page)
    return sorted(chosen.values())


def run_checks(root: Path, site_dir: Path, reports_dir: Path, *, quick: bool = False,
               external: bool = False, strict_freshness: bool = False,
               today: dt.date | None = None, freshness=None) -> CheckRun:
    run = CheckRun()
    pages = all_pages(site_dir)
    run.pages = one_page_per_kind(pages) if quick else pages
    kinds = one_page_per_kind(pages)

    run.gate("self-contained", selfcontained.scan_site, site_dir)
    sources = [root / p for p in SOURCE_PATHS if (root / p).exists()]
    run.gate("privacy", lambda: privacy.scan_paths(sources, root)
             + [_in_site(f, site_dir, root) for f in privacy.scan_paths([site_dir], site_dir)])
    own = published_url(site_dir)
    run.gate("links", links.check_links, site_dir, external=external,
             ignore_prefixes=[own] if own else [])
    run.gate("accessibility", accessibility.check_accessibility, site_dir, run.pages)
    run.gate("wcag22", accessibility.check_wcag22, site_dir, run.pages)
    shots = reports_dir / "screenshots"
    with serve(site_dir) as base:
        run.gate("layout", layout.check_layout, base, run.pages, screenshot_dir=shots,
                 screenshot_pages=kinds)
    run.screenshots = sorted(shots.glob("*.png")) if shots.exists() else []
    if freshness is not None:
        found = freshness(today or dt.date.today())
        if strict_freshness:
            found = [_as_error(f) for f in found]
        run.gate("freshness", lambda: found)
    return run


def published_url(site_dir: Path) -> str | None:
    """The site's own address (site_url), read from the home page's canonical link."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"',
                      (site_dir / "index.html").read_text(encoding="utf-8"))
    return match.group(1) if match else None


def _in_site(finding: Finding, site_dir: Path, root: Path) -> Finding:
    """Name built files by their path from the repository root, like source files."""
    try:
        prefix = site_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        prefix = site_dir.as_posix()
    return replace(finding, file=f"{prefix}/{finding.file}")


def _as_error(finding: Finding) -> Finding:
    return replace(finding, severity="error")
