"""Legal facts the pages print, each with the law and the public source it comes from.

Every value is listed in docs/sources.md §3 with its source and how reliable it is; change one
only together with that entry. A fact whose source is not known is not written here: the page
shows 「待確認」 instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FineBand:
    """One row of a fine schedule: how late (in Chinese and English) and the amount in NT$."""

    zh: str
    en: str
    amount: int


@dataclass(frozen=True)
class FineSchedule:
    law: str         # the article that sets the fine
    basis: str       # the rule that sets the amounts
    source: str      # where both were read (docs/sources.md §3)
    bands: tuple[FineBand, ...]


# 戶籍法 §79: NT$300–900, NT$900 after a written reminder; amounts per band by the MOI schedule.
LATE_REGISTRATION = FineSchedule(
    law="戶籍法第79條",
    basis="內政部 99-09-17 台內戶字第0990186657號令（戶籍罰鍰處罰金額基準表）",
    source="https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=D0030006",
    bands=(
        FineBand("1 至 15 日", "1 to 15 days late", 300),
        FineBand("16 至 30 日", "16 to 30 days late", 500),
        FineBand("31 至 180 日", "31 to 180 days late", 700),
        FineBand("181 日以上", "181 days or more late", 900),
        FineBand("經書面催告仍不申請", "Still not applied after a written reminder", 900),
    ),
)
