"""References between content files must resolve: a typo in an id is an error at its line."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from .findings import Finding
from .model.disclosure import disclosure_cross_check

if TYPE_CHECKING:
    from .content import SiteContent


def _unknown(kind: str, value: str, known: list[str]) -> tuple[str, str]:
    """Name the closest ids first, so the right one is never cut off the list."""
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    if close:
        hint = "是不是要寫：" + "、".join(close) + "？"
    else:
        hint = "可用的 id：" + "、".join(sorted(known)[:10]) + ("…" if len(known) > 10 else "")
    return f"找不到{kind}「{value}」（unknown id）", hint


def cross_check(content: "SiteContent") -> list[Finding]:
    findings: list[Finding] = []
    categories = [c.id for c in content.office.categories]
    # ids declared in files that failed to load still count: their own errors are reported,
    # and one broken file must not flood every reference to it with a second error.
    procedure_ids = sorted({p.id for p in content.procedures} | content.declared_procedures)
    form_ids = sorted({f.id for f in content.forms} | content.declared_forms)
    docs = content.documents

    for procedure in content.procedures:
        doc = docs[f"procedure:{procedure.id}"]
        if procedure.category not in categories:
            findings.append(doc.finding(("category",), *_unknown("業務分類", procedure.category, categories)))
        for index, form_id in enumerate(procedure.forms):
            if form_id not in form_ids:
                findings.append(doc.finding(("forms", index), *_unknown("書表", form_id, form_ids)))

    if "forms" in docs:
        for index, form in enumerate(content.forms):
            if form.category not in categories:
                findings.append(docs["forms"].finding(("forms", index, "category"),
                                                      *_unknown("業務分類", form.category, categories)))

    seen: dict[str, str] = {}  # id -> "file:line" of its first use
    for faq in content.faq:
        doc = docs[f"faq:{faq.category}"]
        if faq.category not in categories:
            findings.append(doc.finding(("category",), *_unknown("業務分類", faq.category, categories)))
        for index, entry in enumerate(faq.entries):
            if entry.id in seen:
                findings.append(doc.finding(("entries", index, "id"),
                                            f"問答 id「{entry.id}」重複（duplicate id），{seen[entry.id]} 已使用",
                                            "換一個沒用過的英文 id"))
            seen.setdefault(entry.id, f"{doc.file}:{doc.where(('entries', index, 'id'))[0]}")
            for n, procedure_id in enumerate(entry.procedures):
                if procedure_id not in procedure_ids:
                    findings.append(doc.finding(("entries", index, "procedures", n),
                                                *_unknown("申辦項目", procedure_id, procedure_ids)))
            for n, form_id in enumerate(entry.forms):
                if form_id not in form_ids:
                    findings.append(doc.finding(("entries", index, "forms", n),
                                                *_unknown("書表", form_id, form_ids)))

    findings += disclosure_cross_check(content)  # pages exist; every cited law is disclosed (§7 第1款)
    return findings
