"""Publishing switches the whole site at once, or not at all (README.md "Conventions").

Real directories and a real bare git repository in tmp_path; failures are simulated by
making a step raise half-way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hrosite import publish
from hrosite.publish import PublishError, publish_directory, publish_git_branch


def make_site(root: Path, version: str, n_pages: int = 5) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(f"<h1>首頁 {version}</h1>", encoding="utf-8")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "site.css").write_text(f"/* {version} */", encoding="utf-8")
    for i in range(n_pages):
        page = root / "procedures" / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{version} 第 {i} 頁</p>", encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (following the target symlink) with its content."""
    root = root.resolve()
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def git(*args: str, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


# --------------------------------------------------------------------------- directory


def test_directory_publish_switches_to_new_release_and_keeps_previous(tmp_path):
    v1, v2 = make_site(tmp_path / "v1", "v1"), make_site(tmp_path / "v2", "v2")
    target = tmp_path / "www" / "site"
    target.parent.mkdir()

    publish_directory(v1, target)
    assert target.is_symlink()
    assert tree(target) == tree(v1)
    first = target.resolve()

    publish_directory(v2, target)
    assert tree(target) == tree(v2)
    assert not os.path.isabs(os.readlink(target))  # relative: the folder can be moved
    releases = tmp_path / "www" / "site.releases"
    kept = sorted(p for p in releases.iterdir() if not p.name.startswith("."))
    assert kept == sorted([first, target.resolve()])
    assert tree(first) == tree(v1)  # previous release intact, ready for rollback
    assert not list(tmp_path.joinpath("www").glob(".site.link-*"))


def test_directory_publish_keeps_only_current_and_previous(tmp_path):
    target = tmp_path / "site"
    for v in ("v1", "v2", "v3", "v4"):
        publish_directory(make_site(tmp_path / v, v), target)
    releases = [p for p in (tmp_path / "site.releases").iterdir() if not p.name.startswith(".")]
    assert sorted(tree(p)["index.html"] for p in releases) == [
        "<h1>首頁 v3</h1>".encode(), "<h1>首頁 v4</h1>".encode()]
    assert tree(target) == tree(tmp_path / "v4")


def test_existing_plain_directory_becomes_the_previous_release(tmp_path):
    target = make_site(tmp_path / "site", "hand-made")
    old = tree(target)
    publish_directory(make_site(tmp_path / "v1", "v1"), target)
    assert target.is_symlink() and tree(target) == tree(tmp_path / "v1")
    previous = [p for p in (tmp_path / "site.releases").iterdir() if p.name.endswith("-previous")]
    assert len(previous) == 1 and tree(previous[0]) == old


def test_interrupted_directory_publish_leaves_old_site_and_no_staging(tmp_path, monkeypatch):
    target = tmp_path / "site"
    publish_directory(make_site(tmp_path / "v1", "v1"), target)
    before = tree(target)
    link_before = os.readlink(target)
    entries_before = sorted(p.name for p in (tmp_path / "site.releases").iterdir())

    real_copy2, copied = shutil.copy2, []

    def copy2_then_fail(src, dst, **kw):
        if len(copied) == 3:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy2(src, dst, **kw)

    monkeypatch.setattr(shutil, "copy2", copy2_then_fail)
    with pytest.raises(OSError, match="No space left"):  # the first failed copy stops the publish
        publish_directory(make_site(tmp_path / "v2", "v2"), target)

    assert len(copied) == 3  # it really failed half-way
    assert os.readlink(target) == link_before
    assert tree(target) == before
    assert sorted(p.name for p in (tmp_path / "site.releases").iterdir()) == entries_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.releases", "v1", "v2"]


def test_interrupted_first_publish_over_plain_directory_keeps_it(tmp_path, monkeypatch):
    target = make_site(tmp_path / "site", "hand-made")
    before = tree(target)
    monkeypatch.setattr(publish, "_swap_symlink",
                        lambda *a: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError, match="killed"):
        publish_directory(make_site(tmp_path / "v1", "v1"), target)
    assert target.is_dir() and not target.is_symlink()
    assert tree(target) == before


def test_missing_site_dir_is_an_error_before_anything_changes(tmp_path):
    with pytest.raises(PublishError, match="找不到網站目錄"):
        publish_directory(tmp_path / "nope", tmp_path / "site")
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- git branch


@pytest.fixture
def bare(tmp_path) -> Path:
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    return repo


def branch_files(repo: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git("--git-dir", str(repo), "ls-tree", "-r", "--name-only", branch).splitlines()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {n: subprocess.run(["git", "--git-dir", str(repo), "show", f"{branch}:{n}"],
                              env=env, check=True, capture_output=True).stdout
            for n in names}


def test_git_publish_twice_makes_two_commits_with_the_site_as_tree(tmp_path, bare):
    v1, v2 = make_site(tmp_path / "v1", "v1"), make_site(tmp_path / "v2", "v2", n_pages=3)
    (v1 / ".gitignore").write_text("*.html\n")  # a site's own ignore rules must not apply

    sha1 = publish_git_branch(v1, bare)
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == sha1
    assert branch_files(bare) == {**tree(v1), ".nojekyll": b""}

    sha2 = publish_git_branch(v2, bare, message="第二版")
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == sha2
    assert branch_files(bare) == {**tree(v2), ".nojekyll": b""}  # old pages removed
    log = git("--git-dir", str(bare), "log", "--format=%H %an <%ae> %s", "gh-pages").splitlines()
    assert log == [f"{sha2} hrosite <hrosite@localhost> 第二版",
                   f"{sha1} hrosite <hrosite@localhost> 發布網站（publish site）"]


def test_git_publish_of_unchanged_site_adds_no_commit(tmp_path, bare):
    site = make_site(tmp_path / "v1", "v1")
    sha = publish_git_branch(site, bare)
    assert publish_git_branch(site, bare) == sha
    assert git("--git-dir", str(bare), "rev-list", "--count", "gh-pages") == "1"


def test_git_publish_leaves_other_branches_alone(tmp_path, bare):
    work = tmp_path / "work"
    git("init", "--quiet", "-b", "main", str(work))
    (work / "README.md").write_text("source\n")
    git("add", ".", cwd=work)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "src", cwd=work)
    git("push", "--quiet", str(bare), "main", cwd=work)
    main = git("--git-dir", str(bare), "rev-parse", "main")
    publish_git_branch(make_site(tmp_path / "v1", "v1"), bare, branch="site")
    assert git("--git-dir", str(bare), "rev-parse", "main") == main
    assert ".nojekyll" in branch_files(bare, "site")


def test_interrupted_git_publish_leaves_branch_at_old_commit(tmp_path, bare, monkeypatch):
    sha1 = publish_git_branch(make_site(tmp_path / "v1", "v1"), bare)
    real_git = publish._git

    def killed_at_push(args, env, **kw):
        if "push" in args:
            raise KeyboardInterrupt  # as if the job were stopped right before pushing
        return real_git(args, env, **kw)

    monkeypatch.setattr(publish, "_git", killed_at_push)
    with pytest.raises(KeyboardInterrupt):
        publish_git_branch(make_site(tmp_path / "v2", "v2"), bare)
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == sha1
    assert branch_files(bare)["index.html"] == "<h1>首頁 v1</h1>".encode()


def test_git_publish_refuses_to_overwrite_a_branch_moved_meanwhile(tmp_path, bare, monkeypatch):
    """The push is a fast-forward: a concurrent publish is not silently thrown away."""
    publish_git_branch(make_site(tmp_path / "v1", "v1"), bare)
    real_git = publish._git
    other = {}

    def someone_else_publishes_first(args, env, **kw):
        if "push" in args and not other:
            monkeypatch.setattr(publish, "_git", real_git)
            other["sha"] = publish_git_branch(make_site(tmp_path / "v3", "v3"), bare)
        return real_git(args, env, **kw)

    monkeypatch.setattr(publish, "_git", someone_else_publishes_first)
    with pytest.raises(PublishError, match="git push"):
        publish_git_branch(make_site(tmp_path / "v2", "v2"), bare)
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == other["sha"]


def test_git_publish_to_missing_repository_is_a_publish_error(tmp_path):
    with pytest.raises(PublishError, match="git ls-remote"):
        publish_git_branch(make_site(tmp_path / "v1", "v1"), tmp_path / "nope.git")


# --------------------------------------------------------------------------- approval


def checked_repo(tmp_path: Path, *, passed: bool = True, mode: str = "full",
                 site_url: str = "https://www.example.gov.tw/") -> Path:
    """A content root whose build/site was "checked": the report as `hrosite check` writes it."""
    from hrosite.findings import Finding
    from hrosite.report import write_report

    root = tmp_path / "repo"
    site = make_site(root / "build" / "site", "v1")
    findings = [] if passed else [Finding(file="index.html", message="連結失效", gate="links")]
    write_report(findings, root / "build" / "reports", gates_run=["links"],
                 durations={"links": 1.0}, checked={
                     "mode": mode, "pages": ["index.html"], "site_url": site_url,
                     "site_fingerprint": publish.site_fingerprint(site)})
    return root


def publish_cli(root: Path, bare: Path, *extra: str) -> int:
    from hrosite.cli import main
    return main(["--root", str(root), "publish", "--to-git", str(bare), *extra])


def test_site_that_passed_a_full_check_is_published(tmp_path, bare):
    root = checked_repo(tmp_path)
    assert "完整檢查，每一頁（1 頁）" in (root / "build/reports/report.html").read_text("utf-8")
    assert publish.approval_problem(root / "build/site", root / "build/reports/report.json") is None
    assert publish_cli(root, bare) == 0
    assert b"v1" in branch_files(bare)["index.html"]


@pytest.mark.parametrize(("kwargs", "change", "reason"), [
    ({"passed": False}, None, "上次檢查未通過"),
    ({"mode": "quick"}, None, "快速檢查"),
    ({"site_url": "http://127.0.0.1:8000/"}, None, "本機預覽"),
    ({}, "edit", "網站在檢查之後又改變了"),
    ({}, "no-report", "找不到檢查報告"),
])
def test_site_without_a_passed_full_check_is_not_published(tmp_path, bare, capsys,
                                                            kwargs, change, reason):
    root = checked_repo(tmp_path, **kwargs)
    if change == "edit":
        (root / "build/site/procedures/p1/index.html").write_text("改過", encoding="utf-8")
    if change == "no-report":
        (root / "build/reports/report.json").unlink()
    assert publish_cli(root, bare) == 1
    assert reason in capsys.readouterr().err
    assert git("--git-dir", str(bare), "branch", "--list") == ""  # nothing was pushed
    assert publish_cli(root, bare, "--force") == 0  # a person can still decide otherwise
    assert "--force" in capsys.readouterr().err


def test_unwritable_target_is_a_message_not_a_traceback(tmp_path, capsys):
    from hrosite.cli import main

    root = checked_repo(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--root", str(root), "publish", "--to-dir", str(blocker / "site")]) == 1
    assert "發布失敗（publish failed）" in capsys.readouterr().err
