"""Command line for a city repository: `validate|build|check --all / --office ID` and `offices`.

`hrosite offices` prints one office id a line (`--json`: a JSON list for a CI matrix);
`--changed-since REF` prints only the offices a change since REF touches (hrosite/offices.py).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from .findings import Finding, errors
from .offices import GitError, changed_paths, discover, select, touched


def add_city_options(sub, offices_command) -> None:
    """Add --all/--office/--jobs to validate, build and check, and the `offices` command."""
    for name in ("validate", "build", "check"):
        parser = sub.choices[name]
        parser.add_argument("--all", action="store_true",
                            help="every office under offices/, in parallel (city repository)")
        parser.add_argument("--office", action="append", default=[], metavar="ID",
                            help="just this office of offices/ (repeatable)")
        parser.add_argument("--jobs", type=int, metavar="N",
                            help="offices processed at once (default: one per core)")
    sub.choices["publish"].add_argument(
        "--office", action="append", default=[], metavar="ID",
        help="publish build/offices/ID/site (checked by check --office ID) instead of build/site")
    offices = sub.add_parser("offices", help="list the offices of offices/ (for CI)")
    offices.add_argument("--changed-since", metavar="REF",
                         help="only the offices a change since REF touches (common/ or code: all)")
    offices.add_argument("--json", action="store_true", help="a JSON list of ids (a CI matrix)")
    offices.set_defaults(func=offices_command)


def wants_city(args) -> bool:
    """--all / --office; or validate, build, check in a city repository (offices/ and no
    site.yml at the top), which then means --all."""
    if getattr(args, "all", False) or getattr(args, "office", None):
        return True
    root = Path(args.root)
    if (args.command in ("validate", "build", "check") and not (root / "site.yml").exists()
            and (root / "offices").is_dir()):
        print("多事務所的儲存庫（city repository）：處理 offices/ 下的每個事務所（等於 --all）。",
              file=sys.stderr)
        args.all = True
        return True
    return False


def _print(findings: list[Finding], fmt: str) -> None:
    from .cli import _print as print_findings
    print_findings(findings, fmt)


def _offices(args, required: bool = True):
    repo = Path(args.root).resolve()
    offices, problems = discover(repo)
    _print(problems, args.format)
    if errors(problems):
        print(f"offices/ 有 {len(errors(problems))} 個錯誤（errors），請先修正。", file=sys.stderr)
        return repo, None, 1
    if not offices and required:
        print("找不到任何事務所（no offices/<id>/site.yml）：單一事務所的儲存庫請不加 --all 執行。",
              file=sys.stderr)
        return repo, None, 2
    return repo, offices, 0


def run_city(args) -> int:
    """validate / build / check for the selected offices, a summary, and the city index."""
    from .city import BUILD, run_all, summary
    from .cityindex import write_index

    repo, offices, code = _offices(args)
    if offices is None:
        return code
    chosen, unknown = select(offices, [] if getattr(args, "all", False) else args.office)
    if unknown:
        print(f"沒有這個事務所（unknown office）：{'、'.join(unknown)}；"
              f"可用：{'、'.join(o.id for o in offices)}", file=sys.stderr)
        return 2
    if args.command == "publish":
        return max(publish_office(repo, o.id, args) for o in chosen)
    options = {}
    if args.command == "check":
        options = {"quick": args.quick, "external": args.external,
                   "strict_freshness": args.strict_freshness}
    results = run_all(repo, chosen, args.command, args.jobs, **options)
    # A finding in common/ is the same for every office that uses it: printed once.
    _print(list(dict.fromkeys(f for r in results for f in r.findings)), args.format)
    failed = any(not r.ok for r in results)
    if args.command == "build":
        index = write_index(repo / BUILD, offices)
        print(f"城市首頁（city index）：{index.relative_to(repo)}", file=sys.stderr)
    if args.command == "check" and (repo / BUILD / "index.html").is_file():
        problems = check_index(repo / BUILD, offices)
        _print(problems, args.format)
        failed = failed or bool(errors(problems))
        print(f"城市首頁（city index）：{'未通過' if errors(problems) else '通過'}", file=sys.stderr)
    print("\n".join(summary(results)), file=sys.stderr)
    return 1 if failed else 0


def check_index(out_dir: Path, offices) -> list[Finding]:
    """The gates an office page passes, on the city index: self-contained, norm, axe and
    WCAG 2.2 in Chromium, and every link reaching a built office."""
    import re

    from .checks import accessibility, norm, selfcontained

    page = out_dir / "index.html"
    rel = "build/offices/index.html"
    html = page.read_text(encoding="utf-8")
    found: list[Finding] = []
    for href in re.findall(r'href="([^"#]+)"', html):
        if not (out_dir / href / "index.html").is_file():
            found.append(Finding(rel, None, None, None, f"連結到不存在的網站（broken link）：{href}",
                                 "先建置該事務所（hrosite build --office ID）", gate="links"))
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(page, Path(tmp) / "index.html")
        for gate in (lambda d: selfcontained.scan_site(d), lambda d: norm.check_norm(d, ["index.html"]),
                     lambda d: accessibility.check_accessibility(d, ["index.html"]),
                     lambda d: accessibility.check_wcag22(d, ["index.html"])):
            found += [_at_index(f, rel) for f in gate(Path(tmp))]
    return found


def _at_index(finding: Finding, rel: str) -> Finding:
    from dataclasses import replace
    return replace(finding, file=rel) if finding.file in ("index.html", "build/site") else finding


def cmd_offices(args) -> int:
    repo, offices, code = _offices(args, required=False)   # a single-office repository: []
    if offices is None:
        return code
    if args.changed_since:
        try:
            offices = touched(changed_paths(repo, args.changed_since), offices)
        except GitError as exc:
            print(f"無法比較變更（cannot compare）：{exc}", file=sys.stderr)
            return 2
    ids = [o.id for o in offices]
    print(json.dumps(ids) if args.json else "\n".join(ids))
    return 0


def publish_office(repo: Path, office_id: str, args) -> int:
    """`hrosite publish` for one office of a city: only a site that passed a full check as it
    is now (build/offices/<id>/reports/report.json), else nothing changes and the office's
    published site stays its last good one."""
    from .city import office_dir
    from .publish import (PublishError, approval_problem, approved_fingerprint, describe_error,
                          publish_directory, publish_git_branch)

    out = office_dir(repo, office_id)
    site, report = out / "site", out / "reports" / "report.json"
    if not (site / "index.html").is_file():
        print(f"{office_id}：找不到 {site.relative_to(repo)}/：請先建置並通過檢查。", file=sys.stderr)
        return 2
    problem = approval_problem(site, report)
    if problem and not args.force:
        print(f"{office_id}：不發布（not published）：{problem}。原本的網站保持不變。", file=sys.stderr)
        return 1
    if problem:
        print(f"{office_id}：警告：--force 略過檢查結果（check result ignored）：{problem}", file=sys.stderr)
    approved = None if problem else approved_fingerprint(report)
    try:
        if args.to_dir:
            target = Path(args.to_dir.format(id=office_id))
            publish_directory(site, target, approved=approved)
            print(f"{office_id}：已發布到 {target}", file=sys.stderr)
        else:
            branch = args.branch.format(id=office_id)
            sha = publish_git_branch(site, args.to_git, branch=branch, approved=approved)
            print(f"{office_id}：已發布到 {args.to_git} 的 {branch} 分支（{sha[:12]}）", file=sys.stderr)
    except (PublishError, OSError) as exc:
        print(f"{office_id}：發布失敗（publish failed）：{describe_error(exc)}；原本的網站保持不變。",
              file=sys.stderr)
        return 1
    return 0
