"""人口統計 pages (issue 5, in progress)."""

from __future__ import annotations

from ..content import SiteContent
from .nav import NavItem
from .output import Output


def compile_stats(content: SiteContent, out: Output) -> NavItem | None:
    return None
