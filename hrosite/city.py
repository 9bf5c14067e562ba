"""A whole city in one run: validate, build or check every office in parallel processes.

Rule (docs/offices.md "A whole city"): each office is composed (hrosite/overlay.py) into
build/offices/<id>/src and built into build/offices/<id>/site by the single-office pipeline,
unchanged; its report goes to build/offices/<id>/reports. One process per core (or --jobs).
Every finding is reported at its ORIGINAL file:line (common/… or offices/<id>/…). One office
failing does not stop the others; the exit status is 1 if any failed. After a build the city
index page build/offices/index.html lists and links every office.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, errors
from .offices import Office
from .overlay import MAP_FILE, SourceMap, compose, write_tree

BUILD = "build/offices"
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass
class OfficeResult:
    id: str
    name: str | None
    action: str
    ok: bool
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    note: str = ""            # one line for the summary (where the log or report is)


def office_dir(repo: Path, office_id: str) -> Path:
    return repo / BUILD / office_id


def prepare(repo: Path, office: Office) -> tuple[Path, SourceMap, list[Finding]]:
    """Compose the office's source tree on disk; findings of the overlay itself."""
    composed = compose(repo, office.folder)
    src = office_dir(repo, office.id) / "src"
    smap = write_tree(composed, src)
    smap.save(office_dir(repo, office.id) / MAP_FILE)
    return src, smap, composed.findings


def validate_findings(src: Path, smap: SourceMap) -> list[Finding]:
    """The single-office validation of the composed tree, at the original file:line."""
    from .build import compile_to
    from .search import load_synonyms

    with tempfile.TemporaryDirectory() as tmp:
        result = compile_to(src, Path(tmp) / "docs")
    return [smap.remap(f) for f in result.findings + load_synonyms(src)[1]]


def validate_office(repo: Path, office: Office) -> OfficeResult:
    start = time.perf_counter()
    src, smap, findings = prepare(repo, office)
    if not errors(findings):
        findings += validate_findings(src, smap)
    return OfficeResult(office.id, office.name, "validate", not errors(findings),
                        time.perf_counter() - start, findings)


def build_office(repo: Path, office: Office) -> OfficeResult:
    """Compose, then MkDocs into build/offices/<id>/site (log beside it). The content is
    compiled once on success; only a failed build compiles again to place its errors."""
    start = time.perf_counter()
    src, smap, findings = prepare(repo, office)
    out = office_dir(repo, office.id)
    if errors(findings):
        return OfficeResult(office.id, office.name, "build", False, time.perf_counter() - start, findings)
    log = out / "build.log"
    with log.open("w", encoding="utf-8") as handle:
        code = subprocess.call([sys.executable, "-m", "mkdocs", "build", "-q", "--clean",
                                "--site-dir", str(out / "site")],
                               cwd=src, env=dict(os.environ, **ENV), stdout=handle, stderr=handle)
    rel_log = log.relative_to(repo).as_posix()
    if code != 0:
        findings += validate_findings(src, smap)
        if not errors(findings):
            findings.append(Finding(rel_log, None, None, None,
                                    f"建置失敗（build failed, exit {code}），內容檢查沒有錯誤",
                                    f"看 {rel_log} 的最後幾行；這通常不是內容錯誤，請轉給維護網站程式的人員",
                                    gate="build"))
        return OfficeResult(office.id, office.name, "build", False, time.perf_counter() - start,
                            findings, rel_log)
    return OfficeResult(office.id, office.name, "build", True, time.perf_counter() - start, findings,
                        (out / "site").relative_to(repo).as_posix())


