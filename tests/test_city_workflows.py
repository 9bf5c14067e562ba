"""The city CI, run as GitHub would run it: which office jobs a change starts, and which
offices the nightly publishes.

The workflows' own shell steps run here with bash in small 範例 git repositories; their
`${{ }}` expressions (job outputs, the matrix, `if:`) are evaluated by a small evaluator of
the few forms they use. Nothing is compared YAML value by value: a test fails when the
workflow would start the wrong jobs or publish the wrong office.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hrosite.findings import Finding
from hrosite.publish import site_fingerprint
from hrosite.report import write_report

REPO = Path(__file__).resolve().parent.parent
PULL_REQUEST = REPO / ".github" / "workflows" / "pull-request.yml"
NIGHTLY = REPO / ".github" / "workflows" / "nightly.yml"
HROSITE = Path(sys.executable).with_name("hrosite")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


# --- a small evaluator for the expressions the workflows use --------------------------------

_CONTEXT = re.compile(r"\b(needs|steps|matrix|vars|github)((?:\.[\w-]+)+)")


def evaluate(expression: str, context: dict):
    """`${{ … }}` or a bare `if:` expression, with needs/steps/matrix/vars lookups,
    fromJSON, format, always(), ==, !=, &&, || and '…' strings."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]

    def lookup(match):
        value = context.get(match[1], {})
        for part in match[2].strip(".").split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return repr(value)

    python = _CONTEXT.sub(lookup, text)
    python = (python.replace("&&", " and ").replace("||", " or ").replace("fromJSON(", "json.loads(")
              .replace("always()", "True"))
    return eval(python, {"json": json, "format": lambda f, *a: f.format(*a)})  # noqa: S307


def run_step(step: dict, cwd: Path, env: dict) -> dict[str, str]:
    """Run a `run:` step with bash as the runner does; return what it wrote to GITHUB_OUTPUT."""
    output = cwd / ".github-output"
    output.write_text("", encoding="utf-8")
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=cwd,
                          env=dict(os.environ, **env, GITHUB_OUTPUT=str(output)),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


def job_outputs(workflow: dict, job: str, cwd: Path, env: dict) -> dict[str, str]:
    """Run the job's step that has an id and resolve the job's `outputs:` from it."""
    steps = {s["id"]: run_step(s, cwd, {**env, **{k: evaluate(v, {"github": GITHUB})
                                                  for k, v in s.get("env", {}).items()}})
             for s in workflow["jobs"][job]["steps"] if "id" in s and "run" in s}
    context = {"steps": {sid: {"outputs": out} for sid, out in steps.items()}}
    return {name: evaluate(value, context) for name, value in workflow["jobs"][job]["outputs"].items()}


GITHUB: dict = {"event": {"pull_request": {"base": {"sha": ""}}}}


def planned_jobs(workflow: dict, outputs: dict, lister: str) -> dict[str, list]:
    """Which jobs start, and the matrix of each, given the lister job's outputs."""
    context = {"needs": {lister: {"outputs": outputs, "result": "success"}}}
    plan = {}
    for name, job in workflow["jobs"].items():
        if name == lister or job.get("needs") != lister:
            continue
        if "if" in job and not evaluate(job["if"], context):
            continue
        matrix = job.get("strategy", {}).get("matrix", {})
        plan[name] = {key: evaluate(value, context) for key, value in matrix.items()}
    return plan


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def city_repo(root: Path, offices=("jia", "yi", "bing")) -> Path:
    (root / "common" / "faq").mkdir(parents=True)
    (root / "common" / "faq" / "general.yml").write_text("entries: []\n", encoding="utf-8")
    for n, ident in enumerate(offices):
        folder = root / "offices" / ident
        folder.mkdir(parents=True)
        (folder / "site.yml").write_text(f"name: 範例市{n}區戶政事務所\ndistrict: 範例市{n}區\n",
                                         encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "offices.md").write_text("# 範例\n", encoding="utf-8")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "hrosite").symlink_to(HROSITE)
    (root / ".gitignore").write_text(".venv/\n.github-output\nbuild/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "範例")
    return root


# --- pull requests: only the offices a change touches ----------------------------------------

@pytest.mark.parametrize("change, expected", [
    ("offices/yi/site.yml", ["yi"]),
    ("common/faq/general.yml", ["bing", "jia", "yi"]),
    ("docs/offices.md", None),
])
def test_pull_request_starts_one_job_per_touched_office(tmp_path, change, expected):
    repo = city_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD")
    with (repo / change).open("a", encoding="utf-8") as handle:
        handle.write("# 改\n")
    git(repo, "commit", "-qam", "change")
    workflow = load(PULL_REQUEST)
    GITHUB["event"]["pull_request"]["base"]["sha"] = base
    outputs = job_outputs(workflow, "offices", repo, {})
    plan = planned_jobs(workflow, outputs, "offices")
    if expected is None:
        assert plan == {}           # docs only: no office job, and no single-office check
    else:
        assert plan == {"office": {"office": expected}}
    office_job = workflow["jobs"]["office"]
    assert office_job["strategy"]["fail-fast"] is False


def test_pull_request_in_the_single_office_layout_runs_the_usual_check(tmp_path):
    (tmp_path / "site.yml").write_text("name: 範例\n", encoding="utf-8")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "hrosite").symlink_to(HROSITE)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "site.yml")
    git(tmp_path, "commit", "-qm", "範例")
    GITHUB["event"]["pull_request"]["base"]["sha"] = git(tmp_path, "rev-parse", "HEAD")
    workflow = load(PULL_REQUEST)
    outputs = job_outputs(workflow, "offices", tmp_path, {})
    assert planned_jobs(workflow, outputs, "offices") == {"check": {}}


