"""Copy the editor into build/site/admin/: the shell page, its preview script, the generated
configuration and Decap CMS's own files from node_modules (installed from package-lock.json).

Only the files the browser loads are copied (no source maps); the public gates skip admin/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .config import config_text

TOOLS = Path(__file__).resolve().parents[2]   # the checkout: admin/, package.json, node_modules/

DIST = Path("node_modules") / "decap-cms" / "dist"
SHELL = ("index.html", "preview.js")


class EditorMissing(RuntimeError):
    """node_modules has no Decap CMS: `npm ci` has not run."""


def dist_files(root: Path) -> list[Path]:
    """Decap's main bundle, its lazily loaded chunks, WebAssembly and licence notice."""
    dist = root / DIST
    if not (dist / "decap-cms.js").is_file():
        raise EditorMissing(f"找不到 {DIST}/decap-cms.js（editor not installed）：請執行 npm ci")
    names = sorted(dist.glob("*decap-cms.js")) + sorted(dist.glob("*.wasm"))
    return names + [dist / "decap-cms.js.LICENSE.txt"]


def preview_styles(site_dir: Path) -> list[str]:
    """The site's stylesheets as URLs relative to /admin/ (hashed names change per Material build)."""
    sheets = site_dir / "assets" / "stylesheets"
    found = sorted(sheets.glob("main.*.min.css")) + sorted(sheets.glob("palette.*.min.css"))
    found += [p for p in [sheets / "hrosite.css"] if p.is_file()]
    return ["../" + p.relative_to(site_dir).as_posix() for p in found]


def install_editor(root: Path, site_dir: Path, config: str | None = None,
                   tools: Path = TOOLS) -> Path:
    """Write site_dir/admin/ and return it; `config` replaces the one generated for `root`."""
    root, site_dir, tools = Path(root), Path(site_dir), Path(tools)
    files = dist_files(tools)
    target = site_dir / "admin"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, target / path.name)
    shutil.copy2(tools / "admin" / "preview.js", target / "preview.js")
    shell = (tools / "admin" / "index.html").read_text(encoding="utf-8")
    styles = json.dumps(preview_styles(site_dir)).replace('"', "&quot;")
    shell = shell.replace('data-preview-styles="[]"', f'data-preview-styles="{styles}"')
    (target / "index.html").write_text(shell, encoding="utf-8")
    (target / "config.yml").write_text(config or config_text(root), encoding="utf-8")
    return target
