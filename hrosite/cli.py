"""Command line: validate | build | serve | check | publish | schema.

Content problems are printed as `file:line:col: field: message` (or GitHub annotations
with --format github) and give exit code 1; never a traceback for a content mistake.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .build import compile_to
from .findings import Finding, errors


def _print(findings: list[Finding], fmt: str) -> None:
    for finding in findings:
        print(finding.format_github() if fmt == "github" else finding.format_text(),
              file=sys.stderr if fmt == "text" else sys.stdout)


def cmd_validate(args) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = compile_to(Path(args.root).resolve(), Path(tmp) / "docs")
    _print(result.findings, args.format)
    if not result.ok:
        print(f"共 {len(errors(result.findings))} 個錯誤（errors）。", file=sys.stderr)
        return 1
    print("內容檢查通過（content valid）。", file=sys.stderr)
    return 0


def cmd_build(args) -> int:
    from .render import render
    return render(Path(args.root).resolve(), serve=False)


def cmd_serve(args) -> int:
    from .render import render
    return render(Path(args.root).resolve(), serve=True)


def cmd_schema(args) -> int:
    from .schemas import write_schemas
    for path in write_schemas(Path(args.root).resolve() / "schemas"):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hrosite", description=__doc__)
    parser.add_argument("--root", default=".", help="the content repository (default: .)")
    parser.add_argument("--format", choices=["text", "github"], default="text")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every content file, report all errors").set_defaults(func=cmd_validate)
    sub.add_parser("build", help="compile and render build/site/").set_defaults(func=cmd_build)
    sub.add_parser("serve", help="live preview at http://127.0.0.1:8000/").set_defaults(func=cmd_serve)
    sub.add_parser("schema", help="write JSON Schemas for editors to schemas/").set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
