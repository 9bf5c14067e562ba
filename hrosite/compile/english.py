"""The English section (en/): hand-written pages from content/en/ and procedures with `en:`.

Rules: a procedure is published in English only with a complete `en:` block (checked when it
is loaded, hrosite/model/english.py); one without is left out and listed as a to-do warning.
Each hand-written page names its Chinese `counterpart:`, which must exist. Every English page
carries `hro_lang: en` and its counterpart in the front matter; the adapter turns them into
lang attributes, the 「中文」/「English」 switch and the sitemap's hreflang alternates.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field, replace

import jinja2

from ..content import SiteContent
from ..findings import Finding
from ..legal import LATE_REGISTRATION
from ..model.procedure import Procedure
from ..model.site import Office
from .markup import md_inline
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output
from ..urls import EN, EN_HOME as HOME, english_page_path, english_procedure_path, procedure_path
from .templating import render

TBC = "To be confirmed"
SECTION = "Information in English"   # the menu entry of the English start page
GATE = "english"
KIND_LABELS = {"required": "required", "optional": "if it applies to you", "choice": "bring one"}


@dataclass
class EnglishResult:
    counterparts: dict[str, str] = field(default_factory=dict)  # en/x.md -> Chinese x.md
    findings: list[Finding] = field(default_factory=list)
    nav: NavItem | None = None   # 「English」: the start page, the procedures, then the other pages


def tbc(value: str | None) -> str:
    return value if value else TBC


class EnglishOffice:
    """What an English page may write as {{ office.x }}: a value or "To be confirmed"."""

    def __init__(self, office: Office):
        c = office.contact
        self.name = office.name_en
        self.name_zh = f'<span lang="zh-TW">{html.escape(office.name)}</span>'
        self.postal_code = tbc(c.postal_code)
        self.address = tbc(c.address)
        self.phone = tbc(c.phone)
        self.fax = tbc(c.fax)
        self.email = tbc(c.email)
        self.website = tbc(c.website)
        self.hours = tbc(c.hours)
        self.transport = tbc(c.transport)
        self.booking = tbc(c.booking)
        self.case_status = tbc(c.case_status)
        self.mailbox = tbc(c.mailbox)
        self.contact_table = contact_table_en(office)


def contact_table_en(office: Office) -> str:
    """The contact facts of site.yml in English; every null shows "To be confirmed"."""
    c = office.contact
    address = tbc(c.address)
    if not c.address and c.postal_code:
        address = f"{TBC} (postal code {c.postal_code}, Yancheng District, Kaohsiung City)"
    rows = [("Office", office.name_en),
            ("Name in Chinese", f'<span lang="zh-TW">{html.escape(office.name)}</span>'),
            ("Address", address), ("Phone", tbc(c.phone)), ("Fax", tbc(c.fax)),
            ("Email", tbc(c.email)), ("Website", tbc(c.website)),
            ("Opening hours", tbc(c.hours)), ("Getting here", tbc(c.transport))]
    body = "\n".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (f'<table class="hro-contact">\n<caption>Contact details</caption>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n")


def procedure_list(procedures: list[Procedure], from_page: str) -> str:
    lines = [f"- [{md_inline(p.en.title)}]({page_url(english_procedure_path(p.id), from_page)}): "
             f"{md_inline(p.en.summary)}" for p in procedures]
    return "\n".join(lines) if lines else "No procedure has an English page yet."


def online_list(procedures: list[Procedure], from_page: str) -> str:
    """The national online services named in the procedures' `online:` blocks, in English."""
    lines = []
    for p in procedures:
        for zh, en in zip(p.online, p.en.online):
            line = f"- [{md_inline(en.title)} ({md_inline(en.site)})]({zh.url})"
            if en.note:
                line += f": {md_inline(en.note)}"
            line += f" See [{md_inline(p.en.title)}]({page_url(english_procedure_path(p.id), from_page)})."
            lines.append(line)
    return "\n".join(lines) if lines else "No online service is listed yet."


def steps_markdown_en(procedure: Procedure) -> str:
    numbers = {s.id: n for n, s in enumerate(procedure.steps, 1)}
    lines = []
    for n, (zh, en) in enumerate(zip(procedure.steps, procedure.en.steps), 1):
        line = f"{n}. **{md_inline(en.title)}**"
        if en.text:
            line += f": {md_inline(en.text)}"
        if zh.logic == "or":
            line += f" (Or use the way in step {n + 1}.)"
        lines.append(line)
        if zh.decision and en.decision:
            target = numbers[zh.decision.goto] if zh.decision.goto else None
            back = ("" if target is None else f" Then go to step {target}." if target > n
                    else f" Then go back to step {target}.")
            lines.append(f"    - Check: {md_inline(en.decision.question)} If not: "
                         f"{md_inline(en.decision.if_not)}.{back}")
    return "\n".join(lines)


