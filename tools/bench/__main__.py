"""`make bench` / `python -m tools.bench`: build synthetic sites at 1×, 10× and 50× and write
BENCHMARKS.md. Speed is measured here, never asserted in a test.

Every comparison is paired (tools/bench/paired.py): at each scale the build and the engine alone
run interleaved n times; at the smallest scale `check --quick` and the full `check` each run
interleaved with the build, and Lighthouse's mobile preset loads one page of every kind.

    python -m tools.bench                    # 1×, 10×, 50× (about an hour on 2 cores)
    python -m tools.bench --scales 1,10      # what the paired targets need
    python -m tools.bench --no-checks --check-pairs 0 --lighthouse 0   # builds only
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .generate import generate
from .lighthouse import measure_pages
from .measure import check_pairs, measure
from .paired import MIN_PAIRS
from .report import environment, write_report


def _scales(text: str) -> list[int]:
    try:
        scales = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("e.g. 1,10,50") from None
    if not scales or any(s < 1 for s in scales):
        raise argparse.ArgumentTypeError("scales are whole numbers ≥ 1, e.g. 1,10,50")
    return scales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the example repository (default: .)")
    parser.add_argument("--scales", type=_scales, default=[1, 10, 50],
                        help="comma-separated multiples of the example office (default 1,10,50)")
    parser.add_argument("--repeat", type=int, default=MIN_PAIRS,
                        help=f"build / engine-alone pairs per scale up to 10× (default {MIN_PAIRS})")
    parser.add_argument("--repeat-large", type=int, default=1, metavar="N",
                        help="build / engine-alone pairs at scales above 10× (default 1: one 50× "
                             "pair takes about 9 minutes, and its noise is small beside its length)")
    parser.add_argument("--check-pairs", type=int, default=MIN_PAIRS, metavar="N",
                        help="check / build pairs at the smallest scale (0 = none)")
    parser.add_argument("--no-full-check", action="store_true",
                        help="pair only `check --quick` with the build, not the full check")
    parser.add_argument("--lighthouse", type=int, default=MIN_PAIRS, metavar="N",
                        help="Lighthouse runs per page kind at the smallest scale (0 = none)")
    parser.add_argument("--checks", type=int, default=20, metavar="N",
                        help="pages per scale for the accessibility and link checks (0 = none)")
    parser.add_argument("--no-checks", dest="checks", action="store_const", const=0)
    parser.add_argument("--link-urls", type=int, default=200, metavar="N",
                        help="URLs per scale for the link check's seconds per URL (default 200)")
    parser.add_argument("--full-links", action="store_true",
                        help="also run the full links gate at the smallest scale (calibration)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--output", default="BENCHMARKS.md", help="report (relative to --root)")
    parser.add_argument("--json", default="build/bench/results.json",
                        help="raw results (relative to --root)")
    parser.add_argument("--workdir", help="where the generated repositories go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    parser.add_argument("--city", type=int, default=38, metavar="N",
                        help="also build N offices with build --all (bench/city.py; 0 = none)")
    parser.add_argument("--preview", type=int, default=10, metavar="N",
                        help="saves of a FAQ file and of a procedure timed in hrosite serve (0 = none)")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve()
    work = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="hrosite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = environment(root)
    started = time.perf_counter()
    results = []
    pairs, lighthouse = [], None
    try:
        for scale in sorted(set(args.scales)):
            t0 = time.perf_counter()
            print(f"{scale}×: generating sources …", file=sys.stderr)
            generated = generate(root, work / f"scale-{scale}", scale, seed=args.seed)
            repeat = args.repeat if scale <= 10 else args.repeat_large
            results.append(measure(generated.root, scale, generated.counts, repeat=max(1, repeat),
                                   checks=args.checks, seed=args.seed, link_urls=args.link_urls,
                                   full_links=args.full_links and scale == min(args.scales),
                                   browser=args.checks > 0 and scale == min(args.scales),
                                   progress=lambda m: print(m, file=sys.stderr)))
            if scale == min(args.scales):
                say = lambda m: print(m, file=sys.stderr)   # noqa: E731
                if args.check_pairs > 0:
                    pairs = check_pairs(generated.root, args.check_pairs, full=not args.no_full_check,
                                        progress=say)
                if args.lighthouse > 0:
                    lighthouse = measure_pages(root, generated.root / "build" / "site",
                                               rounds=args.lighthouse, progress=say)
            print(f"{scale}×: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            if not args.keep:
                shutil.rmtree(generated.root, ignore_errors=True)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if args.preview:   # save-to-visible in the live preview (tools/bench/preview.py)
        from .preview import preview_times
        with tempfile.TemporaryDirectory(prefix="hrosite-preview-") as tmp:
            env["preview"] = preview_times(root, Path(tmp), args.preview,
                                           progress=lambda m: print(m, file=sys.stderr))
    env["editor"] = _editor_weight(root)
    env["bench_seconds"] = round(time.perf_counter() - started)
    env["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    env["load_after"] = _load()
    out = root / args.output
    out.parent.mkdir(parents=True, exist_ok=True)
    write_report(out, results, env, args, pairs=pairs, lighthouse=lighthouse)
    if args.city:   # after write_report: the city section is kept in BENCHMARKS.md
        from .city import run_bench
        run_bench(root, args.city, out, root / "build/bench/city.json")
    raw = root / args.json
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({"environment": env, "results": [r.to_json() for r in results],
                               "pairs": [p.to_json() for p in pairs],
                               "lighthouse": [p.to_json() for p in lighthouse or []]},
                              ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"寫入 {out} 與 {raw}"
          f"（{env['bench_seconds']} s）", file=sys.stderr)
    return 0


def _editor_weight(root: Path) -> dict | None:
    """The editor's bytes, installed from node_modules into a scratch site; None without npm ci."""
    from hrosite.editor.install import EditorMissing, install_editor
    from hrosite.editor.weight import editor_weight

    with tempfile.TemporaryDirectory(prefix="hrosite-editor-") as scratch:
        try:
            install_editor(root, Path(scratch))
        except EditorMissing:
            return None
        return editor_weight(Path(scratch))


def _load() -> list[float]:
    try:
        import os
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return []


if __name__ == "__main__":
    sys.exit(main())
