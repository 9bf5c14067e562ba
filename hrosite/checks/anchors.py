"""Part of gate "links": every `page#anchor` link names an id that exists on its target page.

linkchecker's AnchorCheck plugin fetched a page again for each anchor linked to it (871 URLs on
the example site, four minutes); reading every built page once here takes about a second and
gives the same answer. linkchecker still checks that the pages and files themselves exist.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hrosite.findings import Finding

GATE = "links"
_MAX_ANCHORS_IN_HINT = 12
_MAX_NAME = 40


@dataclass
class _Link:
    href: str
    line: int
    col: int
    text: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects the ids a page offers and the links with a fragment it makes, with positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[_Link] = []
        self._open: list[_Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.append(values["name"])
        if tag in ("a", "area") and "#" in (values.get("href") or ""):
            line, col = self.getpos()
            link = _Link(values["href"], line, col + 1)
            self.links.append(link)
            if tag == "a":
                self._open.append(link)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link.text.append(data)


def check_anchors(site_dir: Path) -> list[Finding]:
    """Findings for links whose fragment is not an id on the (built) target page."""
    site_dir = Path(site_dir)
    parsed = {page.relative_to(site_dir).as_posix(): _parse(page)
              for page in sorted(site_dir.rglob("*.html"))}
    findings = []
    for page, parser in parsed.items():
        if page == "404.html":  # served at any depth with root-absolute links; proves nothing
            continue
        for link in parser.links:
            target, fragment = _resolve(page, link.href, site_dir)
            if target is None or not fragment or fragment.lower() == "top":
                continue  # another host, a file that is not a page, or the page top (HTML spec)
            offered = parsed.get(target)
            if offered is None or fragment in offered.ids:
                continue  # a missing page is linkchecker's finding, not an anchor finding
            findings.append(_finding(page, link, offered.ids))
    return findings


def _parse(page: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def _resolve(page: str, href: str, site_dir: Path) -> tuple[str | None, str]:
    """The built file a link points at (None when outside the site or not HTML) and its anchor."""
    parts = urlsplit(href)
    fragment = unquote(parts.fragment)
    if parts.scheme or parts.netloc:
        return None, fragment
    if not parts.path:
        return page, fragment
    base = "" if parts.path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if target == ".." or target.startswith("../"):
        return None, fragment  # above the site root
    target = "" if target == "." else target
    if parts.path.endswith("/") or (site_dir / target).is_dir():
        target = f"{target}/index.html".lstrip("/")
    return (target if target.endswith(".html") else None), fragment


def _finding(page: str, link: _Link, offered: list[str]) -> Finding:
    name = " ".join("".join(link.text).split())
    if len(name) > _MAX_NAME:
        name = name[: _MAX_NAME - 1] + "…"
    target = link.href + (f"「{name}」" if name else "")
    return Finding(file=page, line=link.line, col=link.col,
                   message=f"錨點不存在（missing anchor）: {target}",
                   hint=_anchor_hint(offered), gate=GATE)


def _anchor_hint(offered: list[str]) -> str:
    if not offered:
        return "目標頁面沒有任何錨點（no anchors on the target page）"
    shown = "、".join(offered[:_MAX_ANCHORS_IN_HINT])
    more = " …" if len(offered) > _MAX_ANCHORS_IN_HINT else ""
    return f"目標頁面可用的錨點（available anchors）: {shown}{more}"
