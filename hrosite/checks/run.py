"""Run every quality gate on a built site and collect the findings (`hrosite check`).

Each gate is its own module returning findings; this module only chooses pages, times the
gates and hands everything to the report. The tests call the same gate functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..findings import Finding
from ..model.site import load_office
from . import (accessibility, changed, links, norm, pagepass, placeholders, privacy, scripts,
               selfcontained)
from .runner import Gate, GateResults, run_gates
from .serve import serve

SOURCE_PATHS = ("site.yml", "content", "faq", "forms/forms.yml", "forms/files", "stats")


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    site_url: str | None = None   # the address the site was built for (its canonical links)
    reasons: dict[str, list[str]] = field(default_factory=dict)  # page → why it was checked

    def gate(self, name: str, function, *args, **kwargs) -> None:
        """Run one gate now, behind the runner's crash handling (runner.guarded)."""
        self.add(run_gates([Gate(name, lambda: function(*args, **kwargs))], concurrent=False))

    def add(self, results: GateResults) -> None:
        self.findings += results.findings
        self.durations.update(results.durations)


EDITOR_DIR = "admin/"  # the staff editor (docs/editor.md): not a public page, checked by its own test


def all_pages(site_dir: Path) -> list[str]:
    pages = (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.name != "404.html")
    return sorted(p for p in pages if not p.startswith(EDITOR_DIR))


def one_page_per_kind(pages: list[str]) -> list[str]:
    """A page kind = its top-level section, its depth, and a slug prefix that several pages share.

    stats/village-beiduan/ and stats/dataset-population/ come from different templates; their
    slugs say so ("village-", "dataset-"). A prefix only one page has is no kind of its own.
    """
    def prefix(page: str) -> str:
        parts = page.split("/")
        return parts[-2].split("-")[0] + "-" if len(parts) > 2 and "-" in parts[-2] else ""

    def section(page: str) -> tuple:
        parts = page.split("/")
        return (parts[0] if len(parts) > 1 else page, len(parts))

    shared = Counter((section(p), prefix(p)) for p in pages)
    chosen: dict[tuple, str] = {}
    for page in pages:
        key = (section(page), prefix(page))
        chosen.setdefault(key if shared[key] > 1 else (section(page), ""), page)
    return sorted(chosen.values())


def run_checks(root: Path, site_dir: Path, reports_dir: Path, *, quick: bool = False,
               external: bool = False, allow_hosts: list[str] = (),
               strict_freshness: bool = False,
               today: dt.date | None = None, freshness=None,
               workers: int | None = None, changed_since: str | None = None) -> CheckRun:
    """Every gate on the built site, all at the same time; the page-loading gates share one
    browser pass (pagepass.py).
    `changed_since` (a git ref): the pages changed.select picks, each with its reasons."""
    run = CheckRun()
    pages = all_pages(site_dir)
    kinds = one_page_per_kind(pages)
    run.pages = kinds if quick else pages
    if changed_since:
        selection = changed.select(root, changed_since, pages, kinds)
        run.pages, run.reasons = selection.pages, selection.reasons
    run.site_url = published_url(site_dir)
    shots = reports_dir / "screenshots"
    gates = file_gates(root, site_dir, run.site_url, external=external, allow_hosts=allow_hosts)
    gates.append(Gate("accessibility", lambda: accessibility.check_accessibility(site_dir, run.pages,
                                                                       workers=workers)))
    norm_pages = run.pages + ["404.html"] * (site_dir / "404.html").exists()
    gates.append(browser_pass(site_dir, run.pages, shots, kinds, workers=workers))
    gates.append(Gate("norm", lambda: norm.check_norm(site_dir, norm_pages)))
    if freshness is not None:
        gates.append(Gate("freshness", lambda: _freshness(freshness, today, strict_freshness)))
    run.add(run_gates(gates))
    run.screenshots = sorted(shots.glob("*.png")) if shots.exists() else []
    return run


def file_gates(root: Path, site_dir: Path, site_url: str | None, *, external: bool = False,
               allow_hosts: list[str] = ()) -> list[Gate]:
    """The gates that read files (and linkchecker, which fetches them): no page is rendered."""
    return [
        Gate("self-contained", lambda: selfcontained.scan_site(site_dir)),
        Gate("privacy", lambda: privacy_findings(root, site_dir)),
        Gate("placeholders", lambda: placeholders.scan_placeholders(source_paths(root), root)),
        Gate("scripts", lambda: scripts.scan_site(site_dir, site_url, exclude=(EDITOR_DIR,))),
        Gate("links", lambda: links.check_links(site_dir, external=external, allow_hosts=allow_hosts,
                                                ignore_prefixes=[site_url] if site_url else [])),
    ]


def browser_pass(site_dir: Path, pages: list[str], shots: Path, screenshot_pages: list[str], *,
                 workers: int | None = None) -> Gate:
    """The layout gate, the WCAG 2.2 axe pass, run-time requests to other hosts, failed
    requests to the site and policy refusals, on one load of each page per width (pagepass.py)."""
    timing: dict[str, float] = {}

    def run() -> list[Finding]:
        checks: list[pagepass.PageCheck] = [pagepass.LayoutCheck(screenshot_dir=shots,
                                                                 screenshot_pages=screenshot_pages)]
        found = accessibility.axe_missing()
        if not found:
            checks.append(pagepass.AxeCheck(accessibility.axe_source()))
        with serve(site_dir) as base:
            result = pagepass.run_pass(base, pages, checks, workers=workers)
        timing.update({name: result.durations.get(name, 0.0) for name in ("layout", "wcag22")})
        for recorded in (pagepass.REQUESTS_GATE, pagepass.CSP_GATE):
            timing[recorded] = 0.0  # recorded during the loads, no time of its own
        return found + result.findings

    return Gate("browser", run, durations=lambda: dict(timing))


def _freshness(freshness, today: dt.date | None, strict: bool) -> list[Finding]:
    found = freshness(today or dt.date.today())
    return [_as_error(f) for f in found] if strict else found


def source_paths(root: Path) -> list[Path]:
    return [root / p for p in SOURCE_PATHS if (root / p).exists()]


def privacy_findings(root: Path, site_dir: Path) -> list[Finding]:
    """Sources and built files, less the mobile numbers site.yml says are published."""
    office, _ = load_office(root) if (root / "site.yml").exists() else (None, [])
    allow = office.published_mobiles if office else []
    return (privacy.scan_paths(source_paths(root), root, allow)
            + [_in_site(f, site_dir, root) for f in privacy.scan_paths([site_dir], site_dir, allow)])


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
