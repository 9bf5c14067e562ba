"""The offices of a city repository and which of them a change touches.

Rule (docs/offices.md "A whole city"): an office is a folder `offices/<id>/` with a site.yml;
its id is the folder name, lower-case letters, digits and `-` (it becomes a URL segment and a
CI job name; lower case only, so two ids never differ by letter case alone). Two offices may
not share a site.yml `name` (one agency, two sites). A change under offices/<id>/ touches that office; a change under docs/ or to
a top-level *.md file touches none; any other change (common/, the generator, the lock files,
the workflows) touches every office.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding
from .sources import load_yaml_file

OFFICES_DIR = "offices"
GATE = "offices"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOC_ONLY = re.compile(r"^(docs/.*|[^/]+\.md|LICENSE)$")


@dataclass(frozen=True)
class Office:
    id: str
    folder: Path          # offices/<id>, absolute
    name: str | None      # site.yml name, for the summary and the city index
    district: str | None


def discover(repo: Path) -> tuple[list[Office], list[Finding]]:
    """Every office folder under offices/, sorted by id, with the problems of the set."""
    base = repo / OFFICES_DIR
    offices: list[Office] = []
    findings: list[Finding] = []
    if not base.is_dir():
        return offices, findings
    names: dict[str, tuple[str, int]] = {}
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        rel = f"{OFFICES_DIR}/{folder.name}"
        site = folder / "site.yml"
        if not site.is_file():
            findings.append(Finding(f"{rel}/", None, None, None,
                                    f"事務所資料夾「{folder.name}」沒有 site.yml（missing site.yml）",
                                    "每個事務所資料夾都要有自己的 site.yml；不是事務所的資料夾請移出 offices/",
                                    gate=GATE))
            continue
        if not ID.match(folder.name):
            findings.append(Finding(f"{rel}/site.yml", 1, 1, None,
                                    f"事務所代號「{folder.name}」只能用小寫英文字母、數字與 -（invalid office id）",
                                    "資料夾改名，例如 offices/yancheng", gate=GATE))
            continue
        doc, problems = load_yaml_file(site, f"{rel}/site.yml")
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        name = data.get("name") if isinstance(data.get("name"), str) else None
        district = data.get("district") if isinstance(data.get("district"), str) else None
        if name and name in names:
            line, col = doc.positions.get(("name",), (1, 1))
            first, first_line = names[name]
            findings.append(Finding(f"{rel}/site.yml", line, col, "name",
                                    f"「{name}」已經是 {first}:{first_line} 的名稱：兩個事務所不能是同一個機關"
                                    "（duplicate office）", "改成本所的全名，或刪除重複的事務所資料夾",
                                    gate=GATE))
            continue
        if name:
            names[name] = (f"{rel}/site.yml", doc.positions.get(("name",), (1, 1))[0])
        offices.append(Office(folder.name, folder, name, district))
    return offices, findings


def select(offices: list[Office], wanted: list[str]) -> tuple[list[Office], list[str]]:
    """The offices named in `wanted` (all when empty) and the names that are not offices."""
    if not wanted:
        return offices, []
    by_id = {o.id: o for o in offices}
    return [by_id[w] for w in dict.fromkeys(wanted) if w in by_id], [w for w in wanted if w not in by_id]


def touched(paths: list[str], offices: list[Office]) -> list[Office]:
    """The offices a change of `paths` (repository-relative) touches, in id order."""
    by_id = {o.id: o for o in offices}
    hit: set[str] = set()
    for path in paths:
        parts = path.split("/")
        if parts[0] == OFFICES_DIR and len(parts) > 2:
            if parts[1] in by_id:
                hit.add(parts[1])
            continue
        if DOC_ONLY.match(path):
            continue
        return list(offices)   # shared content or code: every office
    return [o for o in offices if o.id in hit]


class GitError(RuntimeError):
    """git could not say what changed (an unknown ref, not a repository)."""


def changed_paths(repo: Path, ref: str) -> list[str]:
    """Files changed between `ref` (merge base with HEAD) and the work tree, committed or not."""
    def git(*args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        if proc.returncode != 0:
            said = " / ".join(proc.stderr.strip().splitlines()[-2:])
            raise GitError(f"git {args[0]} 失敗（failed）：{said}")
        return proc.stdout

    try:
        base = git("merge-base", ref, "HEAD").strip()
    except GitError:
        base = git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()
    paths = git("diff", "--name-only", "-z", base).split("\0")
    paths += git("ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return sorted({p for p in paths if p})
