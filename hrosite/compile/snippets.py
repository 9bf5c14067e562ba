"""Small Markdown fragments reused on several pages, so a fact is written once."""

from __future__ import annotations

from markupsafe import escape

from ..model.site import Office, shown


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
