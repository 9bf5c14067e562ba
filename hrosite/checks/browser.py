"""Which Chromium the browser gates launch, how, and when a loaded page is ready to check.

Debian's package by default; CHROMIUM_PATH overrides it (e.g. a CI image that installs
Chromium elsewhere). As root it needs --no-sandbox; nothing may phone home.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

# Bring a loaded page to its settled state before measuring it: web fonts loaded, then two
# animation frames, so that what Material's script does on its first frames after start
# (sizing the sidebars, scrolling the menu to the current page) has happened. These are
# events of the page, not a fixed wait: a busy machine only makes them arrive later.
SETTLE_JS = """
async () => {
  await document.fonts.ready;
  if (document.visibilityState !== "visible") return document.visibilityState;  // draws no frames
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return document.visibilityState;
}
"""


def settle(tab) -> None:
    """Wait for SETTLE_JS in a playwright page; a tab that draws no frames cannot be checked."""
    state = tab.evaluate(SETTLE_JS)
    if state != "visible":
        raise RuntimeError(f"頁面不在前景、不會繪製（page is {state}），無法取得穩定狀態")
