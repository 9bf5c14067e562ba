"""The live preview's own rules (`hrosite serve`), engine-independent.

- **Rebuild what changed.** The compile step writes only the compiled files whose bytes changed,
  so an incremental engine build (`mkdocs serve --dirty`) renders exactly the pages a saved
  source affects. What every page shows (the menu, the office's name, the news banner, the
  theme) is summed up in `site_signature`; when it changes, every page is marked changed.
- **Keep the search index whole.** An incremental build indexes only the pages it rendered;
  `merge_index` puts them in place of their old entries and keeps every other page's.
- **Show errors where staff look.** When the sources have errors the previous pages are set
  aside (`ErrorPages`) and every address shows a page that lists the errors with file:line:col,
  until the next good build puts the pages back.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path

from .findings import Finding
from .sources import for_staff


def site_signature(*parts: object) -> str:
    """A digest of what every page shows besides its own content."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def mark_all_changed(docs_dir: Path) -> int:
    """Make every compiled page newer than its last rendering, so the next build renders all."""
    count = 0
    for path in docs_dir.rglob("*.md"):
        os.utime(path)
        count += 1
    return count


def _page_of(entry: dict) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


def merge_index(previous: list[dict], current: list[dict], rendered: set[str]) -> list[dict]:
    """The whole site's search entries: `current` for the pages rendered now (`rendered`, by
    URL), `previous` for every other page, in the previous order (new pages at the end)."""
    fresh: dict[str, list[dict]] = {}
    for entry in current:
        fresh.setdefault(_page_of(entry), []).append(entry)
    out: list[dict] = []
    placed: set[str] = set()
    for entry in previous:
        page = _page_of(entry)
        if page in rendered or page in fresh:
            if page not in placed:
                out += fresh.get(page, [])
                placed.add(page)
            continue
        out.append(entry)
    for page, entries in fresh.items():
        if page not in placed:
            out += entries
    return out


def error_page(findings: list[Finding]) -> str:
    """A plain page listing the errors (no theme: the theme's data may be what is broken)."""
    errors = [for_staff(f) for f in findings if f.severity == "error"]
    items = "\n".join(f"<li><code>{html.escape(f.location())}</code> "
                      f"{html.escape(f.format_text()[len(f.location()) + 1:].strip())}</li>"
                      for f in errors)
    return f"""<!doctype html>
<html lang="zh-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>內容有 {len(errors)} 個錯誤（content errors）－預覽</title>
<style>
body {{ font: 1rem/1.6 system-ui, "Noto Sans CJK TC", sans-serif; margin: 0 auto; max-width: 48rem;
       padding: 1rem; color: #1a1a1a; background: #fff; }}
h1 {{ font-size: 1.5rem; color: #8a1c1c; }}
li {{ margin-bottom: .75rem; overflow-wrap: anywhere; }}
code {{ background: #f2f2f2; padding: 0 .2em; }}
</style>
</head>
<body>
<main>
<h1>預覽暫停：內容有 {len(errors)} 個錯誤（content errors）</h1>
<p>網站沒有更新。請依下列位置（檔案:行:欄）修正並存檔，本頁會自動重新整理。</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


class ErrorPages:
    """Every page of the preview replaced by the error page, and put back afterwards.

    Put back with its old modification time, so the incremental build still sees which
    compiled pages are newer than their rendering.
    """

    def __init__(self) -> None:
        self.shelved: dict[Path, tuple[bytes, int]] = {}
        self.created: set[Path] = set()

    @property
    def showing(self) -> bool:
        return bool(self.shelved or self.created)

    def show(self, site_dir: Path, findings: list[Finding]) -> None:
        page = error_page(findings).encode("utf-8")
        for path in sorted(site_dir.rglob("*.html")):
            if path not in self.shelved and path not in self.created:
                self.shelved[path] = (path.read_bytes(), path.stat().st_mtime_ns)
            path.write_bytes(page)
        for name in ("index.html", "404.html"):   # the server answers a missing page with 404.html
            path = site_dir / name
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(page)
                self.created.add(path)

    def restore(self) -> None:
        for path, (data, mtime) in self.shelved.items():
            path.write_bytes(data)
            os.utime(path, ns=(mtime, mtime))
        for path in self.created:
            path.unlink(missing_ok=True)
        self.shelved.clear()
        self.created.clear()
