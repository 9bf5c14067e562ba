"""The navigation tree, kept engine-neutral and converted to MkDocs' `nav` format."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field


@dataclass
class NavItem:
    title: str
    path: str | None = None          # compiled Markdown path, e.g. procedures/index.md
    children: list["NavItem"] = field(default_factory=list)


def page_url(target: str, from_page: str) -> str:
    """A Markdown link from one compiled page to another (MkDocs resolves .md links)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def to_mkdocs(items: list[NavItem]) -> list:
    """[{title: path}, {title: [..]}]; a section's own page comes first (navigation.indexes)."""
    result = []
    for item in items:
        if item.children:
            entries = ([item.path] if item.path else []) + to_mkdocs(item.children)
            result.append({item.title: entries})
        else:
            result.append({item.title: item.path})
    return result
