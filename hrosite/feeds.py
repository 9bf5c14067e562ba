"""RSS 2.0 and Atom 1.0 documents as bytes: pure functions, no clock, no MkDocs.

Dates come from the content and are written as midnight in Taiwan (UTC+8). GUIDs are
`urn:uuid:` values derived from the office and the item's id, so they survive a new domain,
a new URL scheme or a corrected title (feed readers then do not show an item twice).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

TAIPEI = dt.timezone(dt.timedelta(hours=8))
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str
    category: str


@dataclass(frozen=True)
class Feed:
    id: str            # urn:uuid of the feed itself (Atom)
    title: str
    description: str
    link: str          # the archive page
    author: str
    language: str
    updated: dt.date
    rss_url: str | None = None   # absolute self links, only when the site's address is known
    atom_url: str | None = None


def stable_id(owner: str, key: str) -> str:
    """A GUID that depends only on who publishes and the item's id: urn:uuid:…"""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"hrosite:{owner}:{key}").urn


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=TAIPEI)


def rfc822(day: dt.date) -> str:
    return format_datetime(_midnight(day))


def rfc3339(day: dt.date) -> str:
    return _midnight(day).isoformat()


def _text(tag: str, value: str, indent: str) -> str:
    return f"{indent}<{tag}>{escape(value)}</{tag}>\n"


def rss(feed: Feed, entries: list[FeedEntry]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n', "  <channel>\n"]
    out += [_text("title", feed.title, "    "), _text("link", feed.link, "    "),
            _text("description", feed.description, "    "),
            _text("language", feed.language, "    "),
            _text("lastBuildDate", rfc822(feed.updated), "    ")]
    if feed.rss_url:
        out.append(f'    <atom:link href={quoteattr(feed.rss_url)} rel="self" type="{RSS_TYPE}"/>\n')
    for e in entries:
        out.append("    <item>\n")
        out += [_text("title", e.title, "      "), _text("link", e.link, "      "),
                f'      <guid isPermaLink="false">{escape(e.guid)}</guid>\n',
                _text("pubDate", rfc822(e.published), "      "),
                _text("category", e.category, "      "),
                _text("description", e.summary, "      ")]
        out.append("    </item>\n")
    out += ["  </channel>\n", "</rss>\n"]
    return "".join(out).encode("utf-8")


def atom(feed: Feed, entries: list[FeedEntry]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(feed.language)}>\n']
    out += [_text("id", feed.id, "  "), _text("title", feed.title, "  "),
            _text("subtitle", feed.description, "  "), _text("updated", rfc3339(feed.updated), "  "),
            f"  <author><name>{escape(feed.author)}</name></author>\n",
            f'  <link rel="alternate" type="text/html" href={quoteattr(feed.link)}/>\n']
    if feed.atom_url:
        out.append(f'  <link rel="self" type="{ATOM_TYPE}" href={quoteattr(feed.atom_url)}/>\n')
    for e in entries:
        out.append("  <entry>\n")
        out += [_text("id", e.guid, "    "), _text("title", e.title, "    "),
                f'    <link rel="alternate" type="text/html" href={quoteattr(e.link)}/>\n',
                _text("published", rfc3339(e.published), "    "),
                _text("updated", rfc3339(e.updated), "    "),
                f"    <category term={quoteattr(e.category)}/>\n",
                f'    <summary type="text">{escape(e.summary)}</summary>\n']
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")
