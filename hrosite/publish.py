"""Publish stage: put build/site/ online so that a reader never sees half a site.

Two targets (README.md "Conventions"):

- a directory served by a static web server: the new site is copied next to the live one
  and a symlink is switched with one atomic rename; the previous release stays for rollback;
- a branch of a git repository (e.g. gh-pages): the site becomes the full tree of a new commit
  built in a throw-away repository, and the branch moves only with the final, single push.

Either way, a failure before the switch leaves the published site as it was. And only a site
that passed every gate goes out: `hrosite check` records a fingerprint of the site it checked
in build/reports/report.json, and `approval_problem` refuses anything else.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

KEEP_RELEASES = 2  # the live one and the previous one (for rollback)


class PublishError(RuntimeError):
    """Publishing failed; the message says which step and why, the old site is untouched."""


# --------------------------------------------------------------------------- approval


def walk_site(site_dir: Path) -> list[tuple[str, str]]:
    """Every entry under `site_dir` as (kind, relative path), sorted; kind is dir, file, link
    or other (a fifo, a socket …). Symlinks are listed, never followed: the fingerprint, the
    approval and the copy all see this one list, so nothing can hide between check and publish."""
    site_dir = Path(site_dir)
    found, stack = [], [""]
    while stack:
        rel = stack.pop()
        with os.scandir(site_dir / rel) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    found.append(("link", path))
                elif entry.is_dir(follow_symlinks=False):
                    found.append(("dir", path))
                    stack.append(path)
                elif entry.is_file(follow_symlinks=False):
                    found.append(("file", path))
                else:
                    found.append(("other", path))
    return sorted(found, key=lambda kind_path: kind_path[1])


def site_fingerprint(site_dir: Path) -> str:
    """sha256 over every entry's kind and path and every file's bytes (folders and symlinks
    included): any change after the check changes it."""
    digest = hashlib.sha256()
    for kind, rel in walk_site(site_dir):
        digest.update(f"{kind}:{rel}".encode("utf-8") + b"\0")
        path = Path(site_dir) / rel
        if kind == "file":
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        elif kind == "link":
            digest.update(os.fsencode(os.readlink(path)) + b"\0")
    return digest.hexdigest()


def unsafe_entries(site_dir: Path) -> list[str]:
    """Symlinks and special files under `site_dir`: never published, whatever the check said."""
    return [rel for kind, rel in walk_site(site_dir) if kind in ("link", "other")]


def _refuse_unsafe(site_dir: Path) -> None:
    bad = unsafe_entries(site_dir)
    if bad:
        more = f" 等 {len(bad)} 項" if len(bad) > 1 else ""
        raise PublishError(f"網站目錄裡有捷徑或特殊檔案（symlink or special file）：{bad[0]}{more}；"
                           "不發布。請刪除 build/site 後重新建置與檢查")


def approved_fingerprint(report_json: Path) -> str | None:
    """The fingerprint of the site the last check passed (None if there is no readable report)."""
    try:
        return json.loads(Path(report_json).read_text(encoding="utf-8")).get("site_fingerprint")
    except (OSError, ValueError, AttributeError):
        return None


def describe_error(exc: BaseException) -> str:
    """One short line for staff: a disk-full copy is 磁碟空間不足, not 29 KB of file names."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        src, _dst, why = exc.args[0][0]
        return f"{why}（{len(exc.args[0])} 個檔案，第一個是 {src}）"[:300]
    if isinstance(exc, OSError) and exc.errno in _ERRNO_WORDS:
        where = f"：{exc.filename}" if exc.filename else ""
        return f"{_ERRNO_WORDS[exc.errno]}（{exc.strerror}）{where}"[:300]
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


_ERRNO_WORDS = {
    errno.ENOSPC: "磁碟空間不足", errno.EDQUOT: "超過磁碟配額", errno.EROFS: "目標是唯讀的",
    errno.EACCES: "沒有寫入權限", errno.EPERM: "沒有權限", errno.ENOTDIR: "路徑中有一段不是目錄",
    errno.ENOENT: "找不到路徑",
}


