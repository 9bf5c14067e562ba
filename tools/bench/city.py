"""City bench: N synthetic offices of the example's size built with `hrosite build --all`.

    python -m tools.bench.city [--offices 38] [--jobs 2]      # alone
    python -m tools.bench --city 38                           # within make bench

The city is the 1× synthetic office of generate.py split into a shared layer (common/: engine,
content, FAQ, forms) and N offices (offices/o01 …: their own site.yml with a distinct 範例
name and district, and their own statistics). In the same run it times one office built alone
(`build --office o01 --jobs 1`, n = 3: once before the city and twice after) and every office
with `build --all --jobs J`, and reports the wall time and the ratio wall ÷ (N × the median
single office ÷ J). Targets: ≤ 5 min and ≤ 1.2×.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import generate

SHARED = ("mkdocs.yml", "overrides", "content", "faq", "forms")
OWN = ("site.yml", "stats")
TARGET_SECONDS = 300
TARGET_RATIO = 1.2
SECTION = "## City: 38 offices with build --all"


def make_city(source: Path, dest: Path, offices: int) -> list[str]:
    """common/ + offices/oNN/ from one 1× synthetic office; returns the office ids."""
    one = generate(source, dest / "_one", 1).root
    common = dest / "common"
    common.mkdir(parents=True)
    for name in SHARED:
        if (one / name).exists():
            shutil.move(str(one / name), str(common / name))
    ids = []
    site = (one / "site.yml").read_text(encoding="utf-8")
    for n in range(1, offices + 1):
        ident = f"o{n:02d}"
        folder = dest / "offices" / ident
        folder.mkdir(parents=True)
        text = re.sub(r"(?m)^name: .*$", f"name: 範例市第{n}區戶政事務所", site)
        text = re.sub(r"(?m)^district: .*$", f"district: 範例市第{n}區", text)
        text = re.sub(r"(?m)^short_name: .*$", f"short_name: 第{n}區戶政事務所", text)
        (folder / "site.yml").write_text(text, encoding="utf-8")
        shutil.copytree(one / "stats", folder / "stats", copy_function=os.link)
        ids.append(ident)
    shutil.rmtree(one)
    return ids


def _timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, proc.stderr[-2000:]


def run_city(source: Path, offices: int = 38, jobs: int = 2, work: Path | None = None) -> dict:
    """Build one office alone, then the whole city, then the one office twice more; the
    figures as a dict."""
    work = work or Path(tempfile.mkdtemp(prefix="hrosite-city-"))
    ids = make_city(source, work, offices)
    hrosite = [sys.executable, "-m", "hrosite", "--root", str(work)]
    single = hrosite + ["build", "--office", ids[0], "--jobs", "1"]

    def one_office() -> tuple[float, int, str]:
        timed = _timed(single, work)
        shutil.rmtree(work / "build", ignore_errors=True)
        return timed

    singles = [one_office()]
    wall, code_all, err_all = _timed(hrosite + ["build", "--all", "--jobs", str(jobs)], work)
    built = sum((work / "build" / "offices" / i / "site" / "index.html").is_file() for i in ids)
    singles += [one_office(), one_office()]
    ones = [seconds for seconds, _, _ in singles]
    code_one, err_one = next(((code, err) for _, code, err in singles if code), (0, ""))
    one = statistics.median(ones)
    expected = offices * one / jobs
    return {"offices": offices, "jobs": jobs, "cores": os.cpu_count(),
            "one_office_seconds": round(one, 1), "one_office_runs": [round(x, 2) for x in ones],
            "all_seconds": round(wall, 1),
            "ideal_seconds": round(expected, 1), "ratio": round(wall / expected, 3),
            "built": built, "exit_one": code_one, "exit_all": code_all,
            "load": [round(x, 2) for x in os.getloadavg()],
            "errors": (err_one if code_one else "") + (err_all if code_all else "")}


def section(result: dict) -> str:
    """The BENCHMARKS.md section for one city run."""
    wall_ok = result["all_seconds"] <= TARGET_SECONDS
    ratio_ok = result["ratio"] <= TARGET_RATIO
    return (f"{SECTION}\n\n"
            f"`python -m tools.bench.city --offices {result['offices']} --jobs {result['jobs']}` "
            f"(tools/bench/city.py): {result['offices']} synthetic offices of the example's size "
            "(common/ + offices/oNN/), one office built alone and then all with `build --all`, "
            "in the same run: one office n = 3 (once before the city, twice after), "
            "the city n = 1.\n\n"
            "| figure | value | target |\n|---|---|---|\n"
            f"| one office alone, median (runs) | {result['one_office_seconds']} s "
            f"({', '.join(str(x) for x in result.get('one_office_runs', []))}) | |\n"
            f"| all offices, `--jobs {result['jobs']}` | {result['all_seconds']} s "
            f"({result['built']} of {result['offices']} sites built) | ≤ {TARGET_SECONDS} s "
            f"{'met' if wall_ok else 'NOT met'} |\n"
            f"| ratio to {result['offices']} × one ÷ {result['jobs']} = {result['ideal_seconds']} s "
            f"| {result['ratio']}× | ≤ {TARGET_RATIO}× {'met' if ratio_ok else 'NOT met'} |\n\n"
            f"Load average (1, 5, 15 min) at the end: {result['load']} on {result['cores']} cores. "
            "On a shared machine other jobs slow both sides; the ratio, measured in one run, is "
            "the figure to compare.\n")


def write_section(report: Path, result: dict) -> None:
    """Replace (or append) the city section of BENCHMARKS.md, leaving the rest as it is."""
    text = report.read_text(encoding="utf-8") if report.is_file() else ""
    new = section(result)
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + new + (text[end + 1:] if end != -1 else "")
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + new
    report.write_text(text, encoding="utf-8")


def run_bench(root: Path, offices: int, report: Path, raw: Path, jobs: int = 2,
              workdir: Path | None = None) -> dict:
    """The whole city bench: build in a scratch folder (removed unless given), then write the
    raw figures and the BENCHMARKS.md section."""
    work = workdir or Path(tempfile.mkdtemp(prefix="hrosite-city-"))
    if workdir:
        shutil.rmtree(work, ignore_errors=True)
    try:
        result = run_city(root, offices, jobs, work)
    finally:
        if not workdir:
            shutil.rmtree(work, ignore_errors=True)
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    write_section(report, result)
    print(section(result), file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.city", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the example repository (default: .)")
    parser.add_argument("--offices", type=int, default=38)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--output", default="BENCHMARKS.md", help="report (relative to --root)")
    parser.add_argument("--json", default="build/bench/city.json", help="raw figures (relative to --root)")
    parser.add_argument("--workdir", help="where the city goes (default: a temporary folder, removed)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    result = run_bench(root, args.offices, root / args.output, root / args.json, args.jobs,
                       Path(args.workdir).resolve() if args.workdir else None)
    return 0 if result["exit_all"] == 0 and result["built"] == result["offices"] else 1


if __name__ == "__main__":
    sys.exit(main())
