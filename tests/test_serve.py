"""`mkdocs serve` (make serve) rebuilds when a YAML source outside docs_dir changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ENV, copy_sources


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_live_reload_picks_up_a_faq_change(tmp_path):
    root = copy_sources(tmp_path / "src")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve",
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/faq/death/"
    try:
        assert wait_for(lambda: "常見問答" in fetch(url), 90), "server did not start"
        faq = root / "faq" / "death.yml"
        question = next(l for l in faq.read_text("utf-8").splitlines() if "question:" in l)
        faq.write_text(faq.read_text("utf-8").replace(question, question + "（已更新）", 1), "utf-8")
        assert wait_for(lambda: "（已更新）" in fetch(url), 90), "the change did not reach the page"
    finally:
        server.terminate()
        server.wait(timeout=20)
