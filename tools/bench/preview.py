"""Save-to-visible time of the live preview (`hrosite serve`) on a copy of the sources.

`measure_preview(root)` starts the preview of `root` (a disposable copy) on a free port, then
saves a FAQ file and a procedure `n` times each, one edit at a time, and times how long until
the page served shows the edit (polled every 50 ms). Nothing here asserts on time; the tests
use the same helpers to check that an edit shows at all (tests/test_preview.py).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONHASHSEED": "0"}
POLL = 0.05
# What each kind of edit changes, and where it shows.
EDITS = {
    "faq": ("faq/death.yml", "question:", "faq/death/"),
    "procedure": ("content/procedures/acknowledgement-registration.yml", "where:",
                  "procedures/acknowledgement-registration/"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float, poll: float = POLL) -> float | None:
    """Seconds until predicate() held, or None after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(poll)
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (Linux /proc), so that a
    rebuild's cost can be read apart from how busy a shared machine is."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class Preview:
    """A running `hrosite serve` of `root` (or `command`, given the port), its log in `log_path`."""

    root: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    command: list[str] | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, seconds: float = 300) -> None:
        with self.log_path.open("w") as log:
            command = [part.replace("{addr}", f"127.0.0.1:{self.port}") for part in self.command] \
                if self.command else [sys.executable, "-m", "hrosite", "--root", str(self.root),
                                      "serve", "--dev-addr", f"127.0.0.1:{self.port}"]
            self.process = subprocess.Popen(command, cwd=self.root, env=dict(os.environ, **ENV, **self.env),
                                            stdout=log, stderr=subprocess.STDOUT)
        if wait_for(lambda: "</html>" in fetch(self.base + "faq/death/", 5), seconds, 0.5) is None:
            self.stop()
            raise RuntimeError(f"the preview did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")

    def builds(self) -> int:
        return self.log().count("Building documentation")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Preview":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def edit(root: Path, kind: str, marker: str) -> str:
    """Append `marker` to the first `key:` line of the kind's file; returns the page path."""
    rel, key, page = EDITS[kind]
    path = root / rel
    lines = path.read_text("utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if line.strip().startswith(key))
    lines[n] = lines[n] + marker
    path.write_text("\n".join(lines), "utf-8")
    return page


def save_to_visible(preview: Preview, kind: str, marker: str, seconds: float = 120) -> float | None:
    """Save one edit and wait until the page shows it."""
    page = edit(preview.root, kind, marker)
    return wait_for(lambda: marker in fetch(preview.base + page), seconds)


@dataclass
class PreviewTimes:
    kind: str
    seconds: list[float]
    cpu: list[float] = field(default_factory=list)   # CPU seconds the server spent per save

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)


def measure_preview(root: Path, log_path: Path, n: int = 10, pause: float = 1.0,
                    progress=print) -> list[PreviewTimes]:
    """n saves of a FAQ file and n of a procedure, alternating, each timed save-to-visible."""
    with Preview(root, log_path) as running:
        return timed_saves({"": running}, n, pause, progress)[""]


def timed_saves(servers: dict[str, Preview], n: int = 10, pause: float = 1.0,
                progress=print) -> dict[str, list[PreviewTimes]]:
    """n saves of each kind on each running server, interleaved (server by server, kind by kind)
    so that a shared machine's load falls on all of them alike."""
    times = {label: {kind: PreviewTimes(kind, []) for kind in EDITS} for label in servers}
    for i in range(n):
        for kind in EDITS:
            for label, running in servers.items():
                cpu = cpu_seconds(running.process.pid)
                took = save_to_visible(running, kind, f"（預覽測試 {kind} {i + 1}）")
                if took is None:
                    raise RuntimeError(f"edit {i + 1} of the {kind} never showed:\n{running.log()[-3000:]}")
                time.sleep(pause)   # let the server settle (a late second rebuild counts too)
                used = cpu_seconds(running.process.pid) - cpu
                times[label][kind].seconds.append(round(took, 3))
                times[label][kind].cpu.append(round(used, 2))
                progress(f"  preview {label} {kind} {i + 1}/{n}: {took:.2f} s, {used:.2f} s CPU")
    return {label: list(kinds.values()) for label, kinds in times.items()}


SOURCES = ("site.yml", "mkdocs.yml", "content", "faq", "forms", "stats", "overrides")


def preview_times(repo: Path, work: Path, n: int = 10, progress=print) -> dict:
    """measure_preview on a copy of `repo`'s sources under `work`; a JSON-ready summary."""
    import shutil

    root = work / "preview-site"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in SOURCES:
        source = repo / name
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    results = measure_preview(root, work / "preview-serve.log", n, progress=progress)
    return {r.kind: {"n": len(r.seconds), "min": r.minimum, "median": r.median, "seconds": r.seconds,
                     "cpu_median": statistics.median(r.cpu), "cpu": r.cpu}
            for r in results}


def main() -> int:
    """python -m tools.bench.preview [n]: on a copy of this repository's sources."""
    import json
    import tempfile

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory(prefix="hrosite-preview-") as tmp:
        summary = preview_times(Path.cwd(), Path(tmp), n)
    for kind, r in summary.items():
        print(f"{kind}: n={r['n']} min {r['min']:.2f} s median {r['median']:.2f} s  {r['seconds']}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
