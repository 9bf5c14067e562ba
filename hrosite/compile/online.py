"""線上申辦: the national online services of each procedure, and the office's own channels.

Each procedure lists its services in `online:` (content/procedures/*.yml); the procedure page
shows them and this page gathers them all, so a service is written once. The office's own
booking and case-progress channels come from site.yml (contact.booking, contact.case_status)
and show 待確認 until the office supplies them.
"""

from __future__ import annotations

from ..content import SiteContent
from ..model.procedure import OnlineService, Procedure
from ..model.site import shown
from ..urls import ONLINE, PROCEDURES, procedure_path
from .markup import md_inline
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output

PAGE = ONLINE
TITLE = "線上申辦"
DESCRIPTION = "可以在網路上辦理的戶政服務：電子戶籍謄本、國民身分證掛失、上傳身分證相片，以及線上預約與案件進度查詢。"
KEYWORDS = [TITLE, "線上服務", "網路申請", "線上預約", "進度查詢", "自然人憑證"]


def service_line(service: OnlineService) -> str:
    """One list item: the link names its site; then what the citizen needs and any note."""
    line = f"- [{md_inline(service.title)}（{md_inline(service.site)}）]({service.url})"
    if service.needs:
        line += f"：需要{'、'.join(md_inline(n) for n in service.needs)}"
    if service.note:
        line += f"{'。' if service.needs else '：'}{md_inline(service.note)}"
    return line


def online_markdown(procedure: Procedure) -> str:
    """The 「線上辦理」 list on a procedure page ("" when it has none)."""
    return "\n".join(service_line(s) for s in procedure.online)


def _channel(label: str, value: str | None) -> str:
    if value and value.startswith(("https://", "http://")):
        return f"- {label}：[{value}]({value})"
    return f"- {label}：{md_inline(shown(value))}"


def compile_online(content: SiteContent, out: Output) -> NavItem:
    office = content.office
    lines = ["下列戶政服務可以在網路上辦理，不必到戶政事務所；連結會開啟其他機關的網站。"
             "其他項目請看[申辦須知](" + page_url(PROCEDURES, PAGE) + ")。", ""]
    with_online = [p for p in content.procedures if p.online]
    for procedure in with_online:
        href = page_url(procedure_path(procedure.id), PAGE)
        lines += [f"## {md_inline(procedure.title)} {{#{procedure.id}}}", "",
                  online_markdown(procedure), "",
                  f"臨櫃辦理的文件與規費：[{md_inline(procedure.title)}]({href})", ""]
    if not with_online:
        lines += ["目前沒有可以線上辦理的項目。", ""]
    c = office.contact
    lines += ["## 本所的線上服務 {#office}", "",
              _channel("線上預約", c.booking),
              _channel("案件進度查詢", c.case_status), "",
              "本所提供預約與進度查詢方式後，會公布在這裡。", ""]
    updated = max([office.updated] + [p.updated for p in with_online])
    out.add_page(PAGE, title=TITLE, updated=updated, body="\n".join(lines),
                 description=DESCRIPTION,
                 meta={"meta_tags": meta_tags(office, title=TITLE, updated=updated,
                                              description=DESCRIPTION, keywords=KEYWORDS,
                                              page_type="服務")})
    return NavItem(TITLE, PAGE)
