"""最新消息: archive, home page, RSS 2.0 / Atom feeds (parsed by feedparser) and the banner."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import feedparser
import pytest

from conftest import html_pages, mkdocs_build

from hrosite.build import compile_to
from hrosite.content import load_site
from hrosite.checks.freshness import freshness_findings

NEWS = Path("content") / "news"
SITE = "https://yancheng.example.gov.tw/"


def write_news(root: Path, news_id: str, title: str, date: str, *, category: str = "公告",
               extra: str = "", body: str = "內文第一段。\n") -> Path:
    path = root / NEWS / f"{news_id}.md"
    path.write_text(f"---\ntitle: {title}\ndate: {date}\ncategory: {category}\n{extra}---\n\n{body}",
                    encoding="utf-8")
    return path


def build(root: Path, site_url: str | None = SITE):
    result = compile_to(root, root / "build" / "docs", site_url)
    assert result.ok, "\n".join(f.format_text() for f in result.findings)
    return result


def read(root: Path, rel: str) -> str:
    return (root / "build" / "docs" / rel).read_text(encoding="utf-8")


@pytest.fixture
def many(example):
    """The example plus seven dated items; one expired before the newest content date."""
    for n in range(1, 7):
        write_news(example, f"2026-10-0{n}-item", f"十月第{n}則", f"2026-10-0{n}",
                   category=["公告", "活動", "新聞稿"][n % 3])
    write_news(example, "old-event", "已結束的活動", "2026-09-01", category="活動",
               extra="expiry: 2026-09-30\n")
    return example


def entries_by_id(parsed) -> dict[str, object]:
    return {e.id: e for e in parsed.entries}


@pytest.mark.parametrize("feed, version", [("rss.xml", "rss20"), ("atom.xml", "atom10")])
def test_feeds_are_valid_and_carry_every_item_with_its_date(many, feed, version):
    result = build(many)
    content = result.content
    parsed = feedparser.parse((many / "build" / "docs" / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.get("language") == "zh-TW"
    assert len(parsed.entries) == len(content.news) == 10
    by_title = {e.title: e for e in parsed.entries}
    for item in content.news:
        entry = by_title[item.meta.title]
        published = entry.published_parsed
        # midnight in Taiwan (UTC+8) is 16:00 UTC the day before
        assert time.strftime("%Y-%m-%d %H:%M", published) == (
            (item.meta.date - dt.timedelta(days=1)).isoformat() + " 16:00")
        assert entry.link == f"{SITE}news/{item.id}/"
        assert entry.id.startswith("urn:uuid:")
    assert [e.title for e in parsed.entries][:2] == ["政府資訊公開專區上線", "慈愛里與博愛里自2026年7月1日起合併為北端里"]
    assert parsed.feed.link == f"{SITE}news/"


def test_guids_survive_a_new_address_and_a_corrected_title(example):
    build(example, SITE)
    before = entries_by_id(feedparser.parse(read(example, "atom.xml")))
    path = example / NEWS / "disclosures-launch.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 政府資訊公開專區上線",
                                                             "title: 政府資訊公開專區正式上線"),
                    encoding="utf-8")
    build(example, "https://new-host.example.gov.tw/hro/")
    after = entries_by_id(feedparser.parse(read(example, "atom.xml")))
    assert set(before) == set(after)
    assert {e.title for e in after.values()} >= {"政府資訊公開專區正式上線"}
    rss = feedparser.parse(read(example, "rss.xml"))
    assert {e.id for e in rss.entries} == set(after)  # RSS guid == Atom id


def test_feeds_without_site_url_are_still_written_and_deterministic(example):
    build(example, None)
    first = [read(example, "rss.xml"), read(example, "atom.xml")]
    assert not feedparser.parse(first[0]).bozo and not feedparser.parse(first[1]).bozo
    build(example, None)
    assert [read(example, "rss.xml"), read(example, "atom.xml")] == first


def test_home_shows_five_newest_current_items_and_archive_keeps_all(many):
    result = build(many)
    home = read(many, "index.md")
    section = home[home.index("## 最新消息"):]
    titles = re.findall(r"\[([^\]]+)\]\(news/(?!index)[a-z0-9-]+\.md\)", section)
    assert titles == ["政府資訊公開專區上線", "慈愛里與博愛里自2026年7月1日起合併為北端里",
                      "本所網站試營運，聯絡資料確認中", "十月第6則", "十月第5則"]
    assert "[查看全部最新消息](news/index.md)" in section
    assert "已結束的活動" not in home

    archive = read(many, "news/index.md")
    listed = re.findall(r"\]\(([a-z0-9-]+)\.md\)", archive)
    assert listed == [n.id for n in result.content.news]  # every item, newest first
    assert listed[-1] == "old-event"
    assert "[已結束的活動](old-event.md)（活動，公告期間已結束）" in archive
    assert "（已結束）" in read(many, "news/old-event.md")


def reference(root: Path) -> dt.date:
    """The example's newest content date: the tests date their news around it."""
    content, _ = load_site(root)
    return content.reference_date()


def day(date: dt.date, offset: int) -> str:
    return (date + dt.timedelta(days=offset)).isoformat()


def test_expiry_is_judged_at_the_newest_content_date_not_the_clock(example):
    ref = reference(example)
    write_news(example, "short-notice", "短期公告", day(ref, -6), extra=f"expiry: {day(ref, 1)}\n")
    assert "短期公告" in read_after_build(example, "index.md")
    assert reference(example) == ref
    write_news(example, "later", "之後的消息", day(ref, 2))  # the content moves past the expiry
    home = read_after_build(example, "index.md")
    assert "短期公告" not in home and "之後的消息" in home


def read_after_build(root: Path, rel: str) -> str:
    build(root)
    return read(root, rel)


