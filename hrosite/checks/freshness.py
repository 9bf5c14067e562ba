"""Gate "freshness": content past its review date (政府資訊公開法 §6 「適時」).

Only `check` calls this, with the real date: the build itself never reads the clock.
Pull requests get warnings; `check --strict-freshness` (nightly) turns them into errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..findings import Finding
from ..sources import load_yaml_file
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
    findings += badge_freshness(content, today)
    return findings


def badge_freshness(content: "SiteContent", today: dt.date) -> list[Finding]:
    """An expired 無障礙標章 (valid 3 years, 辦法 §5) must be renewed or taken down."""
    badge = content.office.badge
    if badge.expires is None or badge.expires >= today:
        return []
    doc, _ = load_yaml_file(content.root / "site.yml", "site.yml")
    where = doc.finding(("badge", "expires"), "", None) if doc else Finding("site.yml")
    return [replace(where, gate="freshness", severity="warning",
                    message=f"無障礙標章已於 {badge.expires.isoformat()} 到期（badge expired），"
                            f"{(today - badge.expires).days} 天前",
                    hint="重新申請無障礙檢測並更新 site.yml 的 badge（標章效期 3 年）；"
                         "在取得新標章前，把 badge 的各欄改回 null，首頁就不再顯示過期的標章")]
