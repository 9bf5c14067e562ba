"""政府資訊公開 pages (issue 4, in progress)."""

from __future__ import annotations

from ..content import SiteContent
from .nav import NavItem
from .output import Output


def compile_disclosures(content: SiteContent, out: Output) -> NavItem | None:
    return None