def banner(expiry: str) -> str:
    return f"expiry: {expiry}\nbanner: true\n"


def test_banner_comes_from_a_current_banner_item(example):
    ref = reference(example)
    assert build(example).compiled.news.banner is None  # the example flags no banner
    path = write_news(example, "new-year-hours", "春節期間服務時間", day(ref, -6),
                      extra=banner(day(ref, 60)))
    assert build(example).compiled.news.banner == {"title": "春節期間服務時間", "href": "news/new-year-hours/"}
    path.write_text(path.read_text(encoding="utf-8").replace(day(ref, 60), day(ref, 0)), encoding="utf-8")
    assert build(example).compiled.news.banner is not None  # its last day is still shown
    write_news(example, "next", "下一則", day(ref, 1))      # the content moves past the expiry
    assert build(example).compiled.news.banner is None
    assert "春節期間服務時間" in read(example, "news/index.md")  # still in the archive


def test_banner_expired_by_the_real_date_is_reported_by_the_freshness_check(example):
    ref = reference(example)
    write_news(example, "new-year-hours", "春節期間服務時間", day(ref, -6), extra=banner(day(ref, 60)))
    content, _ = load_site(example)
    last_day = ref + dt.timedelta(days=60)
    assert [f for f in freshness_findings(content, last_day) if "橫幅" in f.message] == []
    (late,) = [f for f in freshness_findings(content, last_day + dt.timedelta(days=1))
               if "橫幅" in f.message]
    assert (late.file, late.severity, late.gate) == ("content/news/new-year-hours.md", "warning", "freshness")
    assert late.line == 5  # the expiry: line of the front matter


def test_home_page_news_expired_by_the_real_date_is_reported_too(example):
    ref = reference(example)
    write_news(example, "short-notice", "短期公告", day(ref, -6), extra=f"expiry: {day(ref, 4)}\n")
    content, _ = load_site(example)
    last_day = ref + dt.timedelta(days=4)
    assert [f for f in freshness_findings(content, last_day) if "短期公告" in f.message] == []
    (late,) = [f for f in freshness_findings(content, last_day + dt.timedelta(days=1))
               if "短期公告" in f.message]
    assert "首頁消息" in late.message and late.line == 5 and late.severity == "warning"


def test_feed_links_are_passed_to_every_page(example):
    feeds = build(example).compiled.news.feeds
    assert feeds == [
        {"type": "application/rss+xml", "title": "高雄市鹽埕區戶政事務所最新消息（RSS）", "href": "rss.xml"},
        {"type": "application/atom+xml", "title": "高雄市鹽埕區戶政事務所最新消息（Atom）", "href": "atom.xml"},
    ]


@pytest.mark.slow
def test_built_pages_link_both_feeds(built_site):
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert 'rel="alternate" type="application/rss+xml"' in html, page
        assert 'rel="alternate" type="application/atom+xml"' in html, page
    assert (built_site / "rss.xml").is_file() and (built_site / "atom.xml").is_file()


@pytest.mark.slow
def test_built_banner_is_a_still_link_in_the_announce_block(example, tmp_path):
    ref = reference(example)
    write_news(example, "new-year-hours", "春節期間服務時間", day(ref, -6), extra=banner(day(ref, 60)))
    result = mkdocs_build(example, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for rel, href in (("index.html", "news/new-year-hours/"), ("disclosures/index.html", "../news/new-year-hours/")):
        html = (tmp_path / "site" / rel).read_text(encoding="utf-8")
        block = re.search(r'<aside class="md-banner">.*?</aside>', html, re.S).group(0)
        assert f'<a href="{href}">春節期間服務時間</a>' in block
        assert "marquee" not in block and "animation" not in block and "<script" not in block


@pytest.mark.parametrize("front, words", [
    ("title: 測試\ndate: 2026-11-01\ncategory: 通知\n", ["category", "公告"]),
    ("title: 測試\ndate: 2026-11-01\ncategory: 公告\nbanner: true\n", ["expiry"]),
    ("title: 測試\ndate: 2026-11-01\ncategory: 公告\nexpiry: 2026-10-01\n", ["expiry"]),
    ("title: 測試\ncategory: 公告\n", ["date", "缺少必填欄位"]),
])
def test_bad_front_matter_is_reported_at_its_file(example, front, words):
    (example / NEWS / "bad-item.md").write_text(f"---\n{front}---\n\n內文。\n", encoding="utf-8")
    _, findings = load_site(example)
    found = [f.format_text() for f in findings if f.file == "content/news/bad-item.md"]
    assert found and all(f.startswith("content/news/bad-item.md:") for f in found)
    for word in words:
        assert any(word in f for f in found), found


@pytest.mark.parametrize("extra, key", [
    ("expiry: 2026-10-01\n", "expiry"),
    ("updated: 2026-10-01\n", "updated"),
    ("banner: true\n", "banner"),
])
def test_date_rules_point_at_the_key_to_fix(example, extra, key):
    """Not at `title` (the first line of the front matter): at the key staff must change."""
    write_news(example, "bad-item", "測試", "2026-11-01", extra=extra)  # the extra key is on line 5
    _, findings = load_site(example)
    (found,) = [f for f in findings if f.file == "content/news/bad-item.md"]
    assert (found.line, found.col, found.field) == (5, 1, key), found.format_text()
    assert found.code == ("banner-without-expiry" if key == "banner" else "date-order")


def test_file_name_must_be_a_url_safe_id(example):
    (example / NEWS / "新消息.md").write_text("---\ntitle: x\ndate: 2026-11-01\ncategory: 公告\n---\n\nx\n",
                                              encoding="utf-8")
    _, findings = load_site(example)
    (found,) = [f for f in findings if f.file == "content/news/新消息.md"]
    assert "invalid id" in found.message
