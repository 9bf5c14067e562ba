"""申辦須知: one procedure per YAML file, modelled on GOV.UK's step-by-step schema.

Steps carry `and`/`or` logic and optional decision points; documents come in groups that
are required, optional or "choose one".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..findings import Finding
from .english import EnglishProcedure, english_problems
from .validation import ID_PATTERN, FieldError, Strict, duplicates, load_valid_files, review_rule, rule

DIR = "content/procedures"  # content/procedures/<id>.yml: the file name is the id

# A heading or a step must say something: '' or spaces would build a page with an empty heading.
Heading = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Deadline(Strict):
    period: str
    late_fine: bool = False  # True → the page shows the 戶籍法第79條 fine schedule


class DocumentItem(Strict):
    name: str
    note: str | None = None


class DocumentGroup(Strict):
    title: Heading
    kind: Literal["required", "optional", "choice"]
    items: list[DocumentItem] = Field(min_length=1)


class Fee(Strict):
    item: str
    amount: int | None = Field(ge=0)  # NT$; null = 待確認
    basis: str | None = None
    note: str | None = None


class Decision(Strict):
    question: str
    if_not: str
    goto: str | None = None


class Step(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Heading
    text: str | None = None
    logic: Literal["and", "or"] = "and"
    decision: Decision | None = None


class LegalBasis(Strict):
    law: str
    article: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://")

    @property
    def label(self) -> str:
        return f"{self.law}{self.article or ''}"


class OnlineService(Strict):
    """A national online service for this procedure: what it does, on whose site, what it needs.

    The link text names the site (「申請電子戶籍謄本（內政部戶政司全球資訊網）」), as every external
    link of the site does.
    """

    title: str = Field(min_length=1)
    site: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")
    needs: list[str] = []
    note: str | None = None


class Procedure(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Heading
    category: str
    order: int = 100   # place within its category (smaller first); ties keep the file-name order
    summary: Heading
    applicants: list[str] = Field(min_length=1)
    where: str
    deadline: Deadline | None = None
    documents: list[DocumentGroup] = Field(min_length=1)
    fees: list[Fee] = []
    processing_time: str | None
    steps: list[Step] = Field(min_length=2)
    tips: list[str] = []
    legal_basis: list[LegalBasis] = []
    forms: list[str] = []
    online: list[OnlineService] = []   # 線上辦理: national services (shown here and on 線上申辦)
    en: EnglishProcedure | None = None  # English text; without it the procedure has no English page
    updated: dt.date
    review_by: dt.date


@rule(Procedure)
def _procedure_rules(procedure: Procedure, context: dict) -> list[FieldError]:
    """Checks across fields, each at the field to fix."""
    problems = duplicates(procedure.steps, "id", "steps", "步驟")
    ids = [s.id for s in procedure.steps]
    for index, step in enumerate(procedure.steps):
        if step.decision and step.decision.goto and step.decision.goto not in ids:
            problems.append(FieldError("unknown-id", ("steps", index, "decision", "goto"),
                                       f"goto「{step.decision.goto}」不是本流程的步驟 id（unknown step）",
                                       "可用：" + "、".join(ids)))
    if procedure.steps[-1].logic == "or":
        problems.append(FieldError("last-step-or", ("steps", len(ids) - 1, "logic"),
                                   "最後一個步驟不可設為 logic: or（後面沒有可選的步驟）", "改為 and 或刪除這一行"))
    return problems + review_rule(procedure, context) + english_problems(procedure)


def load_procedures(root: Path) -> tuple[list[tuple[Procedure, object]], list[Finding]]:
    """Returns (procedure, its YAML document) pairs, so cross-checks can point at lines."""
    items = []
    valid, findings = load_valid_files(root, DIR, Procedure)
    for path, doc, procedure in valid:
        if procedure.id != path.stem:
            findings.append(doc.finding(("id",), f"id「{procedure.id}」應與檔名「{path.stem}」相同"
                                                 "（id must match the file name）",
                                        "id 決定網址，請讓檔名與 id 一致", code="id-not-file-name"))
            continue
        items.append((procedure, doc))
    items.sort(key=lambda pair: pair[0].order)   # stable: equal orders stay in file-name order
    return items, findings
