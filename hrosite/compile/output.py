"""The compiled tree: Markdown pages with front matter plus generated assets.

Kept in memory, then written only where bytes changed, so `mkdocs serve` does not loop on
its own output and two builds of the same sources give the same files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import dump_yaml

from ..dates import show_date
from .metadata import with_page_id


_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\n(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Markdown turns a line break into a space; between two CJK characters that space is wrong."""
    return _CJK_BREAK.sub("", text)


@dataclass
class PageInfo:
    """What other generated pages (網站導覽, 分類檢索) need to know about a page."""

    path: str
    title: str
    updated: dt.date
    description: str | None = None
    service_class: list[str] = field(default_factory=list)
    theme: str | None = None


@dataclass
class Output:
    files: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, PageInfo] = field(default_factory=dict)

    def add_page(self, path: str, *, title: str, updated: dt.date, body: str,
                 meta: dict | None = None, description: str | None = None,
                 service_class: list[str] | None = None, theme: str | None = None,
                 show_updated: bool = True) -> None:
        front = {"title": title, "updated": updated.isoformat()}
        if description:
            front["description"] = description
        front.update(meta or {})
        if "meta_tags" in front:
            front["meta_tags"] = with_page_id(front["meta_tags"], path)
        text = "---\n" + dump_yaml(front) + "---\n\n"
        text += f"# {title}\n\n" + join_cjk_lines(body.strip()) + "\n"
        if show_updated:
            text += (f'\n<p class="hro-updated">更新日期：'
                     f'<time datetime="{updated.isoformat()}">{show_date(updated)}</time></p>\n')
        self.add_bytes(path, text.encode("utf-8"))
        self.pages[path] = PageInfo(path, title, updated, description,
                                    list(service_class or []), theme)

    def add_bytes(self, path: str, data: bytes) -> None:
        if path in self.files:
            raise ValueError(f"two generated files want the same path: {path}")
        self.files[path] = data

    def merge(self, other: "Output") -> None:
        """Add another tree's pages and files (a path written by both is an error)."""
        for path, data in other.files.items():
            self.add_bytes(path, data)
        self.pages.update(other.pages)

    def write(self, out_dir: Path) -> int:
        """Write changed files, delete stale ones; returns how many files changed."""
        out_dir.mkdir(parents=True, exist_ok=True)
        changed = 0
        for rel, data in sorted(self.files.items()):
            target = out_dir / rel
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed += 1
        for existing in sorted(out_dir.rglob("*"), reverse=True):
            rel = existing.relative_to(out_dir).as_posix()
            if existing.is_file() and rel not in self.files:
                existing.unlink()
                changed += 1
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
        return changed