def approval_problem(site_dir: Path, report_json: Path) -> str | None:
    """Why `site_dir` may not be published (None: it passed a full check as it is now)."""
    try:
        report = json.loads(Path(report_json).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"找不到檢查報告 {report_json}：請先執行 hrosite check（no check report）"
    except (OSError, ValueError) as exc:
        return f"檢查報告 {report_json} 無法讀取（unreadable report）: {exc}"
    if not report.get("passed"):
        return (f"上次檢查未通過，有 {report.get('errors', '?')} 個錯誤（last check failed）；"
                "請修正後重新檢查")
    if report.get("mode") != "full":
        return "上次只做了快速檢查（--quick）；發布前必須檢查每一頁（full check required）"
    bad = unsafe_entries(site_dir)
    if bad:
        return (f"網站目錄裡有捷徑或特殊檔案（symlink or special file）：{bad[0]}"
                f"{f' 等 {len(bad)} 項' if len(bad) > 1 else ''}；請刪除 build/site 後重新建置與檢查")
    if report.get("site_fingerprint") != site_fingerprint(site_dir):
        return "網站在檢查之後又改變了（site changed since it was checked）；請重新執行 hrosite check"
    address = report.get("site_url") or ""
    if re.match(r"https?://(127\.|localhost|\[::1\])", address):
        return (f"網站位址是本機預覽用的 {address}（site_url is a local address）；"
                "請設定 SITE_URL 為正式網址後重新建置與檢查")
    return None


# --------------------------------------------------------------------------- directory


def publish_directory(site_dir: Path, target: Path, approved: str | None = None) -> None:
    """Make `target` show `site_dir`, switching atomically.

    Layout after the first run::

        target -> target.releases/20250101T120000123456Z     (a relative symlink)
        target.releases/20241231T080000000000Z               (previous release, kept)

    The web server must follow symlinks (nginx does by default; Apache needs
    `Options FollowSymLinks`). A plain directory found at `target` the first time becomes the
    previous release; between moving it and placing the link there is a moment (microseconds)
    with no `target`, the only non-atomic step, and it happens once.

    Symlinks and special files under `site_dir` are refused. With `approved` (the fingerprint
    of the checked site), the copy itself must have that fingerprint before it goes live.
    """
    site_dir, target = Path(site_dir), Path(target)
    if not site_dir.is_dir():
        raise PublishError(f"找不到網站目錄 {site_dir}（site directory not found）")
    _refuse_unsafe(site_dir)
    if target.exists() and not (target.is_dir() or target.is_symlink()):
        raise PublishError(f"{target} 不是目錄（target is not a directory）")
    releases = target.parent / f"{target.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)

    with open(releases / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one publish at a time per target
        _remove_stale_staging(releases)
        name = _release_name(releases)
        staging = releases / f".staging-{name}"
        try:
            _copy_tree(site_dir, staging, approved)
            os.rename(staging, releases / name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

        previous = _current_release(target, releases)
        if target.is_dir() and not target.is_symlink():
            previous = f"{name}-previous"
            os.rename(target, releases / previous)
            try:
                _swap_symlink(target, Path(releases.name) / name)
            except BaseException:
                os.rename(releases / previous, target)
                raise
        else:
            _swap_symlink(target, Path(releases.name) / name)
        _prune(releases, keep={name, previous})


def _copy_tree(src: Path, dst: Path, approved: str | None = None) -> None:
    """Copy exactly the entries walk_site lists (refusing symlinks), then check the copy."""
    entries = walk_site(src)
    dst.mkdir()
    for kind, rel in entries:
        if kind == "dir":
            (dst / rel).mkdir()
        elif kind == "file":
            shutil.copy2(src / rel, dst / rel)   # looked up at call time: tests make it fail
        else:
            raise PublishError(f"網站目錄裡有捷徑或特殊檔案（symlink or special file）：{rel}；不發布")
    if approved is not None and site_fingerprint(dst) != approved:
        raise PublishError("網站在檢查之後又改變了（site changed since it was checked）；"
                           "請重新執行 hrosite check")


def _release_name(releases: Path) -> str:
    """A sortable UTC timestamp, made unique if two publishes share a microsecond."""
    base = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    name, n = base, 1
    while (releases / name).exists() or (releases / f".staging-{name}").exists():
        name, n = f"{base}-{n}", n + 1
    return name


def _current_release(target: Path, releases: Path) -> str | None:
    """The release `target` points at now, if it is one of ours."""
    if not target.is_symlink():
        return None
    pointed = (target.parent / os.readlink(target)).resolve()
    return pointed.name if pointed.parent == releases.resolve() else None


def _swap_symlink(target: Path, points_to: Path) -> None:
    """Atomic: a new link under a temporary name, renamed over the old one."""
    tmp = target.parent / f".{target.name}.link-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(points_to, tmp)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _prune(releases: Path, keep: set[str | None]) -> None:
    for entry in releases.iterdir():
        if entry.name.startswith(".") or entry.name in keep:
            continue
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def _remove_stale_staging(releases: Path) -> None:
    """Staging left by a killed publish (we hold the lock, so nobody else is copying)."""
    for entry in releases.glob(".staging-*"):
        shutil.rmtree(entry, ignore_errors=True)


# --------------------------------------------------------------------------- git branch

# Variables that would point our git calls at another repository or index.
_GIT_LOCATION_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                      "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
                      "GIT_PREFIX")


def publish_git_branch(
    site_dir: Path,
    repo: str | Path,
    branch: str = "gh-pages",
    message: str = "發布網站（publish site）",
    author: tuple[str, str] = ("hrosite", "hrosite@localhost"),
    approved: str | None = None,
) -> str:
    """Commit `site_dir` (plus .nojekyll) as the whole tree of `branch` in `repo`; return the sha.

    `repo` is anything `git push` accepts: a path to a (bare) repository or a remote URL.
    The commit is built in a temporary repository with a temporary index, on top of the
    branch's current tip (fetched shallowly), and published by one ordinary push: if anything
    stops before it, the branch is untouched; if someone else moved the branch meanwhile, the
    push is refused instead of overwriting their commit. If the tree is unchanged, nothing is
    pushed and the current tip is returned. As for a directory, symlinks are refused and the
    commit is made from a copy that has the `approved` fingerprint (when given).
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise PublishError(f"找不到網站目錄 {site_dir}（site directory not found）")
    _refuse_unsafe(site_dir)
    if isinstance(repo, Path) or Path(repo).exists():
        repo = str(Path(repo).resolve())
    name, email = author

    with tempfile.TemporaryDirectory(prefix="hrosite-publish-") as tmp:
        copy = Path(tmp) / "site"      # the commit is made from what was fingerprinted
        _copy_tree(site_dir, copy, approved)
        site_dir = copy
        env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARS}
        env.update(
            GIT_DIR=str(Path(tmp) / "repo.git"),
            GIT_INDEX_FILE=str(Path(tmp) / "index"),
            GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
            GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email,
            GIT_TERMINAL_PROMPT="0",
        )
        _git(["init", "--quiet", "--bare", env["GIT_DIR"]], env, cwd=tmp)

        parent = None
        if _git(["ls-remote", "--heads", repo, f"refs/heads/{branch}"], env, cwd=tmp):
            _git(["fetch", "--quiet", "--depth=1", repo,
                  f"+refs/heads/{branch}:refs/hrosite/parent"], env, cwd=tmp)
            parent = _git(["rev-parse", "refs/hrosite/parent"], env, cwd=tmp)

        # Index the site as it is: no ignore rules, no line-ending or attribute filters.
        _git(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
              f"--work-tree={site_dir}", "add", "--all", "--force", "."], env, cwd=site_dir)
        empty = _git(["hash-object", "-w", "--stdin"], env, cwd=tmp, input="")
        _git(["update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll"], env, cwd=tmp)
        tree = _git(["write-tree"], env, cwd=tmp)

        if parent and _git(["rev-parse", f"{parent}^{{tree}}"], env, cwd=tmp) == tree:
            return parent
        commit = _git(["commit-tree", tree, *(["-p", parent] if parent else []), "-m", message],
                      env, cwd=tmp)
        _git(["push", "--quiet", repo, f"{commit}:refs/heads/{branch}"], env, cwd=tmp)
        return commit


def _git(args: list[str], env: dict[str, str], *, cwd: str | Path, input: str | None = None) -> str:
    """Run git, return its stripped stdout; raise PublishError with git's own words."""
    proc = subprocess.run(["git", *args], env=env, cwd=cwd, input=input,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        command = next(a for a in args if not a.startswith("-") and "=" not in a)
        said = " / ".join(proc.stderr.strip().splitlines()[-3:])   # git's last words, one line
        raise PublishError(f"git {command} 失敗（failed）：{said[:300]}")
    return proc.stdout.strip()
