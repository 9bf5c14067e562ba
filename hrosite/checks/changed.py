"""Which pages a pull request must check: those its changed sources affect, plus one of each kind.

`hrosite check --changed-since REF` asks git which files differ from REF. A content source
(build.SOURCE_DIRS) affects exactly the pages whose compiled Markdown changes with it: the site is
compiled once as it is and once more per changed source with that one file as it was at REF,
and the pages that differ are that source's pages (a new FAQ file: its page and the lists that
name it). site.yml, the theme, the engine's settings and the code affect every page; documents,
tests and workflows none. One page of each page kind is always checked too, as in `--quick`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build import SOURCE_DIRS

EVERY_PAGE = "every page"
# Files that change no page of the site (the staff editor in admin/ has its own test).
NO_PAGE_PREFIXES = ("docs/", "tests/", ".github/", ".ci/", "scripts/", "admin/")
NO_PAGE_FILES = ("README.md", "CONTRIBUTING.zh-TW.md", "BENCHMARKS.md", "LICENSE", ".gitignore")
MAX_ONE_BY_ONE = 8  # more changed sources than this are compiled together, not one by one

KIND_REASON = "每種頁面一頁（one page per page kind）"


class ChangedError(Exception):
    """git cannot tell what changed (no such ref, not a repository): staff-readable."""


@dataclass
class Selection:
    pages: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)  # page → why it is checked
    changed: list[str] = field(default_factory=list)             # files changed since the ref


def changed_files(root: Path, ref: str) -> list[str]:
    """Files that differ between REF and the working tree, untracked new files included."""
    def git(*args: str) -> list[str]:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or [""])[-1]
            raise ChangedError(f"無法比較修改（git {' '.join(args)} failed）: {last}")
        return [line for line in proc.stdout.splitlines() if line]

    found = git("diff", "--name-only", "--no-renames", "--relative", ref, "--")  # from root
    found += git("ls-files", "--others", "--exclude-standard")
    return sorted(set(found))


def select(root: Path, ref: str, all_pages: list[str], kinds: list[str]) -> Selection:
    """The pages to check for a change since `ref`, each with the reasons it is checked."""
    root = Path(root)
    changed = changed_files(root, ref)
    selection = Selection(changed=changed)
    everything = [f for f in changed if _affects_every_page(f)]
    sources = [f for f in changed if _is_source(f) and f not in everything]
    reasons: dict[str, list[str]] = {}

    def add(page: str, reason: str) -> None:
        if page in all_pages and reason not in reasons.setdefault(page, []):
            reasons[page].append(reason)

    if everything:
        why = f"程式或樣板已修改（{EVERY_PAGE}）: {'、'.join(everything[:3])}" + (
            f" 等 {len(everything)} 個檔案" if len(everything) > 3 else "")
        for page in all_pages:
            add(page, why)
    elif sources:
        for source, pages in pages_of_sources(root, ref, sources).items():
            for page in all_pages if pages is None else pages:
                add(page, f"來源已修改: {source}")
    for page in kinds:
        add(page, KIND_REASON)
    selection.pages = sorted(reasons)
    selection.reasons = {p: reasons[p] for p in selection.pages}
    return selection


def pages_of_sources(root: Path, ref: str, sources: list[str]) -> dict[str, list[str] | None]:
    """For each changed source: the built pages whose compiled Markdown it changes
    (None: cannot tell, every page)."""
    now = _compile(root)
    if now is None:  # the site does not compile: `hrosite build` says why; check every page
        return {"、".join(sources): None}
    if len(sources) > MAX_ONE_BY_ONE:
        return {"、".join(sources[:3]) + f" 等 {len(sources)} 個檔案":
                _differing(now, _compile_variant(root, ref, sources))}
    return {source: _differing(now, _compile_variant(root, ref, [source])) for source in sources}


def _differing(now: dict[str, bytes], then: dict[str, bytes] | None) -> list[str] | None:
    if then is None:  # the site did not compile with the old file: every page may differ
        return None
    return sorted({_page(md) for md in now if md.endswith(".md") and now[md] != then.get(md)})


def _compile(root: Path) -> dict[str, bytes] | None:
    from ..compile import compile_site
    from ..content import load_site
    from ..findings import errors

    content, findings = load_site(root)
    if content is None or errors(findings):
        return None
    return compile_site(content).output.files


def _compile_variant(root: Path, ref: str, sources: list[str]) -> dict[str, bytes] | None:
    """Compile the sources as they are, except `sources`, which are taken as they were at ref."""
    (root / "build").mkdir(exist_ok=True)
    # Under build/: on the same file system, so the copy is hard links (symlinks are refused
    # by the loader as files outside the repository), and a changed file is replaced, not edited.
    with tempfile.TemporaryDirectory(prefix="changed-", dir=root / "build") as tmp:
        copy = Path(tmp)
        for name in SOURCE_DIRS:
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, copy_function=_link)
            elif (root / name).exists():
                _link(root / name, copy / name)
        for source in sources:
            target = copy / source
            if target.is_symlink() or target.exists():
                target.unlink()
            old = subprocess.run(["git", "show", f"{ref}:./{source}"], cwd=root,
                                 capture_output=True)
            if old.returncode == 0:  # else it is new since ref: without it
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(old.stdout)
        return _compile(copy)


def _link(source, target) -> None:  # noqa: ANN001 (shutil's copy_function signature)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _page(md: str) -> str:
    """A compiled Markdown file's built page (MkDocs directory URLs): faq/name.md → faq/name/index.html."""
    stem = md[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def _is_source(path: str) -> bool:
    return any(path == d or path.startswith(d + "/") for d in SOURCE_DIRS)


def _affects_every_page(path: str) -> bool:
    if path == "site.yml":
        return True  # the office's name, address and menu are on every page
    if _is_source(path) or path in NO_PAGE_FILES or path.startswith(NO_PAGE_PREFIXES):
        return False
    return True  # the code, the theme, mkdocs.yml, the lock files: be safe, check all
