"""人口統計 sources: stats/datasets.yml and the monthly CSV files (issue 5, in progress)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from .site import Office


@dataclass
class StatsData:
    """Validated statistics; empty until stats/datasets.yml exists."""

    datasets: list = field(default_factory=list)


def load_stats(root: Path, office: Office) -> tuple[StatsData | None, list[Finding]]:
    if not (root / "stats" / "datasets.yml").exists():
        return None, []
    return StatsData(), []
