"""hreflang alternates in sitemap.xml: each page with a counterpart lists both languages.

Rule: for every (English, Chinese) pair, both <url> entries get
`<xhtml:link rel="alternate" hreflang="zh-TW|en" href="…"/>` for both pages (itself included),
the sitemap form search engines accept. They are not put in <head>: Material's JavaScript
fetches sitemap.xml relative to every `link[rel=alternate]`, which would 404 on each load.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def add_alternates(sitemap: Path, pairs: dict[str, str]) -> int:
    """`pairs` maps an English page's absolute URL to its Chinese page's; returns links added.

    sitemap.xml.gz beside it is rewritten with the same bytes.
    """
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.parse(sitemap)
    by_url: dict[str, list[tuple[str, str]]] = {}
    for en, zh in pairs.items():
        for url in (en, zh):
            by_url.setdefault(url, []).extend([("zh-TW", zh), ("en", en)])
    added = 0
    for entry in tree.getroot().findall(f"{{{SITEMAP_NS}}}url"):
        loc = entry.findtext(f"{{{SITEMAP_NS}}}loc", "").strip()
        seen = set()
        for lang, href in by_url.get(loc, []):
            if (lang, href) in seen:
                continue
            seen.add((lang, href))
            ET.SubElement(entry, f"{{{XHTML_NS}}}link",
                          {"rel": "alternate", "hreflang": lang, "href": href})
            added += 1
    ET.indent(tree)
    data = ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)
    sitemap.write_bytes(data + b"\n")
    compressed = sitemap.with_name(sitemap.name + ".gz")
    if compressed.exists():
        mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        compressed.write_bytes(gzip.compress(data + b"\n", mtime=mtime))
    return added
