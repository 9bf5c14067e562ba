"""The navigation tree, kept engine-neutral and converted to MkDocs' `nav` format."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

# Material renders every sibling of the current page into that page's menu, even with
# navigation.prune. A section of 1,100 villages would put 1,100 links on each village page
# (page weight and build time growing with N²), so long sections are split into groups of
# at most this many entries. The example office's widest section has 22 entries.
MAX_CHILDREN = 50


@dataclass
class NavItem:
    title: str
    path: str | None = None          # compiled Markdown path, e.g. procedures/index.md
    children: list["NavItem"] = field(default_factory=list)


def page_url(target: str, from_page: str) -> str:
    """A Markdown link from one compiled page to another (MkDocs resolves .md links)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def grouped(children: list[NavItem], limit: int = MAX_CHILDREN) -> list[NavItem]:
    """Split a long list into sub-sections of at most `limit` entries, labelled 「first～last」.

    Groups of groups are made the same way, so every menu level stays short whatever the scale.
    """
    while len(children) > limit:
        children = [_group(children[i:i + limit]) for i in range(0, len(children), limit)]
    return children


@dataclass
class _Group(NavItem):
    """A sub-section made by `grouped`; remembers the titles at its two ends for its label."""
    first: str = ""
    last: str = ""


def _group(items: list[NavItem]) -> NavItem:
    if len(items) == 1:
        return items[0]
    first = items[0].first if isinstance(items[0], _Group) else items[0].title
    last = items[-1].last if isinstance(items[-1], _Group) else items[-1].title
    return _Group(f"{first}～{last}", children=items, first=first, last=last)


def to_mkdocs(items: list[NavItem], limit: int = MAX_CHILDREN) -> list:
    """[{title: path}, {title: [..]}]; a section's own page comes first (navigation.indexes)."""
    result = []
    for item in items:
        if item.children:
            children = to_mkdocs(grouped(item.children, limit), limit)
            entries = ([item.path] if item.path else []) + children
            result.append({item.title: entries})
        else:
            result.append({item.title: item.path})
    return result
