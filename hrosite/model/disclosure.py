"""政府資訊公開 (主動公開資訊): content/disclosures/*.yml, one item or declaration per file.

政府資訊公開法第7條第1項 lists ten kinds of information every agency must publish proactively
(docs/sources.md). Every build proves that each of the ten is either filled or declared not
applicable, with a reason (the completeness gate, hrosite/checks/completeness.py); items carry a
`review_by` date that the `check` command compares with the real date (hrosite/checks/freshness.py).

Three kinds of content are derived, never retyped:
- `generated: laws` (第1款): the laws the procedures cite in `legal_basis`;
- `generated: contact` (第3款): organisation, duties and contact details from site.yml;
- `generated: statistics` (第5款): a link to the statistics section.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, RootModel

from ..findings import Finding
from ..sources import Document, load_yaml_file
from .form import FileInfo, check_download, claim_name
from .validation import ID_PATTERN, FieldError, Strict, review_rule, not_before, rule, validate

if TYPE_CHECKING:
    from .procedure import Procedure

DIR = "content/disclosures"


@dataclass(frozen=True)
class Category:
    """One of the ten kinds of 政府資訊公開法第7條第1項, in statutory order."""

    number: int
    numeral: str   # 一 … 十, as the law numbers its items
    text: str      # the statutory text, verbatim (docs/sources.md)
    label: str     # a short label for menus

    @property
    def heading(self) -> str:
        return f"{self.numeral}、{self.text.rstrip('。')}"

    @property
    def anchor(self) -> str:
        return f"category-{self.number}"

    @property
    def citation(self) -> str:
        return f"第{self.number}款"


CATEGORIES: tuple[Category, ...] = (
    Category(1, "一", "條約、對外關係文書、法律、緊急命令、中央法規標準法所定之命令、法規命令及地方自治法規。",
             "法規"),
    Category(2, "二", "政府機關為協助下級機關或屬官統一解釋法令、認定事實、及行使裁量權，而訂頒之解釋性規定及裁量基準。",
             "解釋性規定及裁量基準"),
    Category(3, "三", "政府機關之組織、職掌、地址、電話、傳真、網址及電子郵件信箱帳號。", "組織職掌與聯絡資訊"),
    Category(4, "四", "行政指導有關文書。", "行政指導文書"),
    Category(5, "五", "施政計畫、業務統計及研究報告。", "施政計畫、業務統計及研究報告"),
    Category(6, "六", "預算及決算書。", "預算及決算書"),
    Category(7, "七", "請願之處理結果及訴願之決定。", "請願及訴願"),
    Category(8, "八", "書面之公共工程及採購契約。", "公共工程及採購契約"),
    Category(9, "九", "支付或接受之補助。", "補助"),
    Category(10, "十", "合議制機關之會議紀錄。", "合議制機關會議紀錄"),
)
LEAD_IN = "下列政府資訊，除依第十八條規定限制公開或不予提供者外，應主動公開："

# A generated item belongs to exactly one category, and that category must have it.
GENERATED_CATEGORY = {"laws": 1, "contact": 3, "statistics": 5}
TARGETS = ("page", "file", "url", "generated")


def category(number: int) -> Category:
    return CATEGORIES[number - 1]


def describe(number: int) -> str:
    """「第4款「行政指導有關文書。」」: how messages name a category."""
    return f"{category(number).citation}「{category(number).text}」"


class Dated(Strict):
    id: str = Field(pattern=ID_PATTERN)
    category: int = Field(ge=1, le=10)
    published: dt.date
    updated: dt.date
    review_by: dt.date



@rule(Dated)
def _dates_in_order(entry: Dated, context: dict) -> list[FieldError]:
    """Published, then updated, then reviewed: each error at the date to fix."""
    return not_before(entry, "updated", "published") + review_rule(entry, context)


class NotApplicable(Dated):
    """A category that does not apply to this office, declared once, with the reason shown."""

    not_applicable: str = Field(min_length=1)


class DisclosureItem(Dated):
    """One piece of proactively published information and where the public finds it.

    Exactly one of `page` (a page of this site, as its compiled path, e.g. `contact.md` or
    `procedures/birth-registration.md#late-fine`), `file` (`files/<name>.pdf|odt|ods` beside
    the YAML file), `url` (another site, named in `site`) or `generated` is written. `page`,
    `file` and `url` may be null: the target is not confirmed yet and shows 待確認.
    """

    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    details: str | None = None
    page: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9/_-]*\.md(#[A-Za-z0-9_-]+)?$")
    file: str | None = Field(default=None, pattern=r"^files/[^/\\]+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    site: str | None = None
    generated: Literal["laws", "contact", "statistics"] | None = None

    @property
    def pending(self) -> bool:
        """True when the target is written as null: shown as 待確認."""
        return self.generated is None and not (self.page or self.file or self.url)


@rule(DisclosureItem)
def _one_target(item: DisclosureItem, context: dict) -> list[FieldError]:
    """Exactly one of page, file, url, generated; url names its site; generated fits the category."""
    given = [key for key in TARGETS if key in item.model_fields_set]
    if len(given) != 1:
        found = "、".join(given) if given else "都沒有寫"
        return [FieldError("one-target", given[1] if len(given) > 1 else "title",
                           f"page、file、url、generated 必須剛好寫一個（目前：{found}）："
                           "page＝本站頁面、file＝檔案、url＝其他網站、generated＝由網站資料產生；"
                           "位置還不確定時寫 null，網站會顯示「待確認」")]
    problems = []
    if "generated" in item.model_fields_set and item.generated is None:
        problems.append(FieldError("not-allowed", "generated", "generated 只能是 laws、contact 或 statistics"))
    if "url" in item.model_fields_set and not item.site:
        problems.append(FieldError("url-without-site", "url",
                                   "寫了 url 就要用 site 寫出網站名稱，例如「高雄市法規查詢系統」："
                                   "連結文字必須說明連到哪個網站"))
    if item.site and "url" not in item.model_fields_set:
        problems.append(FieldError("site-without-url", "site", "site 只和 url（其他網站）一起使用"))
    if item.generated and GENERATED_CATEGORY[item.generated] != item.category:
        number = GENERATED_CATEGORY[item.generated]
        problems.append(FieldError("wrong-category", "generated",
                                   f"generated: {item.generated} 只能用於第{number}款（category: {number}）"))
    return problems


class DisclosureFile(RootModel[DisclosureItem | NotApplicable]):
    """Schema of one content/disclosures/<id>.yml: an item, or a not-applicable declaration."""


@dataclass
class Disclosure:
    """A loaded file: the validated item or declaration, its source and its checked file."""

    entry: DisclosureItem | NotApplicable
    doc: Document
    file: FileInfo | None = None

    @property
    def item(self) -> DisclosureItem | None:
        return self.entry if isinstance(self.entry, DisclosureItem) else None

    @property
    def not_applicable(self) -> NotApplicable | None:
        return self.entry if isinstance(self.entry, NotApplicable) else None


def load_disclosures(root: Path) -> tuple[list[Disclosure], set[int], list[Finding]]:
    """All disclosure files, each checked, and the categories they name (even files with errors).

    Whether all ten categories are there is the completeness gate's question
    (hrosite/checks/completeness.py), asked with those categories.
    """
    loaded: list[Disclosure] = []
    findings: list[Finding] = []
    claimed: set[int] = set()  # categories named by a file, even one with other errors
    names: dict[str, tuple[str, int]] = {}   # download file name in the site → (file, line)
    for path in sorted((root / DIR).glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        doc, problems = load_yaml_file(path, rel)
        findings += problems
        if doc is None:
            continue
        raw = doc.data if isinstance(doc.data, dict) else {}
        if isinstance(raw.get("category"), int):
            claimed.add(raw["category"])
        model = NotApplicable if "not_applicable" in raw else DisclosureItem
        entry, problems = validate(doc, model)
        findings += problems
        if entry is None:
            continue
        if entry.id != path.stem:
            findings.append(doc.finding(("id",), f"id「{entry.id}」應與檔名「{path.stem}」相同",
                                        "id 決定網址，請讓檔名與 id 一致", code="id-not-file-name"))
            continue
        disclosure = Disclosure(entry, doc)
        if isinstance(entry, DisclosureItem) and entry.file:
            disclosure.file, problems = check_download(doc, ("file",), path.parent, entry.file, "")
            findings += problems
            if disclosure.file is None:
                continue
            clash = claim_name(names, doc, ("file",), disclosure.file)
            if clash:
                findings.append(clash)
                continue
        loaded.append(disclosure)
    findings += _category_rules(loaded)
    return loaded, claimed, findings


def _category_rules(disclosures: list[Disclosure]) -> list[Finding]:
    """Declared once; never both items and 不適用; the derived items stay where they belong."""
    findings: list[Finding] = []
    by_category: dict[int, list[Disclosure]] = {}
    for d in disclosures:
        by_category.setdefault(d.entry.category, []).append(d)
    for number, group in sorted(by_category.items()):
        declarations = [d for d in group if d.not_applicable]
        items = [d for d in group if d.item]
        for extra in declarations[1:]:
            findings.append(extra.doc.finding(("not_applicable",),
                                              f"{category(number).citation}已在 {declarations[0].doc.file} "
                                              "宣告不適用，只能宣告一次", "刪除其中一個檔案",
                                              code="declared-twice"))
        if declarations and items:
            findings.append(declarations[0].doc.finding(
                ("not_applicable",),
                f"{category(number).citation}已有公開項目（{'、'.join(d.entry.id for d in items)}），"
                "不可同時宣告不適用", "刪除不適用的宣告，或移除該款的項目",
                code="items-and-not-applicable"))
    for kind, number in GENERATED_CATEGORY.items():
        group = by_category.get(number, [])
        makers = [d for d in group if d.item and d.item.generated == kind]
        for extra in makers[1:]:
            findings.append(extra.doc.finding(("generated",),
                                              f"generated: {kind} 已由 {makers[0].doc.file} 產生，只能有一個",
                                              code="generated-twice"))
        if group and not makers and kind != "laws":  # laws: the completeness gate names them
            first = group[0]
            findings.append(first.doc.finding(
                ("category",),
                f"{describe(number)}須由網站資料自動產生，不可只靠人工填寫"
                f"（需要一個 generated: {kind} 的項目）",
                f"新增一個 category: {number}、generated: {kind} 的項目"
                + ("；第3款的組織、地址、電話等一律取自 site.yml" if kind == "contact" else ""),
                code="generated-missing"))
    return findings


# ---------------------------------------------------------------------------------------------
# Derived content


@dataclass
class CitedLaw:
    """A law named in the procedures' legal bases, with who cites it (第1款, derived)."""

    name: str
    url: str | None
    procedures: list["Procedure"] = field(default_factory=list)
    articles: dict[str, list[str]] = field(default_factory=dict)  # procedure id -> 第N條 …

    @property
    def updated(self) -> dt.date:
        return max(p.updated for p in self.procedures)


