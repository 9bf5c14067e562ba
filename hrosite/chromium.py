"""Which Chromium every browser step launches, and how: the one place that says so.

Debian's package by default; CHROMIUM_PATH overrides it (e.g. a CI image that installs
Chromium elsewhere). As root it needs --no-sandbox; nothing may phone home, so the
background networking, component updates and sync are off.
"""

from __future__ import annotations

import os
import shutil

DEFAULT = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def executable() -> str:
    """CHROMIUM_PATH if set, else `chromium` on PATH, else Debian's path."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or DEFAULT


CHROMIUM = executable()   # resolved once per process, as the gates report it


def args(new_headless: bool = True) -> list[str]:
    """The launch arguments; without `--headless=new` when playwright's own headless mode is wanted."""
    return list(ARGS) if new_headless else [a for a in ARGS if a != "--headless=new"]


def launch(playwright, new_headless: bool = True, **options):
    """A playwright Browser on this Chromium with these arguments."""
    return playwright.chromium.launch(executable_path=executable(), args=args(new_headless), **options)
