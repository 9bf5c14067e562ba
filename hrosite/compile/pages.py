"""Hand-written pages: their Markdown may cite site.yml facts as {{ office.phone }} (see cite.py)."""

from __future__ import annotations

from markupsafe import escape

from ..cite import findings as cite_findings, substitute
from ..findings import Finding
from ..model.page import Page
from ..model.site import Office, shown
from .metadata import meta_tags
from .output import Output
from .snippets import contact_table

# Names the compile step fills in for the home page (generated Markdown, not staff text).
GENERATED = ("home_links", "home_news", "top_tasks", "search_form")


def office_names(office: Office) -> dict[str, str]:
    """What a page may write as {{ office.x }}: every value already shown or 待確認.

    Office facts are plain text, so they are HTML-escaped here: a `<` in site.yml stays a `<`
    on the page and never becomes markup. contact_table is HTML built from escaped values.
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


def render_body(page: Page, names: dict[str, str]) -> tuple[str | None, list[Finding]]:
    problems = cite_findings(page.body, names, page.rel, page.body_line)
    return (None, problems) if problems else (substitute(page.body, names), [])


def compile_pages(pages: list[Page], office: Office, out: Output,
                  extra_context: dict) -> list[Finding]:
    findings: list[Finding] = []
    names = {**office_names(office), **extra_context}
    for page in pages:
        body, problems = render_body(page, names)
        findings += problems
        if body is None:
            continue
        heading = next((n for n, line in enumerate(page.body.split("\n"))
                        if line.startswith("# ")), None)
        if heading is not None:
            findings.append(Finding(page.rel, page.body_line + heading, 1, None,
                                    "頁面標題由 title 產生，內文不可再寫一級標題（# heading）",
                                    "把 # 改成 ##"))
            continue
        meta = page.meta
        tags = meta_tags(office, title=meta.title, updated=meta.updated,
                         description=meta.description, keywords=meta.keywords,
                         page_type=meta.metadata.type or "網頁", theme=meta.metadata.theme,
                         cake=meta.metadata.cake, service=meta.metadata.service)
        out.add_page(f"{page.slug}.md" if page.slug != "index" else "index.md",
                     title=meta.title, updated=meta.updated, body=body,
                     description=meta.description, meta={"meta_tags": tags},
                     service_class=meta.service_class)
    return findings
