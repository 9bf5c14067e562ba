"""The editor's local backend: decap-server (from node_modules) writing into a local git checkout.

Binds 127.0.0.1 on a free port; the context manager always stops it. MODE "fs" writes saved
entries straight into the working tree; "git" keeps each unsaved change on a cms/… branch and
merges it on publish, like the pull requests of the GitHub backend.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .install import TOOLS

SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_backend(repo: Path, mode: str = "fs", tools: Path = TOOLS,
                  timeout: float = 20) -> Iterator[str]:
    """Run decap-server for `repo`; yield its API URL, e.g. http://127.0.0.1:40125/api/v1."""
    node = shutil.which("node")
    script = Path(tools) / SERVER
    if node is None or not script.is_file():
        raise FileNotFoundError(f"找不到 node 或 {SERVER}（editor backend not installed）：請執行 npm ci")
    port = free_port()
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE=mode,
               GIT_REPO_DIRECTORY=str(Path(repo).resolve()), LOG_LEVEL="warn")
    proc = subprocess.Popen([node, str(script)], cwd=repo, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        _wait(proc, url, timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait(proc: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, data=b'{"action":"info"}',
                                     headers={"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            raise RuntimeError(f"decap-server 無法啟動（exit {proc.returncode}）：{output[-500:]}")
        try:
            with urllib.request.urlopen(request, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("decap-server 逾時未啟動（timed out）")
