"""政府資訊公開 (§7) items: content/disclosures/*.yml (issue 4, in progress)."""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding


def load_disclosures(root: Path) -> tuple[list, list[Finding]]:
    return [], []
