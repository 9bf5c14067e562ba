"""DC.* and Category.* meta tags for every page (行政機關電子資料流通詮釋資料及分類檢索規範).

The 15 Dublin Core fields are required on government pages; values come from site.yml
and can be overridden per page. Unknown codes stay visible as 待確認, never guessed.
Values are plain text here; the template escapes them once (overrides/main.html).
"""

from __future__ import annotations

import datetime as dt

from ..model.site import Office, shown

NOT_FOUND_TITLE = "找不到這個網頁"  # also the <title> and <h1> of overrides/404.html


def meta_tags(office: Office, *, title: str, updated: dt.date, description: str | None,
              keywords: list[str], subject: str | None = None, page_type: str = "網頁",
              theme: str | None = None, cake: str | None = None, service: str | None = None,
              relation: str | None = None) -> list[dict[str, str]]:
    """Name/content pairs in a fixed order, so output is deterministic.

    DC.Identifier holds the agency code only; Output.add_page appends the page's id
    (with_page_id), because only it knows the path.
    """
    meta = office.metadata
    words = list(dict.fromkeys([*keywords, *meta.keywords]))
    pairs = [
        ("DC.Title", title),
        ("DC.Creator", office.name),
        ("DC.Subject", subject or title),
        ("DC.Description", description or office.description),
        ("DC.Publisher", office.name),
        ("DC.Contributor", office.name),
        ("DC.Date", updated.isoformat()),
        ("DC.Type", page_type),
        ("DC.Format", "text/html"),
        ("DC.Identifier", shown(meta.agency_code)),
        ("DC.Source", office.name),
        ("DC.Language", "zh-TW"),
        ("DC.Relation", relation or office.parent_agency),
        ("DC.Coverage", meta.coverage),
        ("DC.Rights", office.name),
        ("Category.Theme", shown(theme or meta.theme)),
        ("Category.Cake", shown(cake or meta.cake)),
        ("Category.Service", shown(service or meta.service)),
        ("Keywords", ",".join(words)),
    ]
    return [{"name": name, "content": content} for name, content in pairs]


def page_id(path: str) -> str:
    """A page's stable id from its compiled path (ids, never titles: README.md "Conventions").

    procedures/birth-registration.md → procedures/birth-registration; stats/index.md → stats.
    """
    return path.removesuffix(".md").removesuffix("/index")


def with_page_id(tags: list[dict[str, str]], path: str) -> list[dict[str, str]]:
    """DC.Identifier is 「機關代碼(+資料ID)」 (docs/sources.md): one value per page, not per site.

    While the code is unknown the value starts with 待確認, e.g. 待確認/procedures/id-card.
    """
    return [{**tag, "content": f"{tag['content']}/{page_id(path)}"}
            if tag["name"] == "DC.Identifier" else tag for tag in tags]


def not_found_page(office: Office) -> dict:
    """The tags of overrides/404.html, which MkDocs renders without a page (no front matter)."""
    tags = meta_tags(office, title=NOT_FOUND_TITLE, updated=office.updated,
                     description="您要找的網頁不存在時的說明，以及回到首頁、網站導覽與申辦須知的連結。",
                     keywords=[NOT_FOUND_TITLE])
    return {"meta_tags": with_page_id(tags, "404.md")}


DC_FIELDS = ("Title", "Creator", "Subject", "Description", "Publisher", "Contributor", "Date",
             "Type", "Format", "Identifier", "Source", "Language", "Relation", "Coverage",
             "Rights")
