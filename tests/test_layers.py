"""Imports point one way: sources → model → content → compile → adapter → checks → publish.

A module may import its own layer and the layers below it, never one above. Every import is
read from the source with `ast`, wherever it is written: at the top, inside a function (an
import placed there to dodge a cycle is still a dependency) and inside `if TYPE_CHECKING:` (a
type named in a signature is a dependency too). Nothing is exempt by default; the few allowed
exceptions are listed in ALLOWED with the reason. docs/architecture.md explains the layers.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hrosite"

LAYERS = ("sources", "model", "content", "compile", "adapter", "checks", "publish")

# Module name prefixes → layer; the longest matching prefix wins. Every module must match one.
PLACES: dict[str, str] = {
    # sources: reading files and facts every layer shares; imports nothing above it
    "hrosite": "sources",  # the package itself only (its __init__ holds only the version)
    "hrosite.findings": "sources", "hrosite.sources": "sources", "hrosite.limits": "sources",
    "hrosite.dates": "sources", "hrosite.documents": "sources", "hrosite.htmlpolicy": "sources",
    "hrosite.staffhtml": "sources", "hrosite.cite": "sources", "hrosite.urls": "sources",
    "hrosite.feeds": "sources", "hrosite.csp": "sources", "hrosite.langmarkup": "sources",
    "hrosite.tables": "sources", "hrosite.alternates": "sources",
    "hrosite.fragments": "sources",  # pre-rendered HTML kept out of Markdown, put back after it
    "hrosite.incremental": "sources",  # the preview's cache keys: file contents, not timestamps
    "hrosite.chromium": "sources",   # where Chromium is and how every browser user launches it
    "hrosite.legal": "sources",      # statutory amounts (late-registration fines) with their law
    # A city repository: the office list and composing one office's sources from common/ and
    # offices/<id>/ happen before any model reads them.
    "hrosite.offices": "sources", "hrosite.overlay": "sources", "hrosite.overlaychecks": "sources",
    # model: one content kind per module, each validating its own files
    "hrosite.model": "model",
    "hrosite.stats": "model",        # CSV reading and row checks the statistics model is built on
    # content: the whole site loaded, and the rules that need all of it
    "hrosite.content": "content", "hrosite.crosscheck": "content", "hrosite.schemas": "content",
    "hrosite.kinds": "content",
    # A gate over the loaded content, not the built site: the cross-check runs it at every build
    # and `validate`, so a site missing a §7 category is never built (docs/disclosures.md).
    "hrosite.checks.completeness": "content",
    # compile: engine-independent Markdown, SVG and the search index
    "hrosite.compile": "compile", "hrosite.svg": "compile", "hrosite.search": "compile",
    "hrosite.pagelinks": "compile", "hrosite.footer": "compile",
    # adapter: the build and the MkDocs plugin
    "hrosite.preview": "adapter",   # the live preview's incremental rebuild inside the plugin
    "hrosite.build": "adapter", "hrosite.adapter": "adapter", "hrosite.render": "adapter",
    # The scripts gate inspects one page's HTML; the MkDocs plugin runs it on every page it
    # writes, so a page with a foreign script is never written (docs/content-security.md).
    "hrosite.checks.scripts": "adapter",
    # checks: gates on the built site, and their report
    "hrosite.checks": "checks", "hrosite.report": "checks",
    # publish: what people run (CLI, publishing, editor set-up, tooling)
    "hrosite.publish": "publish", "hrosite.cli": "publish", "hrosite.__main__": "publish",
    "hrosite.scaffold": "publish", "hrosite.editor": "publish", 
    "hrosite.tools": "publish",
    "tools": "publish",   # developer tools beside the package (bench, forms): top of the stack
    "hrosite.city": "publish", "hrosite.cityindex": "publish", "hrosite.citycli": "publish",
}

# (importer, imported) pairs allowed to point up, each with its reason.
ALLOWED: dict[tuple[str, str], str] = {
    # Finding masks a personal number in every message with the privacy gate's own pattern, so
    # the masking and the gate can never disagree. The pattern belongs below both (one module
    # with the national-ID rule); until it moves there, this is the one upward import.
    ("hrosite.findings", "hrosite.checks.privacy"):
        "Finding masks personal numbers with the privacy gate's pattern",
}


@dataclass(frozen=True)
class Import:
    importer: str
    line: int
    imported: str


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(name: str, source: str, is_package: bool, known: set[str]) -> list[Import]:
    """Every hrosite module `source` imports, at any depth (functions, TYPE_CHECKING blocks)."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from x import y` imports module x.y when y is a module, else names inside x
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module
                       for a in node.names]
        else:
            continue
        found += [Import(name, node.lineno, t) for t in dict.fromkeys(targets)
                  if t == "hrosite" or t.startswith("hrosite.")]
    return found


