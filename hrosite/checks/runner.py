"""Run a list of gates, each behind the same crash handling, at the same time or one after another.

A gate is a name and a function returning findings. A gate that raises (Chromium missing, a bug)
gives exactly one error finding naming the gate, never a traceback, and the other gates still
run and report. Findings come back in the order of the list, whatever order the gates finish in,
so a concurrent run reports exactly what a sequential one does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from hrosite.findings import Finding


@dataclass(frozen=True)
class Gate:
    name: str
    run: Callable[[], list[Finding]]
    # Extra durations a gate measures inside itself (the browser pass: each check's own time)
    durations: Callable[[], dict[str, float]] | None = None


@dataclass
class GateResults:
    findings: list[Finding] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)


def run_gates(gates: list[Gate], *, concurrent: bool = True) -> GateResults:
    """Run every gate; with `concurrent`, all at once in threads (they wait on browsers, node,
    linkchecker and files far more than they compute)."""
    if concurrent and len(gates) > 1:
        with ThreadPoolExecutor(max_workers=len(gates), thread_name_prefix="hrosite-gate") as pool:
            outcomes = list(pool.map(guarded, gates))
    else:
        outcomes = [guarded(g) for g in gates]
    results = GateResults()
    for gate, (findings, seconds) in zip(gates, outcomes):
        results.findings += findings
        results.durations[gate.name] = seconds
        if gate.durations is not None:
            results.durations.update(gate.durations())
    return results


def guarded(gate: Gate) -> tuple[list[Finding], float]:
    """The gate's findings and its wall time; a crash becomes one error finding."""
    start = time.perf_counter()
    try:
        findings = list(gate.run())
    except Exception as exc:  # noqa: BLE001 (any crash must become a finding)
        findings = [crash_finding(gate.name, exc)]
    return findings, round(time.perf_counter() - start, 2)


def crash_finding(gate: str, exc: BaseException) -> Finding:
    """The one finding a crashed gate gives: its name and the error, never a traceback."""
    return Finding(
        file="build/site", gate=gate,
        message=f"檢查程式無法完成（gate crashed）: {gate}: {type(exc).__name__}: {exc}",
        hint="這不是內容錯誤；請把這段訊息轉給維護網站程式的人員"
             "（run `make test-deps`, then rerun `hrosite check`）")
