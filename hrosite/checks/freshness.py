"""Gate "freshness": content past its review date (政府資訊公開法 §6 「適時」).

Only `check` calls this, with the real date: the build itself never reads the clock.
Pull requests get warnings; `check --strict-freshness` (nightly) turns them into errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..findings import Finding
from ..model.disclosure import freshness_findings as disclosure_freshness

if TYPE_CHECKING:
    from ..content import SiteContent


def freshness_findings(content: "SiteContent", today: dt.date) -> list[Finding]:
    findings = disclosure_freshness(content, today)  # disclosures and expired banners
    for procedure in content.procedures:
        if procedure.review_by < today:
            doc = content.documents[f"procedure:{procedure.id}"]
            days = (today - procedure.review_by).days
            findings.append(replace(doc.finding(
                ("review_by",), f"「{procedure.title}」已超過檢視期限 {procedure.review_by.isoformat()}"
                f"（{days} 天，past review_by）",
                "確認規費、文件與步驟仍然正確後，更新 updated 與 review_by",
                severity="warning"), gate="freshness"))
    return findings
