"""site.yml: the office itself, written once and referenced everywhere else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..findings import Finding
from ..sources import load_yaml_file
from ..stats.cells import formula_problem
from .validation import ID_PATTERN, FieldError, Strict, duplicates, not_before, rule, validate

PLACEHOLDER = "待確認"


class Contact(Strict):
    """§7 item 3 of 政府資訊公開法; null means "not confirmed yet" and shows 待確認."""

    address: str | None
    postal_code: str | None
    phone: str | None
    fax: str | None
    email: str | None
    website: str | None
    hours: str | None
    transport: str | None = None
    # The office's own channels; null until the office supplies them (shown as 待確認).
    booking: str | None = None       # 線上預約: a web address, or how to book
    case_status: str | None = None   # 案件進度查詢: a web address, or how to ask
    mailbox: str | None = None       # 首長信箱／民意信箱: a web form address or an e-mail address


class Metadata(Strict):
    """Defaults for the DC.* and Category.* meta tags (行政機關電子資料流通詮釋資料規範)."""

    agency_code: str | None = Field(description="機關代碼 (DC.Identifier)")
    theme: str | None = Field(description="主題分類代碼 (Category.Theme)")
    cake: str | None = Field(description="施政分類代碼 (Category.Cake)")
    service: str | None = Field(description="服務分類代碼 (Category.Service)")
    coverage: str
    keywords: list[str] = []


class Category(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    service_class: str | None = None  # 服務分類 (life event) for 分類檢索


class Village(Strict):
    """A 里 with its validity: villages merge (慈愛里 + 博愛里 → 北端里 on 2026-07-01)."""

    id: str = Field(pattern=ID_PATTERN)
    code: str | None = Field(pattern=r"^\d{11}$")
    name: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    replaced_by: str | None = None
    note: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _not_a_formula(cls, value):
        """The name fills a column of the statistics CSV files people open in a spreadsheet."""
        problem = formula_problem(value)
        if problem:
            raise FieldError("formula", (), f"{problem}；請刪除開頭的符號")
        return value

    def valid_on(self, day: dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


class Badge(Strict):
    """無障礙標章: 88×31 at the bottom of the home page, valid 3 years (辦法 §5, §6).

    All null until the office has one; never filled in by guess.
    """

    level: Literal["A", "AA", "AAA"] | None = Field(None, description="通過的檢測等級")
    expires: dt.date | None = Field(None, description="標章有效期限")
    href: str | None = Field(None, description="標章連結的網頁（數位發展部核發頁面）")
    image: str | None = Field(None, description="標章圖檔在本儲存庫中的路徑（88×31），如 content/assets/badge.png")

    def present(self) -> bool:
        return any(v is not None for v in (self.level, self.expires, self.href, self.image))

    def site_path(self) -> str | None:
        """Where the compile step puts the image in the site."""
        return f"assets/accessibility-badge{Path(self.image).suffix.lower()}" if self.image else None


class Office(Strict):
    name: str
    short_name: str
    name_en: str
    parent_agency: str
    description: str
    district: str
    contact: Contact
    metadata: Metadata
    categories: list[Category] = Field(min_length=1)
    villages: list[Village] = Field(min_length=1)
    updated: dt.date
    # Mobile numbers the office has decided to publish (e.g. a duty phone): the privacy gate
    # would otherwise take them for a person's number. Any spelling: 0912-345-678, 0912345678.
    published_mobiles: list[str] = []
    badge: Badge = Badge()

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def predecessors(self, village_id: str) -> list[Village]:
        return [v for v in self.villages if v.replaced_by == village_id]


def shown(value: str | None) -> str:
    """The value for display, or the visible placeholder when it is not confirmed."""
    return value if value else PLACEHOLDER


@rule(Village)
def _village_dates(village: Village, context: dict) -> list[FieldError]:
    return not_before(village, "valid_until", "valid_from")


@rule(Office)
def _office_rules(office: Office, context: dict) -> list[FieldError]:
    """Checks across villages and categories, each at the field to fix."""
    problems = duplicates(office.villages, "id", "villages", "里")
    ids = [v.id for v in office.villages]
    for index, village in enumerate(office.villages):
        if village.replaced_by and village.replaced_by not in ids:
            problems.append(FieldError("unknown-id", ("villages", index, "replaced_by"),
                                       f"「{village.replaced_by}」不是任何里的 id（unknown village）",
                                       "可用：" + "、".join(dict.fromkeys(ids))))
    problems += duplicates(office.categories, "id", "categories", "分類")
    if office.badge.present():
        for name in ("level", "expires", "href", "image"):
            if getattr(office.badge, name) is None:
                problems.append(FieldError("badge-incomplete", ("badge", name),
                                           f"無障礙標章缺少 {name}（badge incomplete）",
                                           "標章的 level、expires、href、image 要一起填寫；尚未取得標章時全部寫 null"))
    return problems


@rule(Office)
def _badge_image(office: Office, context: dict) -> list[FieldError]:
    """The badge image is a file in the repository (context `root`), in a format a browser shows."""
    image, root = office.badge.image, context.get("root")
    if image is None or root is None:
        return []
    path = (root / image).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return [FieldError("file-not-found", ("badge", "image"), f"找不到標章圖檔「{image}」（file not found）",
                           "把數位發展部提供的 88×31 標章圖檔放進儲存庫，並寫出它的路徑")]
    if path.suffix.lower() not in BADGE_FORMATS:
        return [FieldError("file-format", ("badge", "image"),
                           f"標章圖檔「{image}」的格式不是 {'、'.join(BADGE_FORMATS)}", "使用數位發展部提供的圖檔原檔")]
    return []


BADGE_FORMATS = (".png", ".gif", ".jpg", ".jpeg", ".svg")


def load_office(root: Path) -> tuple[Office | None, list[Finding]]:
    doc, findings = load_yaml_file(root / "site.yml", "site.yml")
    if doc is None:
        return None, findings
    office, problems = validate(doc, Office, context={"root": root})
    return office, findings + problems
