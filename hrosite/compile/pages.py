"""Hand-written pages: their Markdown may cite site.yml facts as {{ office.phone }} (see cite.py)."""

from __future__ import annotations

from ..cite import findings as cite_findings, substitute
from ..findings import Finding
from ..model.facts import office_names
from ..model.page import Page
from ..model.site import Office
from ..urls import page_path
from .metadata import meta_tags
from .output import Output


def render_body(page: Page, names: dict[str, str]) -> tuple[str | None, list[Finding]]:
    problems = cite_findings(page.body, names, page.rel, page.body_line)
    return (None, problems) if problems else (substitute(page.body, names), [])


def compile_pages(pages: list[Page], office: Office, out: Output,
                  extra_context: dict) -> list[Finding]:
    """Pages with a `# heading` in their body never get here: the loader refuses them."""
    findings: list[Finding] = []
    names = {**office_names(office), **extra_context}
    for page in pages:
        body, problems = render_body(page, names)
        findings += problems
        if body is None:
            continue
        meta = page.meta
        tags = meta_tags(office, title=meta.title, updated=meta.updated,
                         description=meta.description, keywords=meta.keywords,
                         page_type=meta.metadata.type or "網頁", theme=meta.metadata.theme,
                         cake=meta.metadata.cake, service=meta.metadata.service)
        out.add_page(page_path(page.slug),
                     title=meta.title, updated=meta.updated, body=body,
                     description=meta.description, meta={"meta_tags": tags},
                     service_class=meta.service_class)
    return findings
