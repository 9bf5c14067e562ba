"""Hand-written pages: render their Markdown through Jinja so they can cite site.yml."""

from __future__ import annotations

import jinja2

from ..findings import Finding
from ..model.page import Page
from ..model.site import Office, shown
from .metadata import meta_tags
from .output import Output
from .snippets import contact_table


class OfficeView:
    """What a page may write as {{ office.x }}: every value already shown or 待確認."""

    def __init__(self, office: Office):
        c = office.contact
        self.name = office.name
        self.short_name = office.short_name
        self.name_en = office.name_en
        self.parent_agency = office.parent_agency
        self.district = office.district
        self.address = shown(c.address)
        self.postal_code = shown(c.postal_code)
        self.phone = shown(c.phone)
        self.fax = shown(c.fax)
        self.email = shown(c.email)
        self.website = shown(c.website)
        self.hours = shown(c.hours)
        self.transport = shown(c.transport)
        self.booking = shown(c.booking)
        self.case_status = shown(c.case_status)
        self.mailbox = shown(c.mailbox)
        self.contact_table = contact_table(office)


def render_body(page: Page, context: dict) -> tuple[str | None, list[Finding]]:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True)
    try:
        return env.from_string(page.body).render(**context), []
    except jinja2.TemplateSyntaxError as exc:
        return None, [Finding(page.rel, page.body_line + (exc.lineno or 1) - 1, None, None,
                              f"樣板語法錯誤（template syntax）：{exc.message}",
                              "{{ }} 內只能寫 office.phone 這類欄位名稱")]
    except jinja2.UndefinedError as exc:
        return None, [Finding(page.rel, None, None, None,
                              f"引用了不存在的欄位（undefined）：{exc.message}",
                              "可用 office.name、office.address、office.phone、office.fax、"
                              "office.email、office.hours、office.contact_table")]


def compile_pages(pages: list[Page], office: Office, out: Output,
                  extra_context: dict) -> list[Finding]:
    findings: list[Finding] = []
    context = {"office": OfficeView(office), **extra_context}
    for page in pages:
        body, problems = render_body(page, context)
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
