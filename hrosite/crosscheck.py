"""Checks that need the whole site: references resolve, pages exist, §7 is complete.

A typo in an id is an error at its line. Models check one file; what needs several files is here.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from . import urls
from .checks.completeness import completeness_findings
from .cite import findings as cite_findings
from .findings import Finding
from .kinds import KINDS, items
from .model.facts import known_names
from .sources import stems

if TYPE_CHECKING:
    from .content import SiteContent

# Where staff find the valid ids of each kind, for an id with no near match.
CATEGORIES = "site.yml 的 categories"
FORMS = "forms/forms.yml 各書表的 id: 欄位"
PROCEDURES = "content/procedures/ 的檔名（例如 id-card.yml 的 id 是 id-card）"


def _suggest(value: str, known: list[str], where: str | None = None, prefix: str = "") -> str:
    """A near miss (a typo) is suggested; a far one would mislead, so then say where the ids are."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    if close:
        return f"是不是要寫 {prefix}{close[0]}？"
    if where is None or len(known) <= 10:
        return "可以寫：" + "、".join(prefix + k for k in sorted(known)) + (f"（見 {where}）" if where else "")
    return f"正確的 id 寫在 {where}"


def _unknown(kind: str, value: str, known: list[str], where: str) -> tuple[str, str]:
    return f"找不到{kind}「{value}」（unknown id）", _suggest(value, known, where)


def _office_fields(content: "SiteContent") -> list[Finding]:
    """`{{ office.x }}` in a page must be a plain name the page can cite: reported at its line."""
    names = known_names(content.office)
    return [f for page in content.pages for f in cite_findings(page.body, names, page.rel, page.body_line)]


def _top_tasks(content: "SiteContent", procedure_ids: list[str]) -> list[Finding]:
    """Every top task names an existing procedure, once; only the home page may list them."""
    findings = []
    for page in content.pages:
        if not page.meta.top_tasks or page.doc is None:
            continue
        if page.meta.section != "home":
            findings.append(page.doc.finding(("top_tasks",),
                                             "只有首頁可以列常用服務（top_tasks only on the home page）",
                                             "把 top_tasks: 移到 content/index.md"))
            continue
        seen: set[str] = set()
        for n, procedure_id in enumerate(page.meta.top_tasks):
            if procedure_id not in procedure_ids:
                findings.append(page.doc.finding(("top_tasks", n),
                                                 *_unknown("申辦項目", procedure_id, procedure_ids,
                                                           PROCEDURES)))
            elif procedure_id in seen:
                findings.append(page.doc.finding(("top_tasks", n),
                                                 f"常用服務「{procedure_id}」重複（duplicate top task）",
                                                 "每個申辦項目只列一次，刪除這一行"))
            seen.add(procedure_id)
    return findings


def cross_check(content: "SiteContent") -> list[Finding]:
    findings: list[Finding] = []
    categories = [c.id for c in content.office.categories]
    # ids declared in files that failed to load still count: their own errors are reported,
    # and one broken file must not flood every reference to it with a second error.
    procedure_ids = sorted({p.id for p in content.procedures} | content.declared_procedures)
    form_ids = sorted({f.id for f in content.forms} | content.declared_forms)
    docs = content.documents
    check_forms = "forms" in docs  # forms.yml unreadable: its own error is the one to fix

    for procedure in content.procedures:
        doc = docs[f"procedure:{procedure.id}"]
        if procedure.category not in categories:
            findings.append(doc.finding(("category",), *_unknown("業務分類", procedure.category, categories,
                                                                 CATEGORIES)))
        for index, form_id in enumerate(procedure.forms):
            if check_forms and form_id not in form_ids:
                findings.append(doc.finding(("forms", index), *_unknown("書表", form_id, form_ids, FORMS)))

    if check_forms:
        for index, form in enumerate(content.forms):
            if form.category not in categories:
                findings.append(docs["forms"].finding(("forms", index, "category"),
                                                      *_unknown("業務分類", form.category, categories,
                                                                CATEGORIES)))

    seen: dict[str, str] = {}  # id -> "file:line" of its first use
    for faq in content.faq:
        doc = docs[f"faq:{faq.category}"]
        if faq.category not in categories:
            findings.append(doc.finding(("category",), *_unknown("業務分類", faq.category, categories,
                                                                 CATEGORIES)))
        for index, entry in enumerate(faq.entries):
            if entry.id in seen:
                findings.append(doc.finding(("entries", index, "id"),
                                            f"問答 id「{entry.id}」重複（duplicate id），{seen[entry.id]} 已使用",
                                            "換一個沒用過的英文 id"))
            seen.setdefault(entry.id, f"{doc.file}:{doc.where(('entries', index, 'id'))[0]}")
            for n, procedure_id in enumerate(entry.procedures):
                if procedure_id not in procedure_ids:
                    findings.append(doc.finding(("entries", index, "procedures", n),
                                                *_unknown("申辦項目", procedure_id, procedure_ids,
                                                          PROCEDURES)))
            for n, form_id in enumerate(entry.forms):
                if check_forms and form_id not in form_ids:
                    findings.append(doc.finding(("entries", index, "forms", n),
                                                *_unknown("書表", form_id, form_ids, FORMS)))

    findings += _top_tasks(content, procedure_ids)
    findings += _office_fields(content)
    findings += disclosure_pages(content)
    findings += completeness_findings(content.disclosures, content.procedures,
                                      content.declared_categories)  # §7: ten categories, cited laws
    return findings


def internal_pages(content: "SiteContent") -> set[str]:
    """Compiled Markdown paths a disclosure's `page:` may point to (the paths compile writes)."""
    pages = {urls.HOME, urls.SITEMAP, urls.DISCLOSURES}
    for kind in KINDS:
        loaded = items(content, kind)
        if loaded and kind.index:
            pages.add(kind.index)
        if kind.pages is not None:
            pages |= {path for item in loaded for path in kind.pages(item)}
    return pages


def unloaded_pages(content: "SiteContent") -> set[str]:
    """Pages of source files that exist but did not load: their own errors are reported already."""
    pages = set()
    for kind in KINDS:
        if kind.folder and kind.url and kind.stem:
            loaded = {kind.stem(item) for item in items(content, kind)}
            pages |= {kind.url(stem) for stem in stems(content.root / kind.folder) - loaded}
    return pages


def disclosure_pages(content: "SiteContent") -> list[Finding]:
    """A disclosure's `page:` names a page of this site."""
    findings: list[Finding] = []
    known = internal_pages(content) | unloaded_pages(content)
    for d in content.disclosures:
        item = d.item
        if item and item.page and item.page.split("#")[0] not in known:
            findings.append(d.doc.finding(
                ("page",), f"本站沒有頁面「{item.page.split('#')[0]}」（unknown page）",
                "寫編譯後的頁面路徑，例如 contact.md、procedures/index.md、"
                "procedures/birth-registration.md#late-fine"))
    return findings
