"""Which Chromium the browser gates launch, and how (TOOLCHAIN.md §3a).

Debian's package by default; CHROMIUM_PATH overrides it (e.g. a CI image that installs
Chromium elsewhere). As root it needs --no-sandbox; nothing may phone home.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
