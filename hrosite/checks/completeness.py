"""Gate "completeness": every kind of information 政府資訊公開法第7條第1項 names is published.

Each of the ten categories has an item or a `not_applicable` declaration, and the laws the
procedures cite are listed by a `generated: laws` item (第1款). The rule reads only the loaded
content, so the cross-check (hrosite/crosscheck.py) runs it at every build and `validate`:
a site that leaves a category out is never built, not only never published.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding
from ..model.disclosure import CATEGORIES, DIR, Disclosure, cited_laws, describe
from ..model.procedure import Procedure

GATE = "completeness"


def missing_categories(disclosures: list[Disclosure], claimed: Iterable[int] = ()) -> list[Finding]:
    """Each of the ten categories is filled or declared not applicable (§7).

    `claimed` are the categories named by files that did not load: their own errors are reported,
    and a second 「缺少」 for the same category would send staff to the wrong fix.
    """
    present = {d.entry.category for d in disclosures} | set(claimed)
    return [Finding(f"{DIR}/", None, None, "category",
                    f"缺少政府資訊公開法第7條第1項{describe(c.number)}的公開項目"
                    "（missing disclosure category）",
                    f"新增 category: {c.number} 的項目；若本所確實不適用，新增一個檔案寫 "
                    f"category: {c.number} 與 not_applicable: 理由",
                    gate=GATE, code="missing-category")
            for c in CATEGORIES if c.number not in present]


def missing_laws(disclosures: list[Disclosure], procedures: list[Procedure]) -> list[Finding]:
    """The laws the procedures cite are listed under 第1款 by a `generated: laws` item."""
    laws = cited_laws(procedures)
    if not laws or any(d.item and d.item.generated == "laws" for d in disclosures):
        return []
    return [Finding(f"{DIR}/", None, None, "generated",
                    "申辦須知引用的法規（" + "、".join(law.name for law in laws) +
                    f"）必須列在{describe(1)}（missing generated: laws）",
                    "新增一個 category: 1、generated: laws 的項目，法規清單會由申辦須知的"
                    " legal_basis 自動產生", gate=GATE, code="missing-laws")]


def completeness_findings(disclosures: list[Disclosure], procedures: list[Procedure],
                          claimed: Iterable[int] = ()) -> list[Finding]:
    """The whole gate: no category missing, no cited law left out."""
    return missing_categories(disclosures, claimed) + missing_laws(disclosures, procedures)
