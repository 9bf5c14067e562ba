"""What the editor at /admin/ costs to load: bytes raw and gzip, for `make bench`.

"startup" is what the browser fetches to show the editor (the shell, Decap's main bundle, our
preview script, the configuration); "on demand" are Decap's chunks and WebAssembly, fetched only
when a widget needs them. Public pages load none of it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

STARTUP = ("index.html", "decap-cms.js", "preview.js", "config.yml")


def _sizes(paths: list[Path]) -> dict[str, int]:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0)) for p in paths)
    return {"files": len(paths), "raw": raw, "gzip": packed}


def editor_weight(site_dir: Path) -> dict[str, dict[str, int]]:
    """{"startup": {"files", "raw", "gzip"}, "on_demand": {...}} for site_dir/admin/."""
    admin = Path(site_dir) / "admin"
    startup = [admin / name for name in STARTUP]
    missing = [p.name for p in startup if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{admin} 缺少 {'、'.join(missing)}：請先執行 make site")
    on_demand = sorted(p for p in admin.iterdir()
                       if p.is_file() and p.name not in STARTUP and p.suffix in (".js", ".wasm"))
    return {"startup": _sizes(startup), "on_demand": _sizes(on_demand)}
