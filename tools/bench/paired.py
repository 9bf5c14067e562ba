"""Paired runs: two commands interleaved A B B A A B …, so that both see the same machine.

On a shared machine the load changes from minute to minute; timing A five times and then B five
times compares two different machines. Interleaving in ABBA order puts A and B side by side in
every pair and balances which of them runs first (a warm cache, a load spike). The ratio reported
is the median of the per-pair ratios A/B, which a slow minute moves much less than the ratio of
two medians.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

MIN_PAIRS = 3


@dataclass
class Pair:
    """n paired wall times of A and B (seconds, in run order) and what each run returned."""

    name: str
    a: str
    b: str
    a_seconds: list[float] = field(default_factory=list)
    b_seconds: list[float] = field(default_factory=list)
    a_exits: list[int] = field(default_factory=list)
    b_exits: list[int] = field(default_factory=list)
    target: float | None = None       # A ≤ target × B, if the pair has a target

    @property
    def n(self) -> int:
        return min(len(self.a_seconds), len(self.b_seconds))

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.a_seconds, self.b_seconds) if b > 0]

    @property
    def ratio(self) -> float | None:
        """Median of the per-pair ratios A/B."""
        return statistics.median(self.ratios) if self.ratios else None

    def summary(self, side: str) -> tuple[float, float] | None:
        """(min, median) seconds of side "a" or "b"."""
        values = self.a_seconds if side == "a" else self.b_seconds
        return (min(values), statistics.median(values)) if values else None

    def met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target

    def to_json(self) -> dict:
        out = asdict(self)
        out.update(n=self.n, ratios=[round(r, 3) for r in self.ratios],
                   ratio=round(self.ratio, 3) if self.ratio is not None else None)
        return out


def order(n: int) -> list[str]:
    """The run order of n pairs: AB BA AB BA …"""
    return [side for i in range(n) for side in (("a", "b") if i % 2 == 0 else ("b", "a"))]


def interleave(pair: Pair, run_a: Callable[[], tuple[float, int]],
               run_b: Callable[[], tuple[float, int]], n: int = MIN_PAIRS,
               progress: Callable[[str], None] = print) -> Pair:
    """Run A and B n times each in ABBA order; each runner returns (wall seconds, exit code)."""
    if n < 1:
        raise ValueError("n ≥ 1")
    for i, side in enumerate(order(n)):
        seconds, code = (run_a if side == "a" else run_b)()
        (pair.a_seconds if side == "a" else pair.b_seconds).append(round(seconds, 3))
        (pair.a_exits if side == "a" else pair.b_exits).append(code)
        label = pair.a if side == "a" else pair.b
        progress(f"  {pair.name}: {i // 2 + 1}/{n} {label}: {seconds:.1f} s"
                 + (f" (exit {code})" if code else ""))
    return pair
