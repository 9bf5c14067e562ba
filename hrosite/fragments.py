"""Pre-rendered HTML that skips the Markdown path: placeholders in the page, files beside it.

The compile step writes a large block of finished HTML (a chart with its data table, a long
table) as its own file under a `.fragments/` folder of the compiled tree and leaves a one-line
HTML comment in the page's Markdown. Markdown passes an HTML comment through untouched, so the
block is neither parsed as Markdown nor read by the search indexer; the engine adapter puts it
back into the page's HTML afterwards (`inject`). MkDocs skips dot-folders (`exclude_docs`), so
the fragment files are not published on their own.

The comment carries the fragment's SHA-256 prefix: when a fragment changes, its page's Markdown
changes too, so an incremental (`--dirty`) rebuild rebuilds that page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

FOLDER = ".fragments"
_PLACEHOLDER = re.compile(r"<!-- hrosite-fragment ([^ ]+) ([0-9a-f]{12}) -->")


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:12]


def placeholder(path: str, html: str) -> str:
    """The one line the Markdown carries instead of `html` (written to `path`)."""
    return f"<!-- hrosite-fragment {path} {digest(html)} -->"


def fragment_path(page: str, number: int) -> str:
    """stats/village-x.md, 3 -> stats/.fragments/village-x-3.html (beside the page)."""
    folder, _, name = page.rpartition("/")
    stem = name.removesuffix(".md")
    return f"{folder + '/' if folder else ''}{FOLDER}/{stem}-{number}.html"


def is_fragment(path: str) -> bool:
    return f"{FOLDER}/" in path


class Missing(LookupError):
    """A placeholder whose fragment file is not in the compiled tree (or has other bytes)."""


def inject(html: str, files: Mapping[str, bytes]) -> str:
    """`html` with every placeholder replaced by its fragment.

    Raises Missing for a fragment that is absent or whose bytes do not match the digest: a page
    that silently lost its table would look fine and be wrong.
    """
    def swap(match: re.Match) -> str:
        data = files.get(match.group(1))
        if data is None:
            raise Missing(f"{match.group(1)} not found")
        text = data.decode("utf-8")
        if digest(text) != match.group(2):
            raise Missing(f"{match.group(1)} does not match its placeholder")
        return text
    return _PLACEHOLDER.sub(swap, html) if "<!-- hrosite-fragment " in html else html
