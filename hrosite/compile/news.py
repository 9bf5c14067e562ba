"""最新消息: a page per item, an archive (newest first), the home-page list, feeds and banner.

Expiry is judged at the site's reference date (SiteContent.reference_date: the newest
edit date in the sources), never the clock, so the same sources give the same bytes. Expired
items stay in the archive and the feeds; they leave the home page and the banner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import feeds
from ..content import SiteContent
from ..dates import roc_year, show_date
from ..model.news import NewsItem, current_banner
from ..urls import NEWS, location, news_path
from .markup import plain
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output, join_cjk_lines
from .templating import render

INDEX = NEWS
# At the site root: Material's script fetches sitemap.xml beside every <link rel="alternate">
# of a page, and only the root has one (feeds under news/ cost two 404s per page load).
RSS = "rss.xml"
ATOM = "atom.xml"
HOME_COUNT = 5


@dataclass
class NewsResult:
    nav: NavItem | None = None
    home_markdown: str = ""          # the five newest items for the home page
    feeds: list[dict] = field(default_factory=list)   # {type, title, href} for <link rel=alternate>
    banner: dict | None = None       # {title, href} for the announcement bar


def news_url(news_id: str) -> str:
    """The published address relative to the site root (use_directory_urls: true)."""
    return location(news_path(news_id))


def summary(item: NewsItem) -> str:
    """The item's `summary`, or the plain text of its first paragraph."""
    if item.meta.summary:
        return item.meta.summary
    blocks = [b for b in item.body.strip().split("\n\n") if b.strip() and not b.lstrip().startswith("#")]
    return join_cjk_lines(plain(blocks[0])).replace("\n", " ") if blocks else item.meta.title


def time_tag(day: dt.date) -> str:
    """A date for people (西元 and 民國) inside a machine-readable <time>."""
    return f'<time datetime="{day.isoformat()}">{show_date(day)}</time>'


def home_markdown(items: list[NewsItem], reference: dt.date) -> str:
    current = [n for n in items if not n.expired(reference)][:HOME_COUNT]
    lines = ["## 最新消息", ""]
    if current:
        lines += [f"- {time_tag(n.meta.date)}　[{n.meta.title}]({news_path(n.id)})（{n.meta.category}）"
                  for n in current]
    else:
        lines.append("目前沒有公告中的消息。")
    lines += ["", f"[查看全部最新消息]({INDEX})", ""]
    return "\n".join(lines)


def compile_news(content: SiteContent, out: Output, site_url: str | None) -> NewsResult:
    items = content.news
    if not items:
        return NewsResult()
    office = content.office
    reference = content.reference_date()
    base = site_url.rstrip("/") + "/" if site_url else ""

    for n in items:
        path = news_path(n.id)
        body = render("news.md.j2", n=n, date=time_tag(n.meta.date),
                      updated=time_tag(n.updated),
                      expiry=time_tag(n.meta.expiry) if n.meta.expiry else None,
                      expired=n.expired(reference), back=page_url(INDEX, path))
        out.add_page(path, title=n.meta.title, updated=n.updated, body=body,
                     description=summary(n), show_updated=False,
                     meta={"meta_tags": meta_tags(office, title=n.meta.title, updated=n.updated,
                                                  description=summary(n),
                                                  keywords=["最新消息", n.meta.category])})

    by_year: dict[int, list[NewsItem]] = {}
    for n in items:
        by_year.setdefault(n.meta.date.year, []).append(n)
    years = sorted(by_year.items(), reverse=True)
    updated = max(n.updated for n in items)
    index = render("news_index.md.j2", years=years,
                   time_tag=time_tag, summary=summary, roc_year=roc_year,
                   path=lambda n: page_url(news_path(n.id), INDEX),
                   reference=reference, rss=page_url(RSS, INDEX), atom=page_url(ATOM, INDEX))
    out.add_page(INDEX, title="最新消息", updated=updated, body=index,
                 description=f"{office.name}的公告、活動與新聞稿，由新到舊排列。",
                 meta={"meta_tags": meta_tags(office, title="最新消息", updated=updated,
                                              description="最新消息彙整",
                                              keywords=["最新消息", "公告", "活動", "新聞稿"])})

    feed = feeds.Feed(
        id=feeds.stable_id(office.name, "news"), title=f"{office.name}最新消息",
        description=f"{office.name}的公告、活動與新聞稿", link=base + location(INDEX),
        author=office.name, language="zh-TW", updated=updated,
        rss_url=base + RSS if base else None, atom_url=base + ATOM if base else None)
    entries = [feeds.FeedEntry(guid=feeds.stable_id(office.name, f"news:{n.id}"), title=n.meta.title,
                               link=base + news_url(n.id), published=n.meta.date, updated=n.updated,
                               summary=summary(n), category=n.meta.category)
               for n in items]
    out.add_bytes(RSS, feeds.rss(feed, entries))
    out.add_bytes(ATOM, feeds.atom(feed, entries))

    banner = current_banner(items, reference)
    # One menu group per year, so the menu on other pages grows by a line a year, not a line an item.
    nav = NavItem("最新消息", INDEX, children=[
        NavItem(f"{year}年", children=[NavItem(n.meta.title, news_path(n.id)) for n in year_items])
        for year, year_items in years])
    return NewsResult(
        nav=nav,
        home_markdown=home_markdown(items, reference),
        feeds=[{"type": feeds.RSS_TYPE, "title": f"{office.name}最新消息（RSS）", "href": RSS},
               {"type": feeds.ATOM_TYPE, "title": f"{office.name}最新消息（Atom）", "href": ATOM}],
        banner={"title": banner.meta.title, "href": news_url(banner.id)} if banner else None)
