"""Load, validate, compile and write build/docs/: the engine-independent part of a build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .compile import Compiled, compile_site
from .compile.nav import NavItem
from .content import SiteContent, load_site
from .findings import Finding, errors
from .kinds import KINDS
from .pagelinks import page_link_findings

# What the preview watches: site.yml and the top folder of every content kind (kinds.py).
SOURCE_DIRS = ("site.yml", *sorted({k.folder.split("/")[0] for k in KINDS if k.folder}))


@dataclass
class BuildResult:
    findings: list[Finding]
    content: SiteContent | None = None
    nav: list[NavItem] = field(default_factory=list)
    changed: int = 0
    compiled: Compiled | None = None

    @property
    def ok(self) -> bool:
        return not errors(self.findings)

    def latest_update(self) -> dt.date | None:
        """The newest content date: the build's timestamp, so output never depends on the clock."""
        return self.content.reference_date() if self.content is not None else None


def compile_to(root: Path, docs_dir: Path, site_url: str | None = None) -> BuildResult:
    content, findings = load_site(root)
    if content is None or errors(findings):
        return BuildResult(sorted(findings, key=_order), content)
    compiled = compile_site(content, site_url)
    findings += compiled.findings
    findings += page_link_findings(content.pages, compiled.output.files)
    if errors(findings):
        return BuildResult(sorted(findings, key=_order), content)
    changed = compiled.output.write(docs_dir)
    return BuildResult(sorted(findings, key=_order), content, compiled.nav, changed, compiled)


def _order(finding: Finding):
    return (finding.file, finding.line or 0, finding.col or 0, finding.message)
