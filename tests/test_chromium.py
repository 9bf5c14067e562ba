"""One place decides which Chromium runs and how, and CHROMIUM_PATH is honoured everywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from hrosite import chromium


def test_chromium_path_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "my-chromium"))
    assert chromium.executable() == str(tmp_path / "my-chromium")
    monkeypatch.delenv("CHROMIUM_PATH")
    assert chromium.executable() == (shutil.which("chromium") or chromium.DEFAULT)


def test_launch_uses_chromium_path(monkeypatch, tmp_path):
    """A launch through the shared helper fails on the missing binary CHROMIUM_PATH names."""
    sync_api = pytest.importorskip("playwright.sync_api")
    missing = tmp_path / "no-such-chromium"
    monkeypatch.setenv("CHROMIUM_PATH", str(missing))
    with sync_api.sync_playwright() as pw, pytest.raises(sync_api.Error, match=str(missing)):
        chromium.launch(pw)


def test_headless_flag_is_optional():
    assert "--headless=new" in chromium.args() and "--headless=new" not in chromium.args(False)
    assert "--disable-background-networking" in chromium.args(False)


def test_every_gate_reads_the_same_setting(tmp_path):
    """Set before the process starts, the path reaches every gate (search quality launches through
    `chromium.launch`, tested above)."""
    code = ("import hrosite.checks.accessibility as a, hrosite.checks.layout as l, hrosite.checks.browser as b;"
            "print(a.CHROMIUM, l.CHROMIUM, b.CHROMIUM)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"CHROMIUM_PATH": "/opt/x/chromium", "PATH": "/usr/bin:/bin"}).stdout.split()
    assert out == ["/opt/x/chromium"] * 3
