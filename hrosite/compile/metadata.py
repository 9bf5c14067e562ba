"""DC.* and Category.* meta tags for every page (行政機關電子資料流通詮釋資料及分類檢索規範).

The 15 Dublin Core fields are required on government pages; values come from site.yml
and can be overridden per page. Unknown codes stay visible as 待確認, never guessed.
"""

from __future__ import annotations

import datetime as dt

from ..model.site import Office, shown


def meta_tags(office: Office, *, title: str, updated: dt.date, description: str | None,
              keywords: list[str], subject: str | None = None, page_type: str = "網頁",
              theme: str | None = None, cake: str | None = None, service: str | None = None,
              relation: str | None = None) -> list[dict[str, str]]:
    """Name/content pairs in a fixed order, so output is deterministic."""
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


DC_FIELDS = ("Title", "Creator", "Subject", "Description", "Publisher", "Contributor", "Date",
             "Type", "Format", "Identifier", "Source", "Language", "Relation", "Coverage",
             "Rights")
