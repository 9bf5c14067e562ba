"""Command line: validate | build | serve | check | publish | schema | editor-config | editor-install |
forms | new-office | offices (validate/build/check --all: every office of a city, hrosite/citycli.py).

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
from .sources import for_staff


def _print(findings: list[Finding], fmt: str) -> None:
    for finding in findings:
        finding = for_staff(finding)  # staff count list items from 1: "steps 第 3 項", not "steps[2]"
        print(finding.format_github() if fmt == "github" else finding.format_text(),
              file=sys.stderr if fmt == "text" else sys.stdout)


def cmd_validate(args) -> int:
    from .search import load_synonyms

    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        result = compile_to(root, Path(tmp) / "docs")
    result.findings += load_synonyms(root)[1]
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
    return render(Path(args.root).resolve(), serve=True, dev_addr=args.dev_addr)


def cmd_check(args) -> int:
    from .checks.changed import ChangedError
    from .checks.run import run_checks
    from .publish import site_fingerprint
    from .report import write_report

    root = Path(args.root).resolve()
    site_dir = root / "build" / "site"
    if not (site_dir / "index.html").is_file():
        print("找不到 build/site/：請先執行 make site（hrosite build）。", file=sys.stderr)
        return 2
    reports = root / "build" / "reports"
    for stale in ("report.json", "report.html"):  # a crashed run must not leave "passed"
        (reports / stale).unlink(missing_ok=True)
    try:
        run = run_checks(root, site_dir, reports, quick=args.quick, external=args.external,
                         allow_hosts=args.allow_host, strict_freshness=args.strict_freshness,
                         freshness=_freshness(root),
                         changed_since=args.changed_since)
    except ChangedError as exc:
        print(f"{exc}；請確認 --changed-since 的分支或提交存在（git fetch）", file=sys.stderr)
        return 2
    mode = "changed" if args.changed_since else "quick" if args.quick else "full"
    checked = {"mode": mode, "pages": run.pages,
               "site_url": run.site_url, "site_fingerprint": site_fingerprint(site_dir)}
    if args.changed_since:
        checked.update(changed_since=args.changed_since, reasons=run.reasons)
    json_path, html_path = write_report(run.findings, reports, gates_run=list(run.durations),
                                        durations=run.durations, screenshots=run.screenshots,
                                        checked=checked)
    # The 待確認 to-do list lives in the report: printed, dozens of lines would bury the
    # findings of this change (and GitHub shows only the first 10 warning annotations).
    todo = [f for f in run.findings if f.gate == "placeholders"]
    _print([f for f in run.findings if f.gate != "placeholders"], args.format)
    failed = errors(run.findings)
    summary = "、".join(f"{gate} {seconds:.1f}s" for gate, seconds in run.durations.items())
    print(f"檢查 {len(run.pages)} 頁（{summary}）；報告：{html_path.relative_to(root)}",
          file=sys.stderr)
    if todo:
        print(f"待確認事項 {len(todo)} 項（placeholders），清單見報告。", file=sys.stderr)
    if failed:
        print(f"未通過：{len(failed)} 個錯誤（errors）。", file=sys.stderr)
        return 1
    print("全部通過（all gates passed）。", file=sys.stderr)
    return 0


def _freshness(root: Path):
    """The review_by check on the loaded content; it loads the content itself, inside the gate,
    so that a crash while loading is the freshness gate's crash finding (content that does not
    load is `hrosite validate`'s to report: no findings here)."""
    from .checks.freshness import freshness_findings
    from .content import load_site

    def found(today):
        content, _ = load_site(root)
        return freshness_findings(content, today) if content else []
    return found


def cmd_publish(args) -> int:
    from .publish import (PublishError, approval_problem, approved_fingerprint, describe_error,
                          publish_directory, publish_git_branch)

    root = Path(args.root).resolve()
    site_dir = root / "build" / "site"
    if not (site_dir / "index.html").is_file():
        print("找不到 build/site/：請先建置並通過檢查。", file=sys.stderr)
        return 2
    problem = approval_problem(site_dir, root / "build" / "reports" / "report.json")
    if problem and not args.force:
        print(f"不發布（not published）：{problem}。原本的網站保持不變。", file=sys.stderr)
        return 1
    if problem:
        print(f"警告：--force 略過檢查結果（check result ignored）：{problem}", file=sys.stderr)
    # Without --force, what is copied must be what was checked (verified on the copy itself).
    approved = None if problem else approved_fingerprint(root / "build" / "reports" / "report.json")
    try:
        if args.to_dir:
            publish_directory(site_dir, Path(args.to_dir), approved=approved)
            print(f"已發布到 {args.to_dir}", file=sys.stderr)
        else:
            sha = publish_git_branch(site_dir, args.to_git, branch=args.branch, approved=approved)
            print(f"已發布到 {args.to_git} 的 {args.branch} 分支（{sha[:12]}）", file=sys.stderr)
    except (PublishError, OSError) as exc:  # shutil.Error is an OSError too
        print(f"發布失敗（publish failed）：{describe_error(exc)}；原本的網站保持不變。", file=sys.stderr)
        return 1
    return 0


