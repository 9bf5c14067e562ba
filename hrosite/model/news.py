"""最新消息: content/news/*.md (issue 4, in progress)."""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding


def load_news(root: Path) -> tuple[list, list[Finding]]:
    return [], []
