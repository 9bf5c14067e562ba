"""Gate "freshness": content the real date has overtaken (政府資訊公開法 §6 「適時」).

One rule per kind, all here: a disclosure or procedure past its `review_by`, a news item the
site still shows after its `expiry`, an expired 無障礙標章. Only `check` calls this, with the
real date: the build itself never reads the clock (README.md "Conventions"). Pull requests get
warnings; `check --strict-freshness` (nightly) turns them into errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..findings import Finding
from ..kinds import KINDS, resolve
from ..model.disclosure import category
from ..sources import load_yaml_file

if TYPE_CHECKING:
    from ..content import SiteContent

GATE = "freshness"


def freshness_findings(content: "SiteContent", today: dt.date) -> list[Finding]:
    """Every freshness warning of the site at `today`: each kind's rule (kinds.py), then site.yml's."""
    findings: list[Finding] = []
    for kind in KINDS:
        if kind.freshness is not None:
            findings += resolve(kind.freshness)(content, today)
    return findings + badge_expiry(content, today)


def _warning(finding: Finding) -> Finding:
    return replace(finding, severity="warning", gate=GATE)


def disclosure_review(content: "SiteContent", today: dt.date) -> list[Finding]:
    """Disclosures (items and 不適用 declarations) past their `review_by` date."""
    findings: list[Finding] = []
    for d in content.disclosures:
        entry = d.entry
        if entry.review_by < today:
            days = (today - entry.review_by).days
            what = d.item.title if d.item else f"{category(entry.category).citation}不適用的宣告"
            findings.append(_warning(d.doc.finding(
                ("review_by",), f"「{what}」已超過檢視期限 {entry.review_by.isoformat()}"
                f"（{days} 天，past review_by）",
                "確認內容仍然正確後，更新 updated 與 review_by；內容若有變更也請一併修正")))
    return findings


def banner_expiry(content: "SiteContent", today: dt.date) -> list[Finding]:
    """News the real date has expired but the site still shows (banner or home-page list).

    The built site only moves its reference date when the content changes, so the nightly
    check is what notices that an item has outlived its expiry: the content needs an edit.
    """
    reference = content.reference_date()
    findings = []
    for item in content.news:
        if item.meta.expiry is None or item.expired(reference) or item.meta.expiry >= today:
            continue
        where = "橫幅公告" if item.meta.banner else "首頁消息"
        findings.append(_warning(item.doc.finding(
            ("expiry",), f"{where}「{item.meta.title}」已於 {item.meta.expiry.isoformat()} 到期，"
            "但網站仍顯示（網站以內容最新的日期判斷是否過期）",
            ("把 banner 改為 false，或" if item.meta.banner else "")
            + "更新任一內容（例如 site.yml 的 updated）後重新發布")))
    return findings


def procedure_review(content: "SiteContent", today: dt.date) -> list[Finding]:
    """Procedures past their `review_by` date: fees, documents and steps need a look."""
    findings = []
    for procedure in content.procedures:
        if procedure.review_by < today:
            doc = content.documents[f"procedure:{procedure.id}"]
            days = (today - procedure.review_by).days
            findings.append(_warning(doc.finding(
                ("review_by",), f"「{procedure.title}」已超過檢視期限 {procedure.review_by.isoformat()}"
                f"（{days} 天，past review_by）",
                "確認規費、文件與步驟仍然正確後，更新 updated 與 review_by")))
    return findings


def badge_expiry(content: "SiteContent", today: dt.date) -> list[Finding]:
    """An expired 無障礙標章 (valid 3 years, 辦法 §5) must be renewed or taken down."""
    badge = content.office.badge
    if badge.expires is None or badge.expires >= today:
        return []
    doc, _ = load_yaml_file(content.root / "site.yml", "site.yml")
    where = doc.finding(("badge", "expires"), "", None) if doc else Finding("site.yml")
    return [replace(where, gate=GATE, severity="warning",
                    message=f"無障礙標章已於 {badge.expires.isoformat()} 到期（badge expired），"
                            f"{(today - badge.expires).days} 天前",
                    hint="重新申請無障礙檢測並更新 site.yml 的 badge（標章效期 3 年）；"
                         "在取得新標章前，把 badge 的各欄改回 null，首頁就不再顯示過期的標章")]