def cmd_forms(args) -> int:
    """Regenerate every sample form of the office at --root from its site.yml and forms/src/."""
    from tools.forms import FormSourceError, OfficeFacts, build_forms   # a tool, not the runtime

    root = Path(args.root).resolve()
    try:
        office = OfficeFacts.from_site(root / "site.yml")
        paths = build_forms(root / "forms" / "src", root / "forms" / "files", office=office,
                            pdf=not args.no_pdf, only=args.only)
    except (FormSourceError, RuntimeError) as exc:
        print(f"錯誤（error）：{exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path.relative_to(root)}\t{path.stat().st_size // 1024 + 1} KB")
    print(f"已為「{office.name}」產生 {len(paths)} 個檔案（forms/files/）。", file=sys.stderr)
    return 0


def cmd_new_office(args) -> int:
    from .scaffold import ScaffoldError, new_office

    try:
        report = new_office(Path(args.root).resolve(), Path(args.target), facts_file=args.facts,
                            name=args.name, district=args.district, villages=args.village,
                            forms=not args.no_forms)
    except ScaffoldError as exc:
        print(f"錯誤（error）：{exc}", file=sys.stderr)
        return 1
    print(report, file=sys.stderr)
    return 0


def cmd_city(args) -> int:
    """validate / build / check with --all or --office: every office of offices/ in parallel."""
    from .citycli import run_city
    return run_city(args)


def cmd_offices(args) -> int:
    from .citycli import cmd_offices as list_offices
    return list_offices(args)


def cmd_schema(args) -> int:
    from .schemas import write_schemas
    for path in write_schemas(Path(args.root).resolve() / "schemas"):
        print(path)
    return 0


def cmd_editor_config(args) -> int:
    from .editor.config import write_config
    root = Path(args.root).resolve()
    try:
        print(write_config(root).relative_to(root))
    except KeyError as exc:  # a model field or pattern the editor has no Chinese words for
        print(exc.args[0], file=sys.stderr)
        return 1
    return 0


def cmd_editor_install(args) -> int:
    from .editor.install import EditorMissing, install_editor
    root = Path(args.root).resolve()
    try:
        target = install_editor(root, root / "build" / "site")
    except EditorMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"編輯器已安裝：{target.relative_to(root)}/（editor installed）", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hrosite", description=__doc__)
    parser.add_argument("--root", default=".", help="the content repository (default: .)")
    parser.add_argument("--format", choices=["text", "github"], default="text")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every content file, report all errors").set_defaults(func=cmd_validate)
    sub.add_parser("build", help="compile and render build/site/").set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview at http://127.0.0.1:8000/ (incremental)")
    serve.add_argument("--dev-addr", metavar="HOST:PORT",
                       help="where to serve (default: mkdocs.yml dev_addr, else 127.0.0.1:8000)")
    serve.set_defaults(func=cmd_serve)
    check = sub.add_parser("check", help="run every quality gate on build/site/, report in build/reports/")
    check.add_argument("--quick", action="store_true", help="one page per page kind (pull requests)")
    check.add_argument("--changed-since", metavar="REF",
                       help="the pages whose sources changed since git REF, plus one page per "
                            "page kind (pull requests)")
    check.add_argument("--external", action="store_true", help="also check links to other sites")
    check.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="external link failures on HOST (and its subdomains) only warn")
    check.add_argument("--strict-freshness", action="store_true",
                       help="disclosures past review_by fail instead of warn (nightly)")
    check.set_defaults(func=cmd_check)
    publish = sub.add_parser("publish", help="publish build/site/ atomically")
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-dir", help="a directory served by a static web server")
    target.add_argument("--to-git", help="a git repository (path or URL)")
    publish.add_argument("--branch", default="gh-pages")
    publish.add_argument("--force", action="store_true",
                         help="publish even without a passed full check of this exact site")
    publish.set_defaults(func=cmd_publish)
    sub.add_parser("schema", help="write JSON Schemas for editors to schemas/").set_defaults(func=cmd_schema)
    sub.add_parser("editor-config", help="write admin/config.yml from the content models").set_defaults(
        func=cmd_editor_config)
    sub.add_parser("editor-install", help="copy the editor into build/site/admin/").set_defaults(
        func=cmd_editor_install)
    forms = sub.add_parser("forms", help="regenerate forms/files/ from forms/src/ and site.yml")
    forms.add_argument("--no-pdf", action="store_true", help="only ODT (no LibreOffice needed)")
    forms.add_argument("--only", action="append", metavar="FORM_ID", help="just this form (repeatable)")
    forms.set_defaults(func=cmd_forms)
    new = sub.add_parser("new-office", help="scaffold a new office folder from --root's generic content")
    new.add_argument("target", help="the new office's folder (must not exist or be empty)")
    new.add_argument("--facts", help="a small YAML file: name, district, villages (and optional facts)")
    new.add_argument("--name", help="the office's full name, e.g. 高雄市前金區戶政事務所")
    new.add_argument("--district", help="the district, e.g. 高雄市前金區")
    new.add_argument("--village", action="append", default=[], metavar="NAME",
                     help="one 里 (村) name, repeatable")
    new.add_argument("--no-forms", action="store_true",
                     help="do not generate forms/files/ (then run `hrosite forms` before building)")
    new.set_defaults(func=cmd_new_office)
    from .citycli import add_city_options, wants_city   # a city repository: offices/<id>/
    add_city_options(sub, cmd_offices)
    args = parser.parse_args(argv)
    try:
        return (cmd_city if wants_city(args) else args.func)(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
