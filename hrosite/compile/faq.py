"""常見問答: a page per category, every question an anchored heading, FAQPage JSON-LD."""

from __future__ import annotations

import json

from ..content import SiteContent
from ..model.faq import FaqFile
from ..urls import FAQ, faq_path, form_anchor, procedure_path
from .markup import plain
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output


def faq_jsonld(faq: FaqFile) -> str:
    """schema.org FAQPage with plain-text answers, as search engines expect."""
    data = {"@context": "https://schema.org", "@type": "FAQPage",
            "mainEntity": [{"@type": "Question", "name": e.question,
                            "acceptedAnswer": {"@type": "Answer", "text": plain(e.answer)}}
                           for e in faq.entries]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _entry_markdown(content: SiteContent, entry, path: str) -> list[str]:
    lines = [f"## {entry.question} {{#{entry.id}}}", "", entry.answer.strip(), ""]
    related = [f"[{p.title}]({page_url(procedure_path(p.id), path)})"
               for p in (content.procedure(i) for i in entry.procedures) if p]
    related += [f"[{f.title}]({page_url(form_anchor(f.id), path)})"
                for f in (content.form(i) for i in entry.forms) if f]
    if related:
        lines += ["相關：" + "、".join(related), ""]
    return lines


def compile_faq(content: SiteContent, out: Output) -> NavItem:
    office = content.office
    order = [c.id for c in office.categories]
    files = sorted(content.faq, key=lambda f: order.index(f.category) if f.category in order else 99)
    section = NavItem("常見問答", FAQ)
    index_lines = ["依業務分類整理民眾常問的問題。每一題都有固定網址，可以直接分享給親友。", ""]
    for faq in files:
        category = office.category(faq.category)
        path = faq_path(faq.category)
        title = f"常見問答：{category.title}"
        lines = []
        for entry in faq.entries:
            lines += _entry_markdown(content, entry, path)
        updated = max([faq.updated] + [e.updated for e in faq.entries])
        keywords = [k for e in faq.entries for k in e.keywords]
        out.add_page(path, title=title, updated=updated, body="\n".join(lines),
                     description=f"{category.title}的常見問題與解答。",
                     meta={"meta_tags": meta_tags(office, title=title, updated=updated,
                                                  description=f"{category.title}常見問答",
                                                  keywords=["常見問答", *keywords[:10]]),
                           "jsonld": faq_jsonld(faq)},
                     service_class=[category.service_class] if category.service_class else [])
        section.children.append(NavItem(category.title, path))
        index_lines += [f"## [{category.title}]({page_url(path, FAQ)})", ""]
        index_lines += [f"- [{e.question}]({page_url(path, FAQ)}#{e.id})"
                        for e in faq.entries]
        index_lines.append("")
    updated = max(f.updated for f in content.faq)
    out.add_page(FAQ, title="常見問答", updated=updated, body="\n".join(index_lines),
                 description="戶政業務常見問答。",
                 meta={"meta_tags": meta_tags(office, title="常見問答", updated=updated,
                                              description="戶政業務常見問答",
                                              keywords=["常見問答", "FAQ"])})
    return section
