"""Shared fixtures: a copy of the example site to break, and one real build of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("site.yml", "mkdocs.yml", "content", "faq", "forms", "stats", "overrides")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def copy_sources(target: Path) -> Path:
    """A private copy of the example content, safe to break."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def mkdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q",
                           "--site-dir", str(site_dir)],
                          cwd=root, env=ENV, capture_output=True, text=True)


# Fixtures that copy or build a whole office: a test that uses one is "slow" (not in test-fast).
WHOLE_SITE_FIXTURES = {"example", "built_site", "filled_site", "two", "compiled_two"}
# Modules whose every test builds a small site and runs an external checker on it.
SLOW_MODULES = {"test_gate_links.py"}


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


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_sources(tmp_path / "site-src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site, built once per test session from a copy of the sources."""
    root = copy_sources(tmp_path_factory.mktemp("example"))
    site = root / "build" / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def html_pages(site: Path) -> list[Path]:
    """Every page, 404.html included: it carries the same frame (overrides/404.html)."""
    return sorted(site.rglob("*.html"))
