"""Synthetic but realistic sources at N times the example office.

`generate(source, dest, scale)` copies the repository's engine files (mkdocs.yml, overrides/)
and its sources into `dest`, then adds N − 1 synthetic "branches" (分案 k = 2 … N) of every
kind that grows with an office, derived from the real example files so that every format and
cross-reference stays right:

- procedures:   content/procedures/<id>-s<k>.yml, title 「<title>（分案 k）」, using the forms of
                the same branch;
- forms:        forms.yml entries <id>-s<k> with their own ODT/PDF files (hard links to the
                example files: each form's files are copied into the site under their own name);
- FAQ:          entries <id>-s<k> in the same category files, naming branch k's procedures/forms;
- news:         content/news/<id>-s<k>.md, one a week going back from the oldest real item
                (distinct dates, so the menu gets more years), never a banner;
- disclosures:  every item that is not generated or a not-applicable declaration, again per
                branch (each category gets more items);
- villages:     22 × (N − 1) more 里 in site.yml with 11-digit codes in the reserved range
                6400009xxxx, and a row for every month of every statistics file, derived from a
                real village's row and scaled by a per-village factor so that the dataset's own
                checks still hold (male + female = population, age groups = population,
                households ≤ population; births = male + female …).

Texts are the example texts (realistic Traditional Chinese length). Deterministic: the same
source, scale and seed give byte-identical files. Nothing here imports MkDocs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hrosite.scaffold import copy_items

ENGINE_FILES = ("mkdocs.yml", "overrides")
SOURCE_FILES = ("site.yml", "content", "faq", "forms/forms.yml", "forms/files", "stats")
SYNTHETIC_CODE_PREFIX = "6400009"   # reserved range: 6400009xxxx is no real 村里代碼
NEWS_SPACING_DAYS = 7
SUFFIX = "（分案 {k}）"
_DIGITS = "〇一二三四五六七八九"


@dataclass
class Generated:
    """What was written, for the report and the tests."""

    scale: int
    root: Path
    counts: dict[str, int] = field(default_factory=dict)
    villages: list[dict] = field(default_factory=list)   # the synthetic villages added


def chinese_number(n: int) -> str:
    """2 → 二, 12 → 十二, 20 → 二十, 49 → 四十九, 100 → 一百 (for synthetic village names)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("〇" + _DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _DIGITS[n // 100] + "百" + tail


# ---------------------------------------------------------------------------------------------
# YAML in and out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
# Copies share lists with the example; the sources may not contain YAML anchors or aliases.
_Dumper.ignore_aliases = lambda self, data: True


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5:]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def sid(base: str, k: int) -> str:
    return f"{base}-s{k}"


def titled(title: str, k: int) -> str:
    return title + SUFFIX.format(k=k)


# ---------------------------------------------------------------------------------------------
# The generator


def copy_repository(source: Path, dest: Path) -> None:
    """The engine config and all sources, as they are (the 1× site)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copy_items(source, dest, ENGINE_FILES + SOURCE_FILES)


def generate(source: Path, dest: Path, scale: int, seed: int = 8) -> Generated:
    """Write a full repository copy at `scale` × the example office into `dest`."""
    if scale < 1:
        raise ValueError("scale must be ≥ 1")
    source, dest = Path(source), Path(dest)
    copy_repository(source, dest)
    result = Generated(scale, dest)
    rng = random.Random(f"{seed}:{scale}")
    branches = range(2, scale + 1)
    form_ids = _forms(dest, branches, result)
    procedure_ids = _procedures(dest, branches, form_ids, result)
    _faq(dest, branches, procedure_ids, form_ids, result)
    _news(dest, branches, result)
    _disclosures(dest, branches, result)
    _villages_and_stats(dest, scale, rng, result)
    return result


def _forms(root: Path, branches: range, result: Generated) -> set[str]:
    path = root / "forms" / "forms.yml"
    if not path.is_file():
        return set()
    data = _load(path)
    originals = list(data.get("forms") or [])
    out = list(originals)
    for k in branches:
        for form in originals:
            copy = dict(form, id=sid(form["id"], k), title=titled(form["title"], k))
            files = {}
            for kind, rel in (form.get("files") or {}).items():
                if rel is None:
                    files[kind] = None
                    continue
                old = Path(rel)
                new = old.with_name(f"{old.stem}-s{k}{old.suffix}")
                _link_or_copy(root / "forms" / old, root / "forms" / new)
                files[kind] = new.as_posix()
            copy["files"] = files
            out.append(copy)
    data["forms"] = out
    _write(path, "# Synthetic benchmark sources (tools.bench); derived from the example office.\n"
           + dump_yaml(data))
    result.counts["forms"] = len(out)
    return {f["id"] for f in originals}


def _procedures(root: Path, branches: range, form_ids: set[str], result: Generated) -> set[str]:
    folder = root / "content" / "procedures"
    originals = [(p, _load(p)) for p in sorted(folder.glob("*.yml"))]
    for k in branches:
        for _, data in originals:
            copy = dict(data, id=sid(data["id"], k), title=titled(data["title"], k))
            if data.get("forms"):
                copy["forms"] = [sid(f, k) if f in form_ids else f for f in data["forms"]]
            _write(folder / f"{copy['id']}.yml", dump_yaml(copy))
    result.counts["procedures"] = len(originals) * (len(branches) + 1)
    return {data["id"] for _, data in originals}


def _faq(root: Path, branches: range, procedure_ids: set[str], form_ids: set[str],
         result: Generated) -> None:
    total = 0
    for path in sorted((root / "faq").glob("*.yml")):
        data = _load(path)
        originals = list(data.get("entries") or [])
        entries = list(originals)
        for k in branches:
            for entry in originals:
                copy = dict(entry, id=sid(entry["id"], k), question=titled(entry["question"], k))
                copy["procedures"] = [sid(p, k) if p in procedure_ids else p
                                      for p in entry.get("procedures") or []]
                copy["forms"] = [sid(f, k) if f in form_ids else f for f in entry.get("forms") or []]
                entries.append(copy)
        data["entries"] = entries
        total += len(entries)
        _write(path, dump_yaml(data))
    result.counts["faq_entries"] = total


def _news(root: Path, branches: range, result: Generated) -> None:
    folder = root / "content" / "news"
    originals = []
    for path in sorted(folder.glob("*.md")):
        front, body = _split_front_matter(path.read_text(encoding="utf-8"))
        originals.append((path.stem, front, body))
    if not originals:
        result.counts["news"] = 0
        return
    oldest = min(front["date"] for _, front, _ in originals)
    n = 0
    for k in branches:
        for stem, front, body in originals:
            n += 1
            date = oldest - dt.timedelta(days=NEWS_SPACING_DAYS * n)
            copy = dict(front, title=titled(front["title"], k), date=date)
            copy.pop("banner", None)   # one banner at a time: the real one
            if front.get("updated"):
                copy["updated"] = date
            if front.get("expiry"):
                copy["expiry"] = date + (front["expiry"] - front["date"])
            _write(folder / f"{sid(stem, k)}.md", "---\n" + dump_yaml(copy) + "---\n" + body)
    result.counts["news"] = len(originals) + n


def _disclosures(root: Path, branches: range, result: Generated) -> None:
    folder = root / "content" / "disclosures"
    originals = [(p, _load(p)) for p in sorted(folder.glob("*.yml"))]
    copyable = [(p, d) for p, d in originals
                if isinstance(d, dict) and "not_applicable" not in d and "generated" not in d]
    for k in branches:
        for _, data in copyable:
            copy = dict(data, id=sid(data["id"], k), title=titled(data["title"], k))
            if data.get("file"):
                old = Path(data["file"])
                new = old.with_name(f"{old.stem}-s{k}{old.suffix}")
                _link_or_copy(folder / old, folder / new)
                copy["file"] = new.as_posix()
            _write(folder / f"{copy['id']}.yml", dump_yaml(copy))
    result.counts["disclosures"] = len(originals) + len(copyable) * len(branches)


# ---------------------------------------------------------------------------------------------
# Villages and statistics


def _villages_and_stats(root: Path, scale: int, rng: random.Random, result: Generated) -> None:
    site_path = root / "site.yml"
    site = _load(site_path)
    villages = site["villages"]
    plain = [v for v in villages if v.get("code") and not v.get("valid_from")
             and not v.get("valid_until") and not v.get("replaced_by")]
    per_branch = len(villages)
    added: list[dict] = []
    template_of: dict[str, list[tuple[dict, float]]] = {}   # template code → [(village, factor)]
    number = 0
    for k in range(2, scale + 1):
        for i in range(per_branch):
            template = plain[i % len(plain)]
            extra = i >= len(plain)
            number += 1
            stem = template["name"].removesuffix("里")
            village = {"id": f"{template['id']}-s{k}{'x' if extra else ''}",
                       "code": f"{SYNTHETIC_CODE_PREFIX}{number:04d}",
                       "name": f"{stem}{'東' if extra else ''}{chinese_number(k)}里"}
            added.append(village)
            template_of.setdefault(template["code"], []).append((village, rng.uniform(0.7, 1.3)))
    if number > 9999:
        raise ValueError("too many synthetic villages for the reserved code range")
    site["villages"] = villages + added
    _write(site_path, "# Synthetic benchmark sources (tools.bench); derived from the example office.\n"
           + dump_yaml(site))
    result.villages = added
    result.counts["villages"] = len(site["villages"])

    spec_path = root / "stats" / "datasets.yml"
    if not spec_path.is_file() or not added:
        return
    spec = _load(spec_path)
    rows = 0
    for dataset in spec.get("datasets") or []:
        measures = [c["name"] for c in dataset["columns"] if c["type"] == "integer"]
        rules = dataset.get("checks") or []
        for source in dataset.get("files") or []:
            mapping = source.get("columns") or {}
            for path in sorted(p for p in (root / "stats").glob(source["path"]) if p.is_file()):
                rows += _extend_csv(path, mapping, measures, rules, template_of)
    result.counts["stats_rows_added"] = rows


def _label(mapping: dict, name: str):
    return mapping.get(name, name)


def _extend_csv(path: Path, mapping: dict, measures: list[str], rules: list[dict],
                template_of: dict[str, list[tuple[dict, float]]]) -> int:
    """Append a row per synthetic village for each of its template's rows."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    body = list(reader)
    index = {label: n for n, label in enumerate(header)}
    code_col = index[_label(mapping, "village_code")]
    name_label = _label(mapping, "village")
    name_col = index.get(name_label) if isinstance(name_label, str) else None
    # Scale the counts only where every count is one column of its own name (the tidy files);
    # files in another layout (e.g. MOI's, with summed columns) keep the template's counts.
    scalable = all(isinstance(_label(mapping, m), str) and _label(mapping, m) in index
                   for m in measures)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    added = 0
    for row in body:
        if not row or len(row) <= code_col:
            continue
        for village, factor in template_of.get(row[code_col].replace("-", ""), []):
            new = list(row)
            new[code_col] = village["code"]
            if name_col is not None:
                new[name_col] = village["name"]
            if scalable:
                values = {m: int(row[index[m]]) for m in measures}
                for m, v in scaled(values, factor, rules).items():
                    new[index[m]] = str(v)
            writer.writerow(new)
            added += 1
    with path.open("a", encoding="utf-8", newline="") as handle:
        if not text.endswith("\n"):
            handle.write("\n")
        handle.write(out.getvalue())
    return added


def scaled(values: dict[str, int], factor: float, rules: list[dict]) -> dict[str, int]:
    """Counts × factor that still satisfy the dataset's checks; else the counts unchanged."""
    new = {k: round(v * factor) for k, v in values.items()}
    totals = {r["total"] for r in rules if r.get("total")}
    for rule in rules:
        if rule.get("total"):
            parts = rule["parts"]
            new[parts[-1]] = new[rule["total"]] - sum(new[p] for p in parts[:-1])
    for rule in rules:
        if rule.get("column") and rule["column"] not in totals:
            new[rule["column"]] = min(new[rule["column"]], new[rule["at_most"]])
    return new if rules_hold(new, rules) else dict(values)


def rules_hold(values: dict[str, int], rules: list[dict]) -> bool:
    if any(v < 0 for v in values.values()):
        return False
    for rule in rules:
        if rule.get("total") and values[rule["total"]] != sum(values[p] for p in rule["parts"]):
            return False
        if rule.get("column") and values[rule["column"]] > values[rule["at_most"]]:
            return False
    return True
