"""Run the engine (MkDocs + Material) on the repository's mkdocs.yml."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import yaml

DEFAULT_DEV_ADDR = "127.0.0.1:8000"   # MkDocs' default when mkdocs.yml sets no dev_addr


def render(root: Path, *, serve: bool = False, config: str = "mkdocs.yml",
           site_dir: Path | None = None, dev_addr: str | None = None) -> int:
    """Call MkDocs as a subprocess so that engine logs and exit codes stay its own.

    The preview is incremental (`--dirty`): the hrosite plugin keeps the menu and the search
    index whole and rebuilds every page when the menu changes (hrosite/preview.py)."""
    if serve:
        problem = port_problem(dev_addr or _dev_addr(root / config))
        if problem:
            print(problem, file=sys.stderr)
            return 1
    command = [sys.executable, "-m", "mkdocs", "serve" if serve else "build", "-f", config]
    if serve:
        command.append("--dirty")
        if dev_addr:
            command += ["--dev-addr", dev_addr]
    else:
        command.append("--clean")
        if site_dir is not None:
            command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    engine = subprocess.Popen(command, cwd=root, env=env)
    # A stopped `hrosite serve` (SIGTERM from a service manager, a test, an editor) stops the
    # engine too; otherwise the preview server would go on without its parent. Ctrl-C reaches
    # both already (the terminal signals the whole process group).
    try:
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: engine.terminate())
    except ValueError:   # not the main thread: no handler, as before
        previous = None
    try:
        return engine.wait()
    except KeyboardInterrupt:
        engine.wait()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _dev_addr(config: Path) -> str:
    """The preview address from mkdocs.yml (MkDocs' own tags are not needed for one key)."""
    try:
        text = config.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("dev_addr:"):
                return str(yaml.safe_load(line.partition(":")[2]) or DEFAULT_DEV_ADDR)
    except (OSError, yaml.YAMLError):
        pass
    return DEFAULT_DEV_ADDR


def port_problem(address: str) -> str | None:
    """Why the preview cannot listen on `address` (a port already taken), said before MkDocs
    starts, so staff get one line instead of its OSError traceback."""
    host, _, port = address.rpartition(":")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
            probe.bind((host.strip("[]"), int(port)))
    except (OSError, ValueError) as exc:
        return (f"無法啟動預覽（cannot serve）：{address} 已被其他程式使用或無法使用"
                f"（{getattr(exc, 'strerror', None) or exc}）。"
                "請先關閉另一個預覽視窗（例如另一個 make serve），或在 mkdocs.yml 設定 dev_addr: 127.0.0.1:8001")
    return None
