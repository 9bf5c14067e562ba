"""The English text of a procedure: an optional `en:` block beside the Chinese in the same YAML.

Rule: an English page is published only when the `en:` block covers every item of the
Chinese one — the same applicants, document groups and items, fees with the same amounts,
steps, tips and online services, in the same order. A mismatch is an error pointing at the
Chinese item that has no English (or at the English item that has no Chinese), so a page is
never shown half translated. Amounts are written again in English and must be equal: staff
see the number they are translating, and a fee changed in Chinese only is caught.
"""

from __future__ import annotations

from pydantic import Field

from .validation import FieldError, Strict


class EnglishItem(Strict):
    name: str = Field(min_length=1)
    note: str | None = None


class EnglishDocumentGroup(Strict):
    title: str = Field(min_length=1)
    items: list[EnglishItem] = Field(min_length=1)


class EnglishFee(Strict):
    item: str = Field(min_length=1)
    amount: int | None = Field(ge=0)  # NT$; must equal the Chinese amount (null = to be confirmed)
    note: str | None = None


class EnglishDecision(Strict):
    question: str = Field(min_length=1)
    if_not: str = Field(min_length=1)


class EnglishStep(Strict):
    title: str = Field(min_length=1)
    text: str | None = None
    decision: EnglishDecision | None = None


class EnglishOnline(Strict):
    title: str = Field(min_length=1)
    site: str = Field(min_length=1)
    note: str | None = None


class EnglishProcedure(Strict):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    applicants: list[str] = Field(min_length=1)
    where: str = Field(min_length=1)
    deadline: str | None = None          # the Chinese deadline.period, in English
    documents: list[EnglishDocumentGroup] = Field(min_length=1)
    fees: list[EnglishFee] = []
    processing_time: str | None = None
    steps: list[EnglishStep] = Field(min_length=2)
    tips: list[str] = []
    online: list[EnglishOnline] = []
    note: str | None = None              # English only: e.g. "ID cards are for nationals"


Problem = FieldError   # codes: missing-translation, extra-translation, amount-differs

_ADD = "在 en: 的同一位置加上這一項的英文"
_REMOVE = "刪除 en: 裡多出的這一項，或在中文加上對應的項目"


def _count(zh: list, en: list, path: tuple, what: str) -> list[Problem]:
    """One problem for the first item that has no counterpart, at that item."""
    if len(en) < len(zh):
        return [FieldError("missing-translation", path + (len(en),),
                           f"{what}第 {len(en) + 1} 項沒有英文（missing in en:）", _ADD)]
    if len(en) > len(zh):
        return [FieldError("extra-translation", ("en",) + path + (len(zh),),
                           f"en: 的{what}比中文多一項（extra in en:）：中文只有 {len(zh)} 項", _REMOVE)]
    return []


def _presence(zh, en, zh_path: tuple, what: str) -> list[Problem]:
    """A field written in Chinese must be translated, and only then."""
    if zh is not None and en is None:
        return [FieldError("missing-translation", zh_path, f"{what}沒有英文（missing in en:）", _ADD)]
    if zh is None and en is not None:
        return [FieldError("extra-translation", ("en",) + zh_path, f"en: 有{what}，中文卻沒有（extra in en:）",
                           _REMOVE)]
    return []


def english_problems(procedure) -> list[Problem]:
    """Where the `en:` block does not mirror the Chinese procedure; empty if there is none."""
    en: EnglishProcedure | None = procedure.en
    if en is None:
        return []
    p = procedure
    problems = _count(p.applicants, en.applicants, ("applicants",), "誰可以申請（applicants）")
    problems += _presence(p.deadline, en.deadline, ("deadline",), "申請期限（deadline）")
    problems += _presence(p.processing_time, en.processing_time, ("processing_time",),
                          "辦理時間（processing_time）")
    problems += _count(p.documents, en.documents, ("documents",), "應備文件的分組（documents）")
    for g, (zh_group, en_group) in enumerate(zip(p.documents, en.documents)):
        problems += _count(zh_group.items, en_group.items, ("documents", g, "items"),
                           f"「{zh_group.title}」的文件（items）")
        for i, (zh_item, en_item) in enumerate(zip(zh_group.items, en_group.items)):
            problems += _presence(zh_item.note, en_item.note, ("documents", g, "items", i, "note"),
                                  f"「{zh_item.name}」的說明（note）")
    problems += _count(p.fees, en.fees, ("fees",), "規費（fees）")
    for f, (zh_fee, en_fee) in enumerate(zip(p.fees, en.fees)):
        if zh_fee.amount != en_fee.amount:
            shown = "null" if zh_fee.amount is None else zh_fee.amount
            problems.append(FieldError("amount-differs", ("fees", f, "amount"),
                             f"規費「{zh_fee.item}」中文是 {shown}，en: 寫 "
                             f"{'null' if en_fee.amount is None else en_fee.amount}（amount differs）",
                             f"en: fees 第 {f + 1} 項的 amount 改成 {shown}"))
    problems += _count(p.steps, en.steps, ("steps",), "辦理步驟（steps）")
    for s, (zh_step, en_step) in enumerate(zip(p.steps, en.steps)):
        problems += _presence(zh_step.text, en_step.text, ("steps", s, "text"),
                              f"步驟「{zh_step.title}」的說明（text）")
        problems += _presence(zh_step.decision, en_step.decision, ("steps", s, "decision"),
                              f"步驟「{zh_step.title}」的判斷（decision）")
    problems += _count(p.tips, en.tips, ("tips",), "貼心小叮嚀（tips）")
    problems += _count(p.online, en.online, ("online",), "線上辦理（online）")
    return problems
