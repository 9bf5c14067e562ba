"""分類檢索: every page grouped by 服務分類 and by topic, from each page's metadata.

The 行政機關電子資料流通詮釋資料及分類檢索規範 asks for classified search (docs/sources.md), and
WCAG 2.4.5 for more than one way to reach a page: this page is the way besides search and
the 網站導覽 tree. It is compiled last, so it sees every page the other compilers added.

* 服務分類 (life events: 出生, 成家, 遷徙, 往生 …) comes from PageInfo.service_class, which
  each compiler records from the page's front matter or its category in site.yml. A page
  without one takes its menu section's default (SECTION_SERVICE_CLASS); only a page in a
  section missing there is listed as 尚未標示服務分類.
* 主題分類: the official code table is not known (docs/sources.md: do not guess codes), so pages
  are grouped by the site's own topics — the categories of site.yml, then the menu section
  a page belongs to — and the official codes are shown as 待確認.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..content import SiteContent
from ..kinds import KINDS, items
from ..model.site import shown
from ..urls import BROWSE, FORMS as FORMS_PAGE, HOME, SITEMAP
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output, PageInfo

BROWSE_PAGE = BROWSE
TITLE = "分類檢索"
UNCLASSIFIED = "尚未標示服務分類"

# 服務分類 of the pages that name none themselves (statistics, disclosures, news, section index
# pages …), by top-level menu section. A new section belongs here, or its pages show up
# under UNCLASSIFIED (tests/test_site.py fails on that).
SECTION_SERVICE_CLASS = {
    "首頁": "綜合服務", "申辦須知": "綜合服務", "線上申辦": "綜合服務", "書表下載": "綜合服務", "常見問答": "綜合服務",
    "最新消息": "綜合服務", "關於本所": "綜合服務", "網站資訊": "綜合服務",
    "人口統計": "資訊公開", "政府資訊公開": "資訊公開",
}

INTRO = """\
本頁把網站上的每一頁依「服務分類」（人生歷程）與「主題」分組，方便您依辦理的事情找到需要的說明、
書表與常見問答。也可以使用上方的站內搜尋，或到[網站導覽]({sitemap})瀏覽整個網站的架構。
"""


def _nav_order(items: list[NavItem]) -> Iterator[tuple[str, str]]:
    """(page path, top-level menu title) in menu order."""
    for top in items:
        stack = [top]
        while stack:
            item = stack.pop(0)
            if item.path:
                yield item.path, top.title
            stack[0:0] = item.children


def _link(info: PageInfo, title: str | None = None, anchor: str = "") -> str:
    title = title or ("首頁" if info.path == HOME else info.title)
    return f"- [{title}]({page_url(info.path, BROWSE_PAGE)}{anchor})"


def service_classes(page: PageInfo, section: str | None) -> list[str]:
    """The page's own 服務分類, or its menu section's default; [] = unclassified."""
    default = SECTION_SERVICE_CLASS.get(section or "")
    return page.service_class or ([default] if default else [])


def browse_nav_item() -> NavItem:
    """The menu entry (網站資訊 › 分類檢索); the 網站導覽 tree lists it from the menu."""
    return NavItem(TITLE, BROWSE_PAGE)


def compile_browse(content: SiteContent, out: Output, nav: list[NavItem]) -> None:
    """Add browse.md, listing every page compiled so far: call it last."""
    office = content.office
    menu = list(_nav_order(nav))
    position = {path: n for n, (path, _) in enumerate(menu)}
    section = {path: title for path, title in reversed(menu)}  # first place in the menu wins
    pages = sorted((p for p in out.pages.values() if p.path != BROWSE_PAGE),
                   key=lambda p: (position.get(p.path, len(position)), p.path))
    forms = out.pages.get(FORMS_PAGE)
    form_categories = {f.category for f in content.forms}

    # 服務分類: the order of site.yml's categories, then labels used only by pages.
    classes = {p.path: service_classes(p, section.get(p.path)) for p in pages}
    labels = list(dict.fromkeys(c.service_class for c in office.categories if c.service_class))
    labels += sorted({label for p in pages for label in classes[p.path]} - set(labels))
    service_lines = []
    for label in labels:
        links = [_link(p) for p in pages if label in classes[p.path]]
        if forms is not None:
            links += [_link(forms, f"書表下載：{c.title}", f"#{c.id}") for c in office.categories
                      if c.service_class == label and c.id in form_categories]
        if links:
            service_lines += [f"### {label}", "", *links, ""]
    unclassified = [_link(p) for p in pages if not classes[p.path]]
    if unclassified:
        service_lines += [f"### {UNCLASSIFIED}", "", *unclassified, ""]

    # 主題: the categories of site.yml first, then the menu sections for all other pages.
    by_category: dict[str, list[str]] = {}
    for kind in KINDS:  # the kinds whose items name a category of site.yml (kinds.py `topics`)
        if kind.topics is not None:
            for item in items(content, kind):
                for category_id, path in kind.topics(item):
                    by_category.setdefault(category_id, []).append(path)
    placed: set[str] = set()
    topic_lines = []
    for category in office.categories:
        members = [p for p in pages if p.path in by_category.get(category.id, []) and not p.theme]
        links = [_link(p) for p in members]
        if forms is not None and category.id in form_categories:
            links.append(_link(forms, f"書表下載：{category.title}", f"#{category.id}"))
        placed.update(p.path for p in members)
        if links:
            topic_lines += [f"### {category.title} {{#topic-{category.id}}}", "", *links, ""]
    topics: dict[str, list[PageInfo]] = {}
    for page in pages:
        if page.path not in placed:
            topics.setdefault(page.theme or section.get(page.path, "其他"), []).append(page)
    for topic, members in topics.items():
        topic_lines += [f"### {topic}", "", *[_link(p) for p in members], ""]

    body = "\n".join([
        INTRO.format(sitemap=page_url(SITEMAP, BROWSE_PAGE)),
        "## 依服務分類（人生歷程）",
        "",
        "依您人生中要辦的事情分類，例如出生、成家、遷徙、往生。",
        f"政府入口網的服務分類代碼（Category.Service）：{shown(office.metadata.service)}。",
        "",
        # The lists repeat every title of the site; kept out of the search index so that
        # this page does not crowd the results for 出生登記 (Material: data-search-exclude).
        '<div markdown="1" data-search-exclude="true">',
        "",
        *service_lines,
        "</div>",
        "",
        "## 依主題分類",
        "",
        "依本所的業務類別與網站單元分類。",
        f"政府入口網的主題分類代碼（Category.Theme）：{shown(office.metadata.theme)}；"
        "代碼確認前，本頁先以本所的業務類別分組。",
        "",
        '<div markdown="1" data-search-exclude="true">',
        "",
        *topic_lines,
        "</div>",
    ])
    updated = max((p.updated for p in pages), default=office.updated)
    description = "依服務分類（人生歷程）與主題分類瀏覽本網站的所有網頁。"
    out.add_page(BROWSE_PAGE, title=TITLE, updated=updated, body=body, description=description,
                 meta={"meta_tags": meta_tags(office, title=TITLE, updated=updated,
                                              description=description,
                                              keywords=[TITLE, "服務分類", "主題分類"])})