def test_office_jobs_run_the_commands_for_their_own_office():
    """Every hrosite command of an office job names the matrix office (no cross-office run)."""
    for path in (PULL_REQUEST, NIGHTLY):
        job = load(path)["jobs"]["office"]
        assert evaluate(job["env"]["OFFICE"], {"matrix": {"office": "yi"}}) == "yi"
        commands = [line for step in job["steps"] for line in step.get("run", "").splitlines()
                    if "hrosite" in line]
        assert commands and all('--office "$OFFICE"' in line for line in commands), commands


# --- the nightly: every office, each passing office published, the others kept ---------------

def approve(repo: Path, ident: str, passed: bool) -> None:
    """A built site for office `ident` and the report of a full check of it."""
    site = repo / "build" / "offices" / ident / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(f"<!doctype html><title>{ident} 範例</title>", encoding="utf-8")
    findings = [] if passed else [Finding("index.html", 1, 1, None, "範例錯誤", gate="norm")]
    write_report(findings, repo / "build" / "offices" / ident / "reports", gates_run=["norm"],
                 durations={"norm": 0.1}, checked={"mode": "full", "pages": ["index.html"],
                                                   "site_url": f"https://example.org/{ident}/",
                                                   "site_fingerprint": site_fingerprint(site)})


def test_nightly_publishes_each_passing_office_and_keeps_the_others(tmp_path):
    origin = tmp_path / "origin.git"
    city_repo(tmp_path / "seed")
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path / "seed"), str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / ".venv" / "bin").mkdir(parents=True)
    (work / ".venv" / "bin" / "hrosite").symlink_to(HROSITE)

    workflow = load(NIGHTLY)
    outputs = job_outputs(workflow, "offices", work, {})
    plan = planned_jobs(workflow, outputs, "offices")
    assert plan == {"office": {"office": ["bing", "jia", "yi"]}}
    job = workflow["jobs"]["office"]
    assert job["strategy"]["fail-fast"] is False
    publish = next(s for s in job["steps"] if "publish" in s.get("run", ""))

    def night(passed: dict[str, bool]) -> None:
        for ident in plan["office"]["office"]:
            approve(work, ident, passed[ident])
            outcome = {"check": {"outcome": "success" if passed[ident] else "failure"}}
            if evaluate(publish["if"], {"steps": outcome}):
                run_step(publish, work, {"OFFICE": ident})

    def published() -> dict[str, str]:
        out = git(origin, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/site/")
        return dict(line.split() for line in out.splitlines())

    night({"bing": True, "jia": True, "yi": True})
    first = published()
    assert sorted(first) == ["site/bing", "site/jia", "site/yi"]
    assert git(origin, "show", "site/yi:index.html") == "<!doctype html><title>yi 範例</title>"

    # next night: yi fails its checks, jia changed and passed
    (work / "build" / "offices" / "yi" / "site" / "index.html").write_text("壞", encoding="utf-8")
    (work / "build" / "offices" / "jia" / "site" / "extra.html").write_text("新", encoding="utf-8")
    night({"bing": True, "jia": True, "yi": False})
    second = published()
    assert second["site/yi"] == first["site/yi"]            # the last good site stays
    assert second["site/bing"] == first["site/bing"]        # unchanged tree: no new commit
    assert second["site/jia"] != first["site/jia"]
    assert git(origin, "show", "site/jia:extra.html") == "新"


def test_publish_office_refuses_a_failed_check_and_changes_nothing(tmp_path, capsys):
    from hrosite import cli

    repo = city_repo(tmp_path / "city")
    approve(repo, "yi", passed=False)
    target = tmp_path / "www" / "{id}"
    assert cli.main(["--root", str(repo), "publish", "--office", "yi", "--to-dir", str(target)]) == 1
    assert capsys.readouterr().err == ("yi：不發布（not published）：上次檢查未通過，有 1 個錯誤（last check failed）；"
                                       "請修正後重新檢查。原本的網站保持不變。\n")
    assert not (tmp_path / "www").exists()
    approve(repo, "yi", passed=True)
    assert cli.main(["--root", str(repo), "publish", "--office", "yi", "--to-dir", str(target)]) == 0
    assert (tmp_path / "www" / "yi" / "index.html").read_text(encoding="utf-8").endswith("yi 範例</title>")
