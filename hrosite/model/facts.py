"""The site.yml facts staff text may cite, and the contact table several pages show.

`{{ office.phone }}` in a page, procedure, FAQ answer, news item or disclosure is looked up in
`office_names`; every value is already shown text (待確認 when unknown) and HTML-escaped, so a
`<` in site.yml stays a `<` on the page. Derived from the office alone: the loader, the
cross-checks and the compile step all use it, so it lives below them.
"""

from __future__ import annotations

from markupsafe import escape

from .site import Office, shown

# Names the compile step fills in for the home page (generated Markdown, not staff text).
GENERATED = ("home_links", "home_news", "top_tasks", "search_form")


def contact_rows(office: Office) -> list[tuple[str, str]]:
    c = office.contact
    address = f"{c.postal_code or ''}{office.district}（詳細地址{shown(None)}）" if not c.address \
        else f"{c.postal_code or ''}{c.address}"
    return [
        ("機關名稱", office.name),
        ("上級機關", office.parent_agency),
        ("地址", address),
        ("電話", shown(c.phone)),
        ("傳真", shown(c.fax)),
        ("電子郵件", shown(c.email)),
        ("網址", shown(c.website)),
        ("服務時間", shown(c.hours)),
    ]


def contact_table(office: Office, caption: str = "聯絡資訊") -> str:
    """An accessible two-column table (row headers) of the §7 item 3 contact facts (escaped text)."""
    rows = "\n".join(
        f'<tr><th scope="row">{label}</th><td>{escape(value)}</td></tr>'
        for label, value in contact_rows(office))
    return (f'<table class="hro-contact">\n<caption>{caption}</caption>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n")


def office_names(office: Office) -> dict[str, str]:
    """What staff text may write as {{ office.x }}: every value already shown or 待確認, escaped.

    contact_table is HTML built from escaped values.
    """
    c = office.contact
    facts = {
        "name": office.name, "short_name": office.short_name, "name_en": office.name_en,
        "parent_agency": office.parent_agency, "district": office.district,
        "address": shown(c.address), "postal_code": shown(c.postal_code), "phone": shown(c.phone),
        "fax": shown(c.fax), "email": shown(c.email), "website": shown(c.website),
        "hours": shown(c.hours), "transport": shown(c.transport),
        "booking": shown(c.booking), "case_status": shown(c.case_status),
        "mailbox": shown(c.mailbox),
    }
    names = {f"office.{key}": str(escape(value or "")) for key, value in facts.items()}
    names["office.contact_table"] = contact_table(office)
    return names


def known_names(office: Office) -> dict[str, str]:
    """Every name a page body may cite (values of the generated ones are filled at compile time)."""
    return {**office_names(office), **{name: "" for name in GENERATED}}
