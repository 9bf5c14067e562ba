"""The footer's facts, from site.yml (§7 item 3 on every page: 地址、電話、傳真、網址及電子郵件)."""

from __future__ import annotations

from markupsafe import escape

from .model.facts import contact_rows
from .model.site import Office


def footer_context(office: Office) -> dict:
    """Rows of label, value and, for a confirmed e-mail or website, a link target.

    site.yml facts are plain text: escaped here, because the theme's templates do not autoescape.
    """
    c = office.contact
    links = {"電子郵件": f"mailto:{c.email}" if c.email else None, "網址": c.website}
    return {
        "name": escape(office.name),
        "name_en": escape(office.name_en),
        "rows": [{"label": label, "value": value, "href": links.get(label)}
                 for label, value in contact_rows(office) if label not in ("機關名稱", "上級機關")],
        "badge": badge_context(office),
    }


def badge_context(office: Office) -> dict | None:
    """The 無障礙標章 for the home page's footer, or None while the office has none."""
    badge = office.badge
    if not badge.present():
        return None
    return {"href": badge.href, "src": badge.site_path(),
            "alt": f"無障礙標章：通過 {badge.level} 等級檢測（{badge.level} accessibility badge）"}