def _updated_line(updated: dt.date) -> str:
    return (f'\n<p class="hro-updated">Last updated: <time datetime="{updated.isoformat()}">'
            f'{updated.strftime("%-d %B %Y")}</time></p>\n')


def _meta(office: Office, title: str, updated: dt.date, description: str | None,
          counterpart: str | None) -> dict:
    tags = [dict(t, content="en") if t.get("name") == "DC.Language" else t
            for t in meta_tags(office, title=title, updated=updated, description=description,
                               keywords=[title, "English"])]
    meta = {"meta_tags": tags, "hro_lang": "en"}
    if counterpart:
        meta["hro_counterpart"] = counterpart
    return meta


def _add(out: Output, office: Office, path: str, title: str, updated: dt.date, body: str,
         description: str | None, counterpart: str | None) -> None:
    out.add_page(path, title=title, updated=updated, body=body + _updated_line(updated),
                 description=description, show_updated=False,
                 meta=_meta(office, title, updated, description, counterpart))


def compile_english(content: SiteContent, out: Output, chinese: set[str]) -> EnglishResult:
    """`chinese`: the Chinese pages' compiled paths, which counterparts must name."""
    office = content.office
    result = EnglishResult()
    translated = [p for p in content.procedures if p.en is not None]
    for procedure in content.procedures:
        if procedure.en is None:
            doc = content.documents.get(f"procedure:{procedure.id}")
            if doc is not None:
                finding = doc.finding(
                    ("title",), f"「{procedure.title}」沒有英文（no en: block），不會出現在英文網頁",
                    "需要英文版時，在這個檔案加上 en: 區塊（寫法見 CONTRIBUTING.zh-TW.md「英文網頁」）",
                    severity="warning")
                result.findings.append(replace(finding, gate=GATE))

    for procedure in translated:
        path = english_procedure_path(procedure.id)
        zh_path = procedure_path(procedure.id)
        fines = [(band.en, band.amount) for band in LATE_REGISTRATION.bands]
        body = render("procedure_en.md.j2", p=procedure, en=procedure.en,
                      office_name=office.name_en, kind_labels=KIND_LABELS, late_fines=fines,
                      steps_markdown=steps_markdown_en(procedure),
                      online=list(zip(procedure.online, procedure.en.online)),
                      chinese_page=page_url(zh_path, path), home=page_url(HOME, path),
                      contact=page_url(english_page_path("contact"), path))
        _add(out, office, path, procedure.en.title, procedure.updated, body,
             procedure.en.summary, zh_path)
        result.counterparts[path] = zh_path

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True)
    for page in content.english_pages:
        path = english_page_path(page.slug)
        counterpart = None
        if page.meta.counterpart is not None:
            counterpart = f"{page.meta.counterpart.removesuffix('.md')}.md"
            if counterpart not in chinese or counterpart.startswith(f"{EN}/"):
                result.findings.append(page.doc.finding(
                    ("counterpart",), f"找不到中文網頁「{page.meta.counterpart}」（unknown counterpart）",
                    "寫中文網頁的網址（不含 .md），例如 about、contact、index、online、procedures/index"))
                continue
        context = {"office": EnglishOffice(office),
                   "procedures": procedure_list(translated, path),
                   "online_services": online_list(translated, path)}
        try:
            body = env.from_string(page.body).render(**context)
        except jinja2.TemplateError as exc:
            result.findings.append(Finding(page.rel, page.body_line, None, None,
                                           f"樣板錯誤（template error）：{exc}",
                                           "可用 office.phone、office.contact_table、procedures、"
                                           "online_services"))
            continue
        _add(out, office, path, page.meta.title, page.meta.updated, body,
             page.meta.description, counterpart)
        if counterpart:
            result.counterparts[path] = counterpart
    if HOME in out.pages:
        others = sorted((p for p in content.english_pages if english_page_path(p.slug) in out.pages
                         and p.slug != "index"), key=lambda p: (p.meta.order, p.slug))
        # One level down, so that on Chinese pages (navigation.prune) the menu grows by one
        # collapsed entry, not by every English title.
        result.nav = NavItem("English", children=[NavItem(SECTION, HOME, children=[
            *(NavItem(p.en.title, english_procedure_path(p.id)) for p in translated),
            *(NavItem(p.meta.title, english_page_path(p.slug)) for p in others)])])
    return result
