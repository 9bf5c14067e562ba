"""`hrosite new-office`: a new office folder from a few facts and an existing office's generic content.

Rule: the new folder holds the generic parts of the source office (procedures, FAQ, disclosures,
forms sources, pages, engine settings) with the source office's identity replaced, and
「待確認」/null for every fact nobody gave. Nothing that names the source office, its district or
its villages may remain: text that exists only because of them (a news item or FAQ entry about
one of its villages, its history page, its statistics) is left out or replaced by neutral text,
and a final scan refuses the scaffold (writing nothing) if any trace is left.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PLACEHOLDER = "待確認"
# Copied from the source office (then rewritten); everything else is written here.
COPIED = ("mkdocs.yml", "overrides", "content", "faq", "forms/forms.yml", "forms/src", "forms/README.md",
          "stats/datasets.yml")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".csv", ".json", ".html", ".txt", ".css", ".js"}
# Contact fields when the source's site.yml has none; otherwise the source's keys, all null.
CONTACT_KEYS = ("address", "postal_code", "phone", "fax", "email", "website", "hours", "transport")
_CITY = re.compile(r"^(.+?[市縣])")


class ScaffoldError(ValueError):
    """The facts or the source office cannot give a clean new office; the message says why."""


@dataclass
class Identity:
    """How an office names itself; `district_short` drops the city (高雄市鹽埕區 → 鹽埕區)."""

    name: str
    district: str
    villages: list[str]
    short_name: str = ""
    name_en: str | None = None
    parent_agency: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def city(self) -> str:
        m = _CITY.match(self.district)
        return m.group(1) if m else ""

    @property
    def district_short(self) -> str:
        return self.district[len(self.city):] or self.district

    @property
    def district_core(self) -> str:
        """The bare place name (鹽埕): district_short without its 區/鄉/鎮/市 suffix."""
        short = self.district_short
        return short[:-1] if len(short) > 2 and short[-1] in "區鄉鎮市" else short


def source_identity(root: Path) -> Identity:
    """The identity of the office at root, read from its site.yml."""
    try:
        data = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScaffoldError(f"{root / 'site.yml'}: 讀不到來源事務所的基本資料（site.yml）：{exc}") from None
    return Identity(name=data["name"], district=data["district"], short_name=data["short_name"],
                    name_en=data.get("name_en"), parent_agency=data.get("parent_agency"),
                    villages=[v["name"] for v in data.get("villages") or []],
                    extra={"categories": data.get("categories") or [],
                           "contact_keys": list((data.get("contact") or {}).keys()),
                           "package": _package_name(root)})


def _package_name(root: Path) -> str | None:
    try:
        data = yaml.safe_load((root / "stats" / "datasets.yml").read_text(encoding="utf-8"))
        return (data.get("package") or {}).get("name")
    except (OSError, yaml.YAMLError, AttributeError):
        return None


def new_identity(facts_file: str | None, name: str | None, district: str | None,
                 villages: list[str] | None) -> Identity:
    """The new office's identity from a facts YAML and/or options (options win)."""
    facts: dict = {}
    if facts_file:
        try:
            facts = yaml.safe_load(Path(facts_file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ScaffoldError(f"{facts_file}: 讀不到本所資料檔（facts file）：{exc}") from None
        if not isinstance(facts, dict):
            raise ScaffoldError(f"{facts_file}: 應為對應表（mapping），例如 name: …、district: …、villages: [...]")
        unknown = sorted(set(facts) - {"name", "district", "villages", "short_name", "name_en", "parent_agency"})
        if unknown:
            raise ScaffoldError(f"{facts_file}: 不認得的欄位（unknown keys）：{', '.join(unknown)}；"
                                "可用 name、district、villages、short_name、name_en、parent_agency")
    name = name or facts.get("name")
    district = district or facts.get("district")
    specs = [v if isinstance(v, dict) else {"name": v} for v in (villages or facts.get("villages") or [])]
    for i, spec in enumerate(specs, 1):
        extra_keys = sorted(set(spec) - {"name", "id", "code"})
        if not spec.get("name") or extra_keys:
            raise ScaffoldError(f"villages 第 {i} 項：寫里名，或 {{name: 里名, id: 英數代號, code: 村里代碼}}"
                                + (f"；不認得的欄位（unknown keys）：{', '.join(extra_keys)}" if extra_keys else ""))
    villages = [str(spec["name"]) for spec in specs]
    missing = [label for label, value in (("name（事務所全名）", name), ("district（轄區，例如 高雄市前金區）", district),
                                          ("villages（至少一個里）", villages)) if not value]
    if missing:
        raise ScaffoldError("缺少必填資料（required）：" + "、".join(missing)
                            + "；請用 --name、--district、--village 或 --facts 提供")
    if len(set(villages)) != len(villages):
        raise ScaffoldError("villages 有重複的里名（duplicate village）")
    ident = Identity(name=str(name), district=str(district), villages=villages,
                     short_name=str(facts.get("short_name") or ""), name_en=facts.get("name_en"),
                     parent_agency=facts.get("parent_agency"), extra={"village_specs": specs})
    if not ident.short_name:
        ident.short_name = ident.name[len(ident.city):] if ident.city and ident.name.startswith(ident.city) \
            else ident.name
    return ident


def _replacer(old: Identity, new: Identity):
    """One pass over a text: the source office's names → the new office's (longest first)."""
    pairs = {old.name: new.name, old.short_name: new.short_name, old.district: new.district,
             old.district_short: new.district_short}
    if old.name_en:
        pairs[old.name_en] = new.name_en or PLACEHOLDER
        if district_en := _district_en(old.name_en):   # "Yancheng District" in English pages
            pairs[district_en] = _district_en(new.name_en or "") or "the district"
    if old.extra.get("package"):
        pairs[old.extra["package"]] = "office-population-statistics"
    pairs = {k: v for k, v in pairs.items() if k}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(pairs, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: pairs[m.group(0)], text)


def _district_en(name_en: str) -> str | None:
    """"Household Registration Office, Yancheng District, Kaohsiung City" → "Yancheng District"."""
    match = re.search(r"\b([A-Z][\w'-]+) (?:District|Township|City)\b(?=,)", name_en)
    return match.group(0) if match else None


def _old_villages(old: Identity, new: Identity) -> list[str]:
    """The source office's village names the new office does not have (those must not appear)."""
    return [v for v in old.villages if v not in new.villages]


def _drop_faq_entries(text: str, names: list[str]) -> str:
    """Remove every FAQ entry (`  - id: …` block) that mentions one of names."""
    blocks = re.split(r"(?m)^(?=  - id: )", text)
    return "".join(b for b in blocks if not (b.startswith("  - id: ") and any(n in b for n in names)))


def _drop_list_lines(text: str, names: list[str]) -> str:
    """Remove one-line YAML list items (notes, tips) that mention one of names."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not (line.lstrip().startswith("- ") and any(n in line for n in names)))


def _about_page(new: Identity, today: dt.date) -> str:
    villages = "、".join(new.villages)
    return f"""---
title: 機關簡介與組織職掌
nav_title: 機關簡介
section: about
order: 10
updated: {today.isoformat()}
description: {new.short_name}的沿革、轄區與業務職掌。
keywords: [機關簡介, 組織職掌, {new.district_short}]
service_class: [綜合服務]
---

## 機關簡介

{{{{ office.name }}}}隸屬{{{{ office.parent_agency }}}}，負責{{{{ office.district }}}}的戶籍登記與相關證明業務。

本所沿革與轄區簡介：待確認。

## 轄區

{{{{ office.district }}}}設有 {len(new.villages)} 個里：{villages}。各里人口請見人口統計。

## 組織職掌

本所由主任綜理所務，下設課室分別辦理下列業務（課室名稱與人員編制待確認）：

- **戶籍登記**：出生、認領、收養、結婚、離婚、死亡、遷入、遷出、住址變更、姓名變更等登記。
- **證明文件**：國民身分證初領、補領、換領；戶口名簿；戶籍謄本；各類紀錄證明。
- **印鑑**：印鑑登記、變更、廢止與印鑑證明。
- **門牌**：門牌初編、改編與門牌證明。
- **戶口統計**：每月各里戶數、人口與出生、死亡、結婚、離婚統計。

本所依政府資訊公開法第 7 條主動公開的組織、職掌與聯絡資訊，也列在政府資訊公開專區。
"""


def _english_about_page(today: dt.date) -> str:
    """The English counterpart of _about_page: the same neutral facts, nothing of the source office."""
    return f"""---
title: About the office
counterpart: about
order: 30
updated: {today.isoformat()}
description: What the household registration office does, and the area it serves.
---

## The office

The {{{{ office.name }}}} ({{{{ office.name_zh }}}}) handles household registration and related
certificates for its district. The history of the office and a description of its area: to be
confirmed.

## What we do

The office is run by a director. Its sections handle the following work
(the names of the sections and the number of staff are to be confirmed):

- **Household registration**: birth, acknowledgement of a child, adoption, marriage, divorce, death, moving in, moving out, change of address and change of name.
- **Certificates**: national ID cards, household certificate booklets, household registration transcripts and other record certificates.
- **Seals**: seal registration, changes, cancellation and seal certificates.
- **Door plates**: new door-plate numbers, changes and door-plate certificates.
- **Statistics**: each month, the number of households and people, births, deaths, marriages and divorces in each village.
"""


def _q(value) -> str:
    """A YAML scalar: JSON strings and null are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _site_yml(old: Identity, new: Identity, today: dt.date) -> str:
    same_city = bool(old.city) and old.city == new.city
    parent = new.parent_agency or (old.parent_agency if same_city else None) or PLACEHOLDER
    cats = "\n".join("  - {" + ", ".join(f"{k}: {_q(v)}" for k, v in c.items()) + "}"
                     for c in old.extra["categories"])
    villages = "\n".join(
        f"  - {{id: {_q(str(v.get('id') or f'v{i:02d}'))}, code: {_q(str(v['code'])) if v.get('code') else 'null'}, "
        f"name: {_q(v['name'])}}}" + ("" if v.get("code") else "   # 村里代碼待確認")
        for i, v in enumerate(new.extra.get("village_specs") or [{"name": n} for n in new.villages], 1))
    contact = "\n".join(f"  {key}: null" for key in old.extra.get("contact_keys") or CONTACT_KEYS)
    keywords = ", ".join(_q(k) for k in ["戶政", "戶籍登記", new.district_short] + ([new.city] if new.city else []))
    return f"""# 本所基本資料：全站只在這裡寫一次，頁尾、聯絡資訊、政府資訊公開第 3 款與詮釋資料都從這裡取用。
# 尚未確認的值請寫 null，網站會顯示「待確認」；請勿自行推測電話或地址。
# 由 hrosite new-office 產生：請依 docs/adoption.zh-TW.md 逐項確認。
name: {_q(new.name)}
short_name: {_q(new.short_name)}
name_en: {_q(new.name_en or PLACEHOLDER)}   # 英文名稱待確認
parent_agency: {_q(parent)}
district: {_q(new.district)}
description: {_q(new.name + "辦理戶籍登記、國民身分證、戶口名簿、戶籍謄本、印鑑與門牌等業務。")}
updated: {today.isoformat()}

contact:
{contact}

metadata:
  agency_code: null    # 機關代碼：待向人事行政總處機關代碼表確認，請勿猜測
  theme: null          # 主題分類代碼（Category.Theme）
  cake: null           # 施政分類代碼（Category.Cake）
  service: null        # 服務分類代碼（Category.Service）
  coverage: {_q(new.district)}
  keywords: [{keywords}]

# 業務分類：申辦須知、書表與常見問答共用。service_class = 服務分類（人生歷程）
categories:
{cats}

# 轄區各里。id 為網址用的英數代號；code 為內政部村里代碼（11 碼），待確認前寫 null。
villages:
{villages}
"""


def _empty_stats(target: Path) -> list[str]:
    """Header-only CSV files for every dataset file: a valid dataset with no rows yet."""
    stats = target / "stats"
    if not (stats / "datasets.yml").is_file():
        return []
    data = yaml.safe_load((stats / "datasets.yml").read_text(encoding="utf-8"))
    written = []
    for ds in data.get("datasets") or []:
        columns = [c["name"] for c in ds.get("columns") or []]
        for spec in ds.get("files") or []:
            path = stats / spec["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8"))
            written.append(spec["path"])
    return written


def _neutral_datasets(text: str, today: dt.date) -> str:
    """datasets.yml for an office with no rows yet.

    Notes about the source office's data become 「尚無資料」, dates become today, and file entries
    that map another publisher's format (a glob such as moi/*.csv) are commented out: a glob that
    matches no file is an error, and the mapping is kept for the day those files arrive.
    """
    out: list[str] = []
    mode, indent = None, 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        ind = len(line) - len(stripped)
        if mode and (not stripped.strip() or ind > indent or (mode == "glob" and stripped.startswith("#"))):
            if mode == "glob" and stripped.strip():
                out.append(" " * indent + "# " + line[indent:])
            elif not stripped.strip():
                out.append(line)
            continue
        mode = None
        if re.match(r"notes: [|>]-?\s*$", stripped):
            out.append(" " * ind + "notes: 尚無資料：取得內政部開放資料後再補上，網站不推估。\n")
            mode, indent = "notes", ind
            continue
        m = re.match(r"(published|updated): \d{4}-\d{2}-\d{2}(.*)$", stripped, re.S)
        if m:
            out.append(" " * ind + f"{m.group(1)}: {today.isoformat()}{m.group(2)}")
            continue
        if stripped.startswith("- path:") and re.search(r"[*?\[]", stripped):
            while out and out[-1].lstrip().startswith("#"):
                out.pop()  # its old comment: replaced by the one below
            out.append(" " * ind + "# 取得這種格式的檔案後，放進 stats/ 對應的資料夾並取消下面幾行的註解（#）：\n")
            out.append(" " * ind + "# " + stripped)
            mode, indent = "glob", ind
            continue
        out.append(line)
    return "".join(out)


def _mentions(folder: Path, word: str) -> list[str]:
    """`file:line` for every line of folder's text files that contains word."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if word in line:
                    found.append(f"{path.relative_to(folder)}:{n}")
    return found


def traces(folder: Path, old: Identity, new: Identity) -> list[str]:
    """`file:line: 「word」` for every trace of the source office left in folder's text files."""
    english = _district_en(old.name_en or "")
    words = {old.name, old.short_name, old.district, old.district_short, old.district_core,
             *_old_villages(old, new), english.split()[0] if english else None}
    words -= {new.name, new.short_name, new.district, new.district_short, *new.villages, None}
    words = sorted((w for w in words if w and not any(w in n for n in (new.name, new.district))),
                   key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(map(re.escape, words)))
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                for m in pattern.finditer(line):
                    found.append(f"{path.relative_to(folder)}:{n}: 「{m.group(0)}」")
    return found


def new_office(source: Path, target: Path, *, facts_file: str | None = None, name: str | None = None,
               district: str | None = None, villages: list[str] | None = None, forms: bool = True,
               today: dt.date | None = None) -> str:
    """Write a new office folder at target; return a short zh-TW report of what to do next."""
    from tools.forms import FormSourceError, OfficeFacts, build_forms, find_soffice   # a tool

    today = today or dt.date.today()
    old = source_identity(source)
    new = new_identity(facts_file, name, district, villages)
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} 已存在且不是空的資料夾：請指定新的資料夾")
    if forms and not find_soffice():
        raise ScaffoldError("產生書表的 PDF 需要 LibreOffice（soffice）：請先執行 make test-deps，"
                            "或加 --no-forms，之後再執行 hrosite --root <資料夾> forms")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".new-office-", dir=target.parent) as tmp:
        work = Path(tmp) / "office"
        work.mkdir()
        copy_items(source, work, COPIED)
        replace = _replacer(old, new)
        gone = _old_villages(old, new)
        dropped = []
        for path in sorted(work.rglob("*")):
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
                continue
            rel = path.relative_to(work).as_posix()
            text = path.read_text(encoding="utf-8")
            if rel.startswith("content/news/") and any(v in text for v in gone):
                path.unlink()  # news about the source office's villages
                dropped.append(rel)
                continue
            if rel.startswith("faq/"):
                text = _drop_faq_entries(text, gone)
            if rel == "stats/datasets.yml":
                text = _neutral_datasets(text, today)
            text = _drop_list_lines(replace(text), gone) if rel.endswith((".yml", ".yaml")) else replace(text)
            path.write_text(text, encoding="utf-8")
        (work / "content").mkdir(exist_ok=True)
        (work / "content" / "about.md").write_text(_about_page(new, today), encoding="utf-8")
        if (work / "content" / "en" / "about.md").exists():
            (work / "content" / "en" / "about.md").write_text(_english_about_page(today),
                                                               encoding="utf-8")
        (work / "site.yml").write_text(_site_yml(old, new, today), encoding="utf-8")
        _empty_stats(work)
        left = traces(work, old, new)
        if left:
            raise ScaffoldError("新事務所的內容仍提到原事務所（source office），未建立任何檔案：\n  "
                                + "\n  ".join(left[:40]) + ("\n  …" if len(left) > 40 else ""))
        if forms:
            try:
                build_forms(work / "forms" / "src", work / "forms" / "files",
                            office=OfficeFacts.from_site(work / "site.yml"))
            except (FormSourceError, RuntimeError) as exc:
                raise ScaffoldError(f"產生書表失敗（forms）：{exc}") from None
        if target.exists():
            target.rmdir()
        shutil.move(str(work), str(target))
    lines = [f"已建立「{new.name}」：{target}",
             f"  里 {len(new.villages)} 個（村里代碼待確認）；聯絡資料、機關代碼等寫成 null，網站顯示「待確認」。",
             "  人口統計尚無資料（stats/ 只有欄位標題）。"]
    if dropped:
        lines.append("  未複製（只與原事務所有關）：" + "、".join(dropped))
    if old.city and old.city != new.city:
        cited = sorted({t.split(":")[0] for t in _mentions(target, old.city)})
        if cited:
            lines.append(f"  這些檔案提到{old.city}（法規、收費標準等可能不適用）：請逐一確認：" + "、".join(cited))
    if not forms:
        lines.append(f"  尚未產生書表：請執行 hrosite --root {target} forms")
    lines.append(f"下一步：hrosite --root {target} validate，再 build 與 check；"
                 "待確認清單見 build/reports/report.html（docs/adoption.zh-TW.md）。")
    return "\n".join(lines)


def copy_items(source: Path, dest: Path, names) -> None:
    """Copy each named file or folder of `source` to the same place in `dest`; missing ones are skipped."""
    for rel in names:
        src = source / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel)
        elif src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
