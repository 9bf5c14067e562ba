"""Shared fixtures: a copy of a frozen 範例 office to break, and one real build of it.

Tests never read the live office content (site.yml, content/, faq/, forms/, stats/ at the top
of the repository): staff edit those, and their edits must not turn `make test` red. Tests use
the frozen fixture office in tests/fixtures/office-a/ instead; the engine configuration
(mkdocs.yml) and the theme (overrides/) are code and come from the repository. An audit hook
(`guard_live_content`) makes any read of the live content inside a test session an error.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OFFICE = FIXTURES / "office-a"          # the frozen 範例 office every test builds
CONTENT = ("site.yml", "content", "faq", "forms", "stats")   # an office's own sources
ENGINE = ("mkdocs.yml", "overrides")                          # code: taken from the repository
SOURCES = CONTENT + ENGINE
# The office's live content: staff edit it, no test may read it.
LIVE_CONTENT = tuple(str(REPO / name) for name in CONTENT)   # content/search/queries.yml included
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


class LiveContentRead(RuntimeError):
    """A test touched the live office content instead of a fixture office.

    Not an OSError: pathlib's glob and many loaders swallow those, which would hide the read.
    """


def live_content_path(path) -> str | None:
    """The live-content path that `path` names or lies under, else None."""
    if isinstance(path, int):
        return None
    try:
        text = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None
    for live in LIVE_CONTENT:
        if text == live or text.startswith(live + os.sep):
            return text
    return None


_GUARD = {"on": False}
# Audit events that read a file or list a folder (open covers Path.read_text, shutil.copy …).
_READ_EVENTS = {"open", "os.listdir", "os.scandir"}
# Module discovery lists every folder on sys.path (the checkout is on it) looking for packages:
# names only, no content read (frictionless looks for its plugins this way).
_LISTS_SYS_PATH = {"pkgutil"}
# shutil.rmtree opens bare names relative to a folder descriptor (not the working folder): a
# temporary folder's own "stats" is not the live stats/.
_DIR_FD_RELATIVE = {"shutil"}


def _audit(event: str, args: tuple) -> None:
    if _GUARD["on"] and event in _READ_EVENTS and args:
        caller = sys._getframe(1).f_globals.get("__name__")
        if event == "os.listdir" and caller in _LISTS_SYS_PATH:
            return
        if caller in _DIR_FD_RELATIVE and isinstance(args[0], (str, bytes)) \
                and not os.path.isabs(os.fsdecode(args[0])):
            return
        path = live_content_path(args[0])
        if path is not None:
            raise LiveContentRead(
                f"測試讀取了正式內容（live content）：{os.path.relpath(path, REPO)}。"
                f"測試請改用 tests/fixtures/ 的範例機關（conftest.OFFICE / copy_sources）")


def guard_live_content(on: bool = True) -> None:
    """Turn the live-content guard on or off (installed once; audit hooks cannot be removed)."""
    if not getattr(guard_live_content, "installed", False):
        sys.addaudithook(_audit)
        guard_live_content.installed = True
    _GUARD["on"] = on


def pytest_configure(config):
    if os.environ.get("HROSITE_ALLOW_LIVE_CONTENT") != "1":
        guard_live_content(True)


def pytest_unconfigure(config):
    guard_live_content(False)


def copy_sources(target: Path, office: Path = OFFICE) -> Path:
    """A private copy of a fixture office plus the repository's engine settings, safe to break."""
    target.mkdir(parents=True, exist_ok=True)
    for base, names in ((office, CONTENT), (REPO, ENGINE)):
        for name in names:
            source = base / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            elif source.is_file():
                shutil.copy2(source, target / name)
    return target


def mkdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q",
                           "--site-dir", str(site_dir)],
                          cwd=root, env=ENV, capture_output=True, text=True)


def validate(root: Path, *options: str) -> subprocess.CompletedProcess:
    """`hrosite validate` in this process (a new interpreter costs a second of imports per
    call); test_validation.py's test_the_command_line_entry_point_validates runs the real
    command once and compares."""
    from hrosite import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), *options, "validate"])
    return subprocess.CompletedProcess(["hrosite", "validate"], code, out.getvalue(), err.getvalue())


def errors_of(root: Path) -> list[str]:
    """The error lines of a failing validation: exit code 1, a count, no traceback."""
    result = validate(root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert re.search(r"共 \d+ 個錯誤", result.stderr), output
    return [line for line in result.stderr.splitlines() if not line.startswith("共 ")]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (the SVG layout tests), skipped without it."""
    from hrosite.chromium import ARGS, CHROMIUM

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian Chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


# Fixtures that copy or build a whole office: a test that uses one is "slow" (not in test-fast).
WHOLE_SITE_FIXTURES = {"example", "built_site", "filled_site", "two", "compiled_two"}
# Modules whose every test builds a small site and runs an external checker on it.
SLOW_MODULES = {"test_gate_links.py"}
# The longest test files of `make test` (seconds on one worker, from --durations), longest first.
# Two workers take whole files in collection order; starting with the long ones lets both finish
# together instead of one waiting while the other runs a long file last. A stale list only
# costs balance, never a test.
LONGEST_FIRST = ["test_gates_example.py", "test_check_onepass.py", "test_gate_accessibility.py",
                 "test_gate_links.py", "test_scaffold.py", "test_hostile_content.py",
                 "test_editor_browser.py", "test_english.py", "test_bench.py", "test_site.py",
                 "test_news.py", "test_search_quality.py", "test_preview.py", "test_disclosures.py",
                 "test_check_run.py", "test_hostile_files.py", "test_validation.py",
                 "test_city_workflows.py", "test_home.py", "test_offices.py",
                 "test_live_content.py", "test_formgen.py", "test_page_speed.py",
                 "test_gate_norm.py", "test_procedures.py", "test_report.py", "test_badge.py",
                 "test_svg_charts.py", "test_gate_layout.py", "test_online.py"]


def pytest_collection_modifyitems(config, items):
    """Tiers: `make test-fast` runs what is left after deselecting `slow` and `browser`.

    A test that copies or builds the whole example, or drives Chromium, is slow by definition,
    so nobody has to remember to mark it.
    """
    for item in items:
        if "browser" in item.keywords:
            continue
        if WHOLE_SITE_FIXTURES & set(item.fixturenames) or item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable within a file


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the fixture office (tests/fixtures/office-a/), safe to break."""
    return copy_sources(tmp_path / "site-src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture office's site, built once per test session (per worker) from a copy."""
    root = copy_sources(tmp_path_factory.mktemp("example"))
    site = root / "build" / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def html_pages(site: Path) -> list[Path]:
    """Every page, 404.html included: it carries the same frame (overrides/404.html)."""
    return sorted(site.rglob("*.html"))
