"""書表下載: the files copied into the site and an index grouped by category."""

from __future__ import annotations

from ..content import SiteContent
from ..urls import FORMS, procedure_path
from .downloads import FILES_DIR, download_links
from .markup import md_inline
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output

PAGE = FORMS


def forms_serving(content: SiteContent) -> dict[str, list]:
    """form id → procedures that list it (derived from the procedures, not typed twice)."""
    serving: dict[str, list] = {}
    for procedure in content.procedures:
        for form_id in procedure.forms:
            serving.setdefault(form_id, []).append(procedure)
    return serving


def compile_forms(content: SiteContent, out: Output) -> NavItem:
    office = content.office
    for files in content.form_files.values():
        for info in files.values():
            out.add_bytes(f"{FILES_DIR}/{info.name}", info.source.read_bytes())

    serving = forms_serving(content)
    lines = ["本頁書表提供 **ODT**（可用 LibreOffice 等免費軟體編輯）與 **PDF**（可直接列印）兩種格式。",
             "標示「範例」的書表僅供參考，正式表單以本所櫃台提供者為準。", ""]
    for category in office.categories:
        forms = [f for f in content.forms if f.category == category.id]
        if not forms:
            continue
        lines += [f"## {category.title} {{#{category.id}}}", ""]
        for form in forms:
            links = download_links(form, content.form_files.get(form.id, {}), PAGE)
            title = form.title + (f"（表號 {form.number}）" if form.number else "")
            lines.append(f"### {title}{'（範例）' if form.sample else ''} {{#{form.id}}}")
            lines.append("")
            lines.append(md_inline(form.description))
            lines.append("")
            lines.append("下載：" + "、".join(f"[{link['text']}]({link['href']})" for link in links))
            lines.append("")
            procedures = serving.get(form.id, [])
            if procedures:
                lines.append("用於：" + "、".join(
                    f"[{p.title}]({page_url(procedure_path(p.id), PAGE)})" for p in procedures))
                lines.append("")
    updated = max(f.updated for f in content.forms)
    out.add_page(PAGE, title="書表下載", updated=updated, body="\n".join(lines),
                 description="戶政業務申請書表下載（ODT 與 PDF）。",
                 meta={"meta_tags": meta_tags(office, title="書表下載", updated=updated,
                                              description="戶政業務申請書表下載",
                                              keywords=["書表下載", "申請書", "ODT", "PDF"],
                                              page_type="表單")},
                 service_class=["綜合服務"])
    return NavItem("書表下載", PAGE)
