"""The live preview rebuilds once per saved source file, not twice."""

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
def test_a_saved_faq_file_costs_one_rebuild(tmp_path):
    root = copy_sources(tmp_path / "src")
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=root, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/faq/death/"
    try:
        assert wait_for(lambda: "常見問答" in fetch(url), 120), "server did not start"
        builds_before = log_path.read_text("utf-8").count("Building documentation")
        faq = root / "faq" / "death.yml"
        question = next(l for l in faq.read_text("utf-8").splitlines() if "question:" in l)
        faq.write_text(faq.read_text("utf-8").replace(question, question + "（已更新）", 1), "utf-8")
        assert wait_for(lambda: "（已更新）" in fetch(url), 120), "the change did not reach the page"
        # A second rebuild, if any, starts right after the first: the compile step's writes to
        # build/docs would trigger it. Give it time to show in the log.
        time.sleep(5)
        log = log_path.read_text("utf-8")
        assert log.count("Building documentation") == builds_before + 1, log[-2000:]
    finally:
        server.terminate()
        server.wait(timeout=20)
