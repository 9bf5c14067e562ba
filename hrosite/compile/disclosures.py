"""主動公開資訊 (政府資訊公開法第7條): the ten categories in statutory order, and a page per item.

disclosures/index.md lists every category under its own anchor (#category-1 … #category-10),
with the statutory text, its items (發布日期, 更新日期) or the reason it does not apply.
Each item has a page at disclosures/<id>.md; a file it points to is copied to
disclosures/files/. Category 1's list of laws, category 3's contact details and category 5's
statistics link are derived from the procedures, site.yml and the statistics section.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..content import SiteContent
from ..model.facts import contact_table
from ..model.disclosure import CATEGORIES, LEAD_IN, Category, Disclosure, cited_laws, shown_updated
from ..urls import DISCLOSURES, STATS as STATS_PAGE, disclosure_path as item_path, page_path, procedure_path
from .metadata import meta_tags
from .nav import NavItem, page_url
from .news import time_tag
from .output import Output
from .templating import render

INDEX = DISCLOSURES
FILES_DIR = "disclosures/files"
TBC = '<span class="hro-tbc">待確認</span>'
LAW_SEARCH = "https://law.moj.gov.tw/"  # 全國法規資料庫 (docs/sources.md §3)
# Link text names the site (docs/sources.md); hosts not listed here are named by their host name.
SITE_NAMES = {"law.moj.gov.tw": "全國法規資料庫", "mojlaw.moj.gov.tw": "法務部主管法規查詢系統"}


def dates_line(published: dt.date, updated: dt.date) -> str:
    return f"發布日期：{time_tag(published)}；更新日期：{time_tag(updated)}"


def site_name(url: str) -> str:
    host = urlsplit(url).hostname or url
    return SITE_NAMES.get(host, host)


def _page_titles(content: SiteContent, out: Output) -> dict[str, str]:
    titles = {path: info.title for path, info in out.pages.items()}
    for page in content.pages:
        titles.setdefault(page_path(page.slug), page.meta.title)
    return titles


def target_markdown(d: Disclosure, content: SiteContent, out: Output, from_page: str) -> str:
    """Where the public finds the item: a link, a download, a derived block, or 待確認."""
    item = d.item
    if item.generated == "laws":
        return laws_markdown(content, from_page)
    if item.generated == "contact":
        return contact_markdown(content)
    if item.generated == "statistics":
        if STATS_PAGE in out.pages:
            return f"請見[{out.pages[STATS_PAGE].title}]({page_url(STATS_PAGE, from_page)})。"
        return f"業務統計（人口統計）專區建置中，網址{TBC}。"
    if item.page:
        path, _, anchor = item.page.partition("#")
        title = _page_titles(content, out).get(path, item.title)
        return f"請見本站[{title}]({page_url(path, from_page)}{'#' + anchor if anchor else ''})。"
    if d.file:
        href = page_url(f"{FILES_DIR}/{d.file.name}", from_page)
        return f"下載：[{item.title}（{d.file.label}，{d.file.size_text}）]({href})"
    if item.url:
        return f"請見[{item.title}（{item.site}）]({item.url})。"
    if "url" in item.model_fields_set:
        return f"刊載於{item.site}，網址{TBC}。"
    if "file" in item.model_fields_set:
        return f"文件{TBC}：本所提供後，將以 ODT 或 PDF 檔公開於本頁。"
    return f"本站頁面{TBC}。"


def laws_markdown(content: SiteContent, from_page: str) -> str:
    """第1款, derived: every law cited in a procedure's legal basis, and where it is cited."""
    lines = ["下列法規由本站各項申辦須知的「法令依據」自動彙整，申辦須知引用的法規都會列在這裡。"
             f"中央法規全文可在[全國法規資料庫]({LAW_SEARCH})以法規名稱查詢。", ""]
    for law in cited_laws(content.procedures):
        full_text = (f"[{law.name}全文（{site_name(law.url)}）]({law.url})" if law.url
                     else f"全文網址{TBC}")
        cited = "、".join(
            f"[{p.title}]({page_url(procedure_path(p.id), from_page)})"
            + (f"（{'、'.join(law.articles[p.id])}）" if law.articles.get(p.id) else "")
            for p in law.procedures)
        lines += [f"- **{law.name}**：{full_text}  ", f"  引用於：{cited}"]
    return "\n".join(lines)


