"""The footer's facts, from site.yml (§7 item 3 on every page)."""

from __future__ import annotations

from .compile.snippets import contact_rows
from .model.site import Office


def footer_context(office: Office) -> dict:
    return {
        "name": office.name,
        "name_en": office.name_en,
        "rows": [{"label": label, "value": value}
                 for label, value in contact_rows(office) if label not in ("機關名稱", "上級機關", "網址")],
    }
