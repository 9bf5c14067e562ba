"""Run every quality gate on a built site and collect the findings (`hrosite check`).

Each gate is its own module returning findings; this module only chooses pages, times the
gates and hands everything to the report. The tests call the same gate functions.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..findings import Finding
from ..model.site import load_office
from . import accessibility, layout, links, norm, placeholders, privacy, scripts, selfcontained
from .serve import serve

SOURCE_PATHS = ("site.yml", "content", "faq", "forms/forms.yml", "forms/files", "stats")


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    site_url: str | None = None   # the address the site was built for (its canonical links)

    def gate(self, name: str, function, *args, **kwargs) -> None:
        """Run one gate. A gate that crashes (Chromium missing, a bug) is an error finding, not
        a traceback that ends the run: the other gates still run and the report says why."""
        start = time.perf_counter()
        try:
            self.findings += function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (any crash must become a finding)
            self.findings.append(Finding(
                file="build/site", gate=name,
                message=f"檢查程式無法完成（gate crashed）: {type(exc).__name__}: {exc}",
                hint="這不是內容錯誤；請把這段訊息轉給維護網站程式的人員"
                     "（run `make test-deps`, then rerun `hrosite check`）"))
        self.durations[name] = round(time.perf_counter() - start, 2)


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
               today: dt.date | None = None, freshness=None) -> CheckRun:
    run = CheckRun()
    pages = all_pages(site_dir)
    run.pages = one_page_per_kind(pages) if quick else pages
    kinds = one_page_per_kind(pages)

    run.gate("self-contained", selfcontained.scan_site, site_dir)
    run.gate("privacy", privacy_findings, root, site_dir)
    run.gate("placeholders", placeholders.scan_placeholders, source_paths(root), root)
    run.site_url = published_url(site_dir)
    run.gate("scripts", scripts.scan_site, site_dir, run.site_url)
    run.gate("links", links.check_links, site_dir, external=external, allow_hosts=allow_hosts,
             ignore_prefixes=[run.site_url] if run.site_url else [])
    run.gate("accessibility", accessibility.check_accessibility, site_dir, run.pages)
    run.gate("wcag22", accessibility.check_wcag22, site_dir, run.pages)
    run.gate("norm", norm.check_norm, site_dir, run.pages + ["404.html"] * (site_dir / "404.html").exists())
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