def contact_markdown(content: SiteContent) -> str:
    """第3款, derived from site.yml: organisation, duties, and the §7 item 3 contact table."""
    office = content.office
    duties = "、".join(c.title for c in office.categories)
    return "\n".join([
        f"職掌：{office.description}", "", f"業務項目：{duties}。", "",
        contact_table(office, caption=f"{office.name}組織與聯絡資訊"),
    ])


def _nav_label(c: Category) -> str:
    return f"{c.numeral}、{c.label}"


def compile_disclosures(content: SiteContent, out: Output) -> NavItem | None:
    if not content.disclosures:
        return None
    office = content.office
    by_category: dict[int, list[Disclosure]] = {}
    for d in sorted(content.disclosures, key=_order):
        by_category.setdefault(d.entry.category, []).append(d)

    copied: set[str] = set()
    for d in content.disclosures:
        if d.file and d.file.name not in copied:
            out.add_bytes(f"{FILES_DIR}/{d.file.name}", d.file.source.read_bytes())
            copied.add(d.file.name)

    # Item pages sit one level down, in a single group: the menu of every other page then shows
    # 政府資訊公開 and one more line, not the ten categories (the index lists them anyway).
    groups = NavItem("各款公開項目")
    all_updated: list[dt.date] = []
    for c in CATEGORIES:
        items = [d for d in by_category.get(c.number, []) if d.item]
        if items:
            groups.children.append(NavItem(_nav_label(c), children=[
                NavItem(d.item.title, item_path(d.item.id)) for d in items]))
        for d in items:
            path = item_path(d.item.id)
            updated = shown_updated(d, content.office.updated, content.procedures)
            all_updated.append(updated)
            body = render("disclosure.md.j2", item=d.item, category=c,
                          published=time_tag(d.item.published), updated=time_tag(updated),
                          target=target_markdown(d, content, out, path),
                          back=page_url(INDEX, path) + f"#{c.anchor}")
            out.add_page(path, title=d.item.title, updated=updated, body=body,
                         description=d.item.summary, show_updated=False,
                         meta={"meta_tags": meta_tags(
                             office, title=d.item.title, updated=updated,
                             description=d.item.summary,
                             keywords=["政府資訊公開", "主動公開", c.label])})
        all_updated += [d.entry.updated for d in by_category.get(c.number, []) if d.not_applicable]

    updated = max(all_updated)
    categories = []
    for c in CATEGORIES:
        entries = [_index_entry(d, content) for d in by_category.get(c.number, [])]
        status = ("不適用" if entries and entries[0]["kind"] == "not_applicable"
                  else f"{len(entries)} 項")
        categories.append({"c": c, "entries": entries, "status": status})
    body = render("disclosure_index.md.j2", lead_in=LEAD_IN, categories=categories)
    out.add_page(INDEX, title="主動公開資訊", updated=updated, body=body,
                 description="依政府資訊公開法第7條，依法定順序列出本所主動公開的十款政府資訊。",
                 meta={"meta_tags": meta_tags(office, title="主動公開資訊", updated=updated,
                                              description="政府資訊公開法第7條主動公開資訊",
                                              keywords=["政府資訊公開", "主動公開", "政府資訊公開法"])})
    return NavItem("政府資訊公開", INDEX, children=[groups] if groups.children else [])


def _order(d: Disclosure) -> tuple:
    """Within a category: derived items first, then the newest, then by id."""
    return (not (d.item and d.item.generated), -d.entry.published.toordinal(), d.entry.id)


def _index_entry(d: Disclosure, content: SiteContent) -> dict:
    entry = d.entry
    if d.not_applicable:
        return {"kind": "not_applicable", "reason": entry.not_applicable,
                "dates": dates_line(entry.published, entry.updated)}
    item = d.item
    extra = ""
    if item.generated == "laws":
        extra = "（收錄：" + "、".join(law.name for law in cited_laws(content.procedures)) + "）"
    return {"kind": "item", "title": item.title, "href": page_url(item_path(item.id), INDEX),
            "summary": item.summary + extra,
            "dates": dates_line(item.published, shown_updated(d, content.office.updated, content.procedures))
            + (f"；資料位置：{TBC}" if item.pending else "")}