def layer_of(module: str) -> str:
    prefixes = [p for p in PLACES if module == p or (p != "hrosite" and module.startswith(p + "."))]
    if not prefixes:
        raise KeyError(f"{module} has no layer: add it to PLACES in tests/test_layers.py")
    return PLACES[max(prefixes, key=len)]


def read_package(root: Path) -> dict[str, tuple[str, bool]]:
    """module name → (source, is a package) for every .py file under root."""
    return {module_name(p, root): (p.read_text(encoding="utf-8"), p.name == "__init__.py")
            for p in sorted(root.rglob("*.py"))}


def upward_imports(modules: dict[str, tuple[str, bool]]) -> list[str]:
    """`file-module:line: A (layer) imports B (higher layer)` for every import pointing up."""
    known = set(modules)
    problems = []
    for name, (source, is_package) in sorted(modules.items()):
        for imp in imports_of(name, source, is_package, known):
            low, high = layer_of(imp.importer), layer_of(imp.imported)
            if LAYERS.index(high) > LAYERS.index(low) and (imp.importer, imp.imported) not in ALLOWED:
                problems.append(f"{imp.importer}:{imp.line}: {imp.importer} ({low}) imports "
                                f"{imp.imported} ({high}), a higher layer")
    return problems


def test_no_import_points_up_a_layer():
    assert upward_imports(read_package(PACKAGE)) == []


def test_every_module_has_a_layer():
    unplaced = []
    for name in read_package(PACKAGE):
        try:
            layer_of(name)
        except KeyError as missing:
            unplaced.append(str(missing))
    assert unplaced == []


def test_every_allowed_exception_is_still_needed():
    modules = read_package(PACKAGE)
    known = set(modules)
    present = {(i.importer, i.imported) for name, (src, pkg) in modules.items()
               for i in imports_of(name, src, pkg, known)}
    assert set(ALLOWED) <= present


@pytest.mark.parametrize("where", ["top", "function", "type_checking"])
def test_a_planted_upward_import_fails(where):
    """A model importing compile code fails, wherever the import is written."""
    body = {"top": "from ..compile.faq import compile_faq\n",
            "function": "def f():\n    from ..compile import faq\n    return faq\n",
            "type_checking": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                             "    from ..compile.faq import compile_faq\n"}[where]
    modules = {"hrosite": ("", True), "hrosite.model": ("", True), "hrosite.compile": ("", True),
               "hrosite.compile.faq": ("def compile_faq(): ...\n", False),
               "hrosite.model.news": (body, False)}
    line = {"top": 1, "function": 2, "type_checking": 3}[where]
    assert upward_imports(modules) == [
        f"hrosite.model.news:{line}: hrosite.model.news (model) imports hrosite.compile.faq (compile), "
        "a higher layer"]


def test_a_planted_import_in_a_copy_of_the_package_fails(tmp_path):
    """The real package, copied, with one upward import added: exactly that one is reported."""
    copy = tmp_path / "hrosite"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "templates"))
    news = copy / "model" / "news.py"
    source = news.read_text(encoding="utf-8")
    lines = source.count("\n")
    news.write_text(source + "\n\ndef _late():\n    from ..content import SiteContent\n"
                    "    return SiteContent\n", encoding="utf-8")
    assert upward_imports(read_package(copy)) == [
        f"hrosite.model.news:{lines + 4}: hrosite.model.news (model) imports hrosite.content (content), "
        "a higher layer"]


def test_a_module_without_a_layer_is_named():
    with pytest.raises(KeyError, match="hrosite.newthing has no layer"):
        layer_of("hrosite.newthing")
    assert layer_of("hrosite.checks.completeness") == "content"
    assert layer_of("hrosite.checks.run") == "checks"
    assert layer_of("hrosite") == "sources"
