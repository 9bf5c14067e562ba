"""申辦須知 pages: one per procedure, plus an index by category."""

from __future__ import annotations

from markupsafe import Markup

from ..content import SiteContent
from ..legal import LATE_REGISTRATION
from ..model.procedure import Procedure
from ..urls import PROCEDURES, faq_path, procedure_path
from ..svg.flowchart import FlowDecision, FlowStep, flowchart_svg
from .downloads import download_links
from .markup import md_inline
from .metadata import meta_tags
from .nav import NavItem, page_url
from .online import compile_online, online_markdown
from .output import Output
from .templating import render

KIND_LABELS = {"required": "必備", "optional": "視情況準備", "choice": "擇一準備"}

# 戶籍法第79條 and its schedule: hrosite/legal.py, sources in docs/sources.md §3.
LATE_FINES = [(band.zh, band.amount) for band in LATE_REGISTRATION.bands]


def flowchart_for(procedure: Procedure) -> str:
    steps = [FlowStep(s.id, s.title, s.logic,
                      FlowDecision(s.decision.question, s.decision.if_not, s.decision.goto)
                      if s.decision else None)
             for s in procedure.steps]
    desc = f"{procedure.title}共 {len(steps)} 個步驟：" + "；".join(
        f"{n}. {s.title}" for n, s in enumerate(procedure.steps, 1)) + "。"
    return Markup(flowchart_svg(steps, f"{procedure.title}流程圖", desc, svg_id=f"flow-{procedure.id}"))


def steps_markdown(procedure: Procedure) -> str:
    """The ordered step list: the flowchart's text equivalent, and it works without JS."""
    numbers = {s.id: n for n, s in enumerate(procedure.steps, 1)}
    lines = []
    for n, step in enumerate(procedure.steps, 1):
        line = f"{n}. **{step.title}**"
        if step.text:
            line += f"：{md_inline(step.text)}"
        if step.logic == "or":
            line += f"（或改用步驟 {n + 1} 的方式）"
        lines.append(line)
        if step.decision:
            d = step.decision
            target = numbers[d.goto] if d.goto else None
            back = ("" if target is None else f"，直接到步驟 {target}" if target > n
                    else f"，再回到步驟 {target}")
            lines.append(f"    - 確認「{d.question}」若否：{md_inline(d.if_not)}{back}。")
    return "\n".join(lines)


def related_faq(content: SiteContent, procedure_id: str, from_page: str) -> list[dict]:
    """Questions that name this procedure: the link is derived, never typed twice."""
    return [{"question": entry.question,
             "href": page_url(faq_path(faq.category), from_page) + f"#{entry.id}"}
            for faq in content.faq for entry in faq.entries if procedure_id in entry.procedures]


def compile_procedures(content: SiteContent, out: Output) -> NavItem:
    office = content.office
    by_category: dict[str, list[Procedure]] = {}
    for procedure in content.procedures:
        by_category.setdefault(procedure.category, []).append(procedure)

    section = NavItem("申辦須知", PROCEDURES)
    for category in office.categories:
        procedures = by_category.get(category.id, [])
        if procedures:
            section.children.append(NavItem(category.title, children=[
                NavItem(p.title, procedure_path(p.id)) for p in procedures]))

    for procedure in content.procedures:
        path = procedure_path(procedure.id)
        forms = [{"title": f.title, "sample": f.sample,
                  "links_markdown": "、".join(f"[{link['text']}]({link['href']})" for link in
                                             download_links(f, content.form_files.get(f.id, {}), path))}
                 for f in (content.form(i) for i in procedure.forms) if f]
        body = render("procedure.md.j2", p=procedure, office_name=office.name,
                      kind_labels=KIND_LABELS, late_fines=LATE_FINES,
                      steps_markdown=steps_markdown(procedure),
                      flowchart=flowchart_for(procedure), forms=forms,
                      online=online_markdown(procedure),
                      faqs=related_faq(content, procedure.id, path))
        category = office.category(procedure.category)
        tags = meta_tags(office, title=procedure.title, updated=procedure.updated,
                         description=procedure.summary, keywords=[procedure.title, category.title],
                         page_type="服務")
        out.add_page(path, title=procedure.title, updated=procedure.updated, body=body,
                     description=procedure.summary, meta={"meta_tags": tags},
                     service_class=[category.service_class] if category.service_class else [])

    lines = ["請選擇您要辦理的項目，每一項都有應備文件、規費、辦理步驟與流程圖。", ""]
    for category in office.categories:
        procedures = by_category.get(category.id, [])
        if not procedures:
            continue
        lines += [f"## {category.title} {{#{category.id}}}", ""]
        lines += [f"- [{p.title}]({page_url(procedure_path(p.id), PROCEDURES)})："
                  f"{p.summary}" for p in procedures]
        lines.append("")
    updated = max(p.updated for p in content.procedures)
    out.add_page(PROCEDURES, title="申辦須知", updated=updated, body="\n".join(lines),
                 description="各項戶政業務的應備文件、規費、步驟與流程圖。",
                 meta={"meta_tags": meta_tags(office, title="申辦須知", updated=updated,
                                              description="各項戶政業務的申辦說明",
                                              keywords=["申辦須知", "應備文件", "規費"])})
    return section


def compile_procedure_sections(content: SiteContent, out: Output) -> list[NavItem]:
    """The procedures' two menu sections: 申辦須知, and 線上申辦 gathered from them."""
    return [compile_procedures(content, out), compile_online(content, out)]