def check_office(repo: Path, office: Office, quick: bool = False, external: bool = False,
                 strict_freshness: bool = False, workers: int | None = None) -> OfficeResult:
    """Every gate of `hrosite check` on build/offices/<id>/site, report beside it; `workers`
    browsers per browser gate (default: one per core)."""
    from .checks.freshness import freshness_findings
    from .checks.run import run_checks
    from .content import load_site
    from .publish import site_fingerprint
    from .report import write_report

    start = time.perf_counter()
    out = office_dir(repo, office.id)
    site = out / "site"
    if not (site / "index.html").is_file() or not (out / MAP_FILE).is_file():
        return OfficeResult(office.id, office.name, "check", False, 0.0, [Finding(
            f"{BUILD}/{office.id}/site", None, None, None, "找不到建置好的網站（site not built）",
            f"先執行 hrosite build --office {office.id}（或 --all）", gate="check")])
    src, smap = out / "src", SourceMap.load(out / MAP_FILE)
    reports = out / "reports"
    for stale in ("report.json", "report.html"):
        (reports / stale).unlink(missing_ok=True)
    content, _ = load_site(src)
    freshness = (lambda today: freshness_findings(content, today)) if content else None
    run = run_checks(src, site, reports, quick=quick, external=external,
                     strict_freshness=strict_freshness, freshness=freshness, workers=workers)
    findings = [_from_repo(smap.remap(f), repo) for f in run.findings]
    checked = {"mode": "quick" if quick else "full", "pages": run.pages, "site_url": run.site_url,
               "site_fingerprint": site_fingerprint(site)}
    _, html = write_report(findings, reports, gates_run=list(run.durations), durations=run.durations,
                           screenshots=run.screenshots, checked=checked)
    todo = sum(1 for f in findings if f.gate == "placeholders")
    return OfficeResult(office.id, office.name, "check", not errors(findings),
                        time.perf_counter() - start,
                        [f for f in findings if f.gate != "placeholders"],
                        f"{html.relative_to(repo).as_posix()}；待確認 {todo} 項")


def _from_repo(finding: Finding, repo: Path) -> Finding:
    """A built file named by its absolute path (the site is outside src/) → repository-relative."""
    prefix = f"{repo.as_posix()}/"
    if finding.file.startswith(prefix):
        from dataclasses import replace
        return replace(finding, file=finding.file[len(prefix):])
    return finding


ACTIONS = {"validate": validate_office, "build": build_office, "check": check_office}


def _run_one(action: str, repo: Path, office: Office, options: dict) -> OfficeResult:
    """One office in a worker process: any crash becomes a failed result, not a lost pool."""
    start = time.perf_counter()
    try:
        return ACTIONS[action](repo, office, **options)
    except Exception as exc:  # noqa: BLE001 (one office's crash must not hide the others)
        return OfficeResult(office.id, office.name, action, False, time.perf_counter() - start, [Finding(
            f"{BUILD}/{office.id}", None, None, None,
            f"處理失敗（{action} crashed）：{type(exc).__name__}: {exc}",
            "這不是內容錯誤；請把這段訊息轉給維護網站程式的人員", gate=action)])


def run_all(repo: Path, offices: list[Office], action: str, jobs: int | None = None,
            **options) -> list[OfficeResult]:
    """`action` for every office, `jobs` processes at once (default: one per core). Checks
    running side by side share the cores: each gets cores ÷ jobs browsers, not one per core."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(offices) or 1))
    if action == "check" and jobs > 1:
        options = {**options, "workers": max(1, (os.cpu_count() or 1) // jobs)}
    if jobs == 1:
        return [_run_one(action, repo, office, options) for office in offices]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_run_one, action, repo, office, options) for office in offices]
        return [future.result() for future in futures]


def summary(results: list[OfficeResult]) -> list[str]:
    """One line per office, then the total: what staff and CI logs show."""
    lines = []
    for r in results:
        state = "通過（passed）" if r.ok else f"未通過（failed）：{len(errors(r.findings))} 個錯誤"
        lines.append(f"  {r.id}\t{r.name or '（名稱待確認）'}\t{state}\t{r.seconds:.1f}s"
                     + (f"\t{r.note}" if r.note else ""))
    failed = [r.id for r in results if not r.ok]
    lines.append(f"{len(results)} 個事務所，{len(results) - len(failed)} 個通過"
                 + (f"，未通過：{'、'.join(failed)}" if failed else "") + "。")
    return lines
