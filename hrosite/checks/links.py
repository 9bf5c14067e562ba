"""Gate "links": every link, image and anchor in the built site resolves.

`mkdocs build --strict` only sees Markdown links; raw HTML `<a href>` and template links need
linkchecker over HTTP. `#anchors` are checked by anchors.py, which reads each
built page once instead of linkchecker's AnchorCheck fetching a page again per anchor.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from hrosite.checks.anchors import check_anchors
from hrosite.checks.process import run_bounded
from hrosite.checks.serve import page_path, page_url, serve
from hrosite.findings import Finding

GATE = "links"
_TIMEOUT_S = 1800  # the example site takes about 15 s; a hung server must not hang the night
# CSV columns, in linkchecker's fixed order; "line" and "column" vanish when unknown.
_PARTS = ("urlname", "parentname", "result", "warningstring", "valid", "url", "line", "column", "name")


def check_links(
    site_dir: Path, *, external: bool = False, allow_hosts: Iterable[str] = (),
    ignore_prefixes: Iterable[str] = (),
) -> list[Finding]:
    """Check the site at `site_dir`; with `external`, links to other hosts too.

    Failures on `allow_hosts` (a host and its subdomains) are only warnings: some
    government hosts block robots or time out, and a nightly run must not go red for them.
    URLs under `ignore_prefixes` are not fetched: the site's own published address (canonical
    links, feeds) would otherwise be checked against yesterday's site, where a new page is 404.
    """
    ignore = [f"^{re.escape(prefix)}" for prefix in ignore_prefixes]
    site_dir = Path(site_dir)
    if importlib.util.find_spec("linkcheck") is None:
        return [_site_error(site_dir, f"找不到 linkchecker（not installed）: {sys.executable}",
                            "執行 make test-deps 或 pip install linkchecker")]
    exe = [sys.executable, "-m", "hrosite.checks.linkchecker_main"]  # never drops to "nobody"
    # Start at / and at every page, so pages no link reaches are checked too. Not 404.html:
    # it is served at any depth with root-absolute links, so checking it at / proves nothing.
    pages = [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*.html"))]
    pages = [p for p in pages if p not in ("index.html", "404.html")]
    with tempfile.TemporaryDirectory(prefix="hrosite-links-") as tmp, serve(site_dir) as base:
        urls = [base] + [page_url(base, p) for p in pages]
        rows, error = _run(exe, Path(tmp), urls, external, ignore=ignore)
        if error:
            return [_site_error(site_dir, error, None)]
        problems = [r for r in rows if _problem(r)]
        retry = [r["url"] for r in problems if external and not r["url"].startswith(base)]
        if retry:  # the outside world is flaky: a second chance before an external link fails
            again, error = _run(exe, Path(tmp), sorted(set(retry)), True, recurse=False,
                                ignore=ignore)
            still = {r["url"] for r in again if _problem(r)} if not error else set(retry)
            problems = [r for r in problems if r["url"].startswith(base) or r["url"] in still]
        findings = [_finding(r, base, site_dir, set(allow_hosts)) for r in problems]
    findings += check_anchors(site_dir)
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.col or 0, f.message))


def linkcheckerrc(external: bool, ignore: Iterable[str] = ()) -> str:
    """The config file: no throttling against our own server (§4); anchors are checked apart.

    [csv] parts leaves out the `# …` intro and outro: a row for a link `#x` starts with `#` too.
    """
    return (
        "[checking]\nmaxrequestspersecond=1000\n\n"
        f"[filtering]\ncheckextern={int(external)}\nignorewarnings=http-redirected\n"
        + "".join(f"ignore=\n  {pattern}\n" for pattern in ignore[:1])
        + "".join(f"  {pattern}\n" for pattern in ignore[1:]) + "\n"
        f"[csv]\nparts={','.join(_PARTS)}\n"
    )


def _run(exe: list[str], tmp: Path, urls: list[str], external: bool,
         recurse: bool = True, ignore: list[str] = ()) -> tuple[list[dict], str | None]:
    """Run linkchecker; its CSV comes from stdout."""
    rc_file = tmp / ("linkcheckerrc-extern" if external else "linkcheckerrc")
    rc_file.write_text(linkcheckerrc(external, list(ignore)), encoding="utf-8")
    cmd = [*exe, "-f", str(rc_file), "--no-status", "-o", "csv/utf-8"]
    if not recurse:
        cmd += ["-r", "0"]
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": "en"}  # English messages we can match
    try:
        proc = run_bounded(cmd + urls, env=env, timeout=_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [], f"linkchecker 逾時（timed out after {_TIMEOUT_S} s）"
    if proc.returncode not in (0, 1):
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = [ln for ln in lines if not ln.startswith("Execute '")][-5:]
        return [], (f"linkchecker 內部錯誤（internal error, exit {proc.returncode}）: "
                    + " / ".join(tail))
    return _parse_csv(proc.stdout.decode("utf-8", "replace")), None


def _parse_csv(text: str) -> list[dict]:
    """Rows as dicts. line and column are left out (not empty) when unknown: split by position."""
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if len(row) < len(_PARTS) - 2 or row[0] == "urlname":
            continue
        line_col = [int(v) if v.isdigit() else None for v in row[6:-1]] + [None, None]
        rows.append({
            "urlname": row[0], "parent": row[1], "result": row[2], "warning": row[3],
            "valid": row[4] == "True", "url": row[5], "line": line_col[0], "col": line_col[1],
            "name": row[-1],
        })
    return rows


def _problem(row: dict) -> bool:
    return not row["valid"] or bool(row["warning"])


def _finding(row: dict, base: str, site_dir: Path, allow_hosts: set[str]) -> Finding:
    page = page_path(base, row["parent"] or row["url"], site_dir)
    name = row["name"] if len(row["name"]) <= 40 else row["name"][:39] + "…"
    target = row["urlname"] + (f"「{name}」" if name else "")
    internal = row["url"].startswith(base)
    severity = "error"
    if not internal and _host_allowed(row["url"], allow_hosts):
        severity = "warning"
    if not row["valid"]:
        message = f"連結失效（broken link）: {target} — {row['result']}"
        hint = "檢查網址拼寫，或目標頁面是否已改名、刪除" if internal else "確認外部網站仍提供此網址"
    else:
        message = f"連結警告（link warning）: {target} — {row['warning'].strip()}"
        hint, severity = None, "warning"
    return Finding(file=page, line=row["line"], col=row["col"], message=message,
                   hint=hint, gate=GATE, severity=severity)


def _host_allowed(url: str, allow_hosts: set[str]) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or parts.path.rpartition("@")[2].partition("?")[0]  # mailto:
    host = host.lower()
    return any(host == h.lower() or host.endswith("." + h.lower()) for h in allow_hosts)


def _site_error(site_dir: Path, message: str, hint: str | None) -> Finding:
    return Finding(file=str(site_dir), message=message, hint=hint, gate=GATE)
