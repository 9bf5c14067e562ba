"""When a loaded page is ready to check, and how many browsers a list of pages gets; which
Chromium and how is hrosite/chromium.py."""

from __future__ import annotations

import os

from hrosite.chromium import ARGS as CHROME_ARGS
from hrosite.chromium import CHROMIUM

__all__ = ["CHROME_ARGS", "CHROMIUM", "SETTLE_JS", "default_workers", "settle", "viewport"]

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


def viewport(width: int) -> dict[str, int]:
    """The window every page-loading gate uses at `width`: a phone in portrait (640 px high)
    below 768 px, else 1024 px high (a tablet in portrait, a 5:4 desktop, pa11y's own default).
    One height per width, so that the gates sharing a load never resize the window in between."""
    return {"width": width, "height": 640 if width < 768 else 1024}


def settle(tab) -> None:
    """Wait for SETTLE_JS in a playwright page; a tab that draws no frames cannot be checked."""
    state = tab.evaluate(SETTLE_JS)
    if state != "visible":
        raise RuntimeError(f"頁面不在前景、不會繪製（page is {state}），無法取得穩定狀態")


def default_workers(pages: int, pages_per_worker: int) -> int:
    """One worker (a browser, or a process with its own browser) per core, each with at least
    `pages_per_worker` pages."""
    return max(1, min(os.cpu_count() or 1, -(-pages // pages_per_worker)))