def cited_laws(procedures: list["Procedure"]) -> list[CitedLaw]:
    """Every law cited by a procedure, the most often cited first, then by name (deterministic).

    The URL is the one the procedures give most often (ties: the first in sort order);
    None when no procedure gives one.
    """
    laws: dict[str, CitedLaw] = {}
    urls: dict[str, Counter] = {}
    citations: Counter = Counter()
    for procedure in sorted(procedures, key=lambda p: p.id):
        for basis in procedure.legal_basis:
            citations[basis.law] += 1
            law = laws.setdefault(basis.law, CitedLaw(basis.law, None))
            if procedure.id not in law.articles:   # by id: model equality is slow at scale
                law.procedures.append(procedure)
            articles = law.articles.setdefault(procedure.id, [])
            if basis.article and basis.article not in articles:
                articles.append(basis.article)
            if basis.url:
                urls.setdefault(basis.law, Counter())[basis.url] += 1
    for name, counter in urls.items():
        laws[name].url = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return sorted(laws.values(), key=lambda law: (-citations[law.name], law.name))


def shown_updated(d: Disclosure, office_updated: dt.date, procedures: list["Procedure"]) -> dt.date:
    """The 更新日期 shown: a derived item is as new as the data it is derived from.

    office_updated is site.yml's `updated` (第3款 contact), procedures those citing laws (第1款).
    """
    item = d.item
    if item is None or item.generated is None:
        return d.entry.updated
    if item.generated == "contact":
        return max(item.updated, office_updated)
    if item.generated == "laws":
        return max([item.updated] + [law.updated for law in cited_laws(procedures)])
    return item.updated
