"""Staff edits to the live office content cannot turn `make test` red.

Tests read the frozen fixture office (tests/fixtures/office-a/), never the live site.yml,
content/, faq/, forms/, stats/ (the office's search-query file content/search/queries.yml
included). Two proofs:

- the audit hook in conftest.py refuses every read of the live content during a test session,
  with a message that says what to use instead; a planted test that reads it fails;
- a copy of the repository whose live content had a fee changed and a FAQ entry deleted (an
  ordinary staff edit) still passes the procedure and FAQ tests, whole-site builds included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, REPO, LiveContentRead, guard_live_content, live_content_path

MESSAGE = ("測試讀取了正式內容（live content）：{}。"
           "測試請改用 tests/fixtures/ 的範例機關（conftest.OFFICE / copy_sources）")
# The tests of what the staff edit changes (procedures, FAQ: both build the whole site) and the
# guard. Every other test runs under the same guard in the suite itself, so any of them that
# read the live content would already fail there.
REPRESENTATIVE = ["tests/test_procedures.py", "tests/test_faq.py",
                  "tests/test_live_content.py::test_the_guard_refuses_every_way_of_reading_live_content"]


def test_the_guard_refuses_every_way_of_reading_live_content():
    for read, rel in ((lambda: (REPO / "faq" / "general.yml").read_text("utf-8"), "faq/general.yml"),
                      (lambda: open(REPO / "site.yml", "rb"), "site.yml"),
                      (lambda: list((REPO / "content" / "procedures").glob("*.yml")), "content/procedures"),
                      (lambda: shutil.copytree(REPO / "stats", "/nonexistent/never"), "stats"),
                      (lambda: os.listdir(REPO / "forms"), "forms"),
                      (lambda: (REPO / "content" / "search" / "queries.yml").read_bytes(),
                       "content/search/queries.yml")):
        with pytest.raises(LiveContentRead) as err:
            read()
        assert str(err.value) == MESSAGE.format(rel)


def test_code_and_fixtures_stay_readable():
    assert (REPO / "mkdocs.yml").read_text("utf-8").startswith("#")
    assert (REPO / "overrides").is_dir() and list((REPO / "overrides").iterdir())
    assert (REPO / "tests" / "fixtures" / "office-a" / "site.yml").read_text("utf-8")
    assert live_content_path(REPO / "content-extra") is None      # a sibling name, not content/
    assert live_content_path(REPO / "content") == str(REPO / "content")


def test_the_guard_can_be_switched_off_for_tools_that_must_read_the_office():
    guard_live_content(False)
    try:
        assert (REPO / "site.yml").read_text("utf-8")
    finally:
        guard_live_content(True)
    with pytest.raises(LiveContentRead):
        (REPO / "site.yml").read_text("utf-8")


def copy_repository(target: Path) -> Path:
    """The tests, fixtures, scripts, engine settings and live content of this checkout (the
    package is the installed one): what a staff member's pull request would be tested on."""
    guard_live_content(False)          # this copy is the one place allowed to read them
    try:
        for name in ("tests", "scripts", "site.yml", "content", "faq", "forms", "stats",
                     "mkdocs.yml", "overrides", "pyproject.toml"):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, target / name,
                                ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
            else:
                shutil.copy2(source, target / name)
    finally:
        guard_live_content(True)
    return target


def staff_edit(repo: Path) -> None:
    """Change the 50-NT$ fee of the ID card procedure and delete one FAQ entry."""
    procedure = repo / "content" / "procedures" / "id-card.yml"
    text = procedure.read_text("utf-8")
    assert "    amount: 50\n" in text
    procedure.write_text(text.replace("    amount: 50\n", "    amount: 60\n", 1), "utf-8")
    faq = repo / "faq" / "id-card.yml"
    text = faq.read_text("utf-8")
    start = text.index("  - id: id-card-lost-report\n")
    end = text.index("  - id: ", start + 1)
    faq.write_text(text[:start] + text[end:], "utf-8")
    assert "id-card-lost-report" not in faq.read_text("utf-8")


def pytest_in(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "no:xdist", *args], cwd=repo, env=ENV, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow
def test_a_staff_edit_of_the_live_content_leaves_the_tests_green(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    staff_edit(repo)
    run = pytest_in(repo, *REPRESENTATIVE)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1] and "failed" not in run.stdout.splitlines()[-1]


@pytest.mark.slow
def test_a_planted_reading_of_live_content_fails(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    (repo / "tests" / "test_planted.py").write_text(
        "from conftest import REPO\n\n\n"
        "def test_fee_of_the_live_office():\n"
        "    assert 'amount: 50' in (REPO / 'content' / 'procedures' / 'id-card.yml').read_text('utf-8')\n",
        "utf-8")
    run = pytest_in(repo, "tests/test_planted.py")
    assert run.returncode == 1, run.stdout[-4000:]
    assert "LiveContentRead: " + MESSAGE.format("content/procedures/id-card.yml") in run.stdout
    assert run.stdout.splitlines()[-1].startswith("FAILED tests/test_planted.py::test_fee_of_the_live_office") \
        or "1 failed" in run.stdout.splitlines()[-1]
