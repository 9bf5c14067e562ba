"""`make bench` / `python -m hrosite.bench`: build synthetic sites at 1×, 10× and 50× and write
BENCHMARKS.md. Speed is measured here, never asserted in a test.

    python -m hrosite.bench                    # 1×, 10×, 50× (≈ 10–15 minutes on 2 cores)
    python -m hrosite.bench --scales 1,10      # a quick run
    python -m hrosite.bench --no-checks        # builds only
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
from .measure import measure
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
    parser = argparse.ArgumentParser(prog="python -m hrosite.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the example repository (default: .)")
    parser.add_argument("--scales", type=_scales, default=[1, 10, 50],
                        help="comma-separated multiples of the example office (default 1,10,50)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per scale; the fastest counts, the range is reported")
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
    parser.add_argument("--preview", type=int, default=10, metavar="N",
                        help="saves of a FAQ file and of a procedure timed in hrosite serve (0 = none)")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve()
    work = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="hrosite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = environment(root)
    started = time.perf_counter()
    results = []
    try:
        for scale in sorted(set(args.scales)):
            t0 = time.perf_counter()
            print(f"{scale}×: generating sources …", file=sys.stderr)
            generated = generate(root, work / f"scale-{scale}", scale, seed=args.seed)
            results.append(measure(generated.root, scale, generated.counts, repeat=max(1, args.repeat),
                                   checks=args.checks, seed=args.seed, link_urls=args.link_urls,
                                   full_links=args.full_links and scale == min(args.scales),
                                   browser=args.checks > 0 and scale == min(args.scales),
                                   progress=lambda m: print(m, file=sys.stderr)))
            print(f"{scale}×: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            if not args.keep:
                shutil.rmtree(generated.root, ignore_errors=True)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if args.preview:   # save-to-visible in the live preview (hrosite/bench/preview.py)
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
    write_report(out, results, env, args)
    raw = root / args.json
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({"environment": env, "results": [r.to_json() for r in results]},
                              ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"寫入 {out} 與 {raw}"
          f"（{env['bench_seconds']} s）", file=sys.stderr)
    return 0


def _editor_weight(root: Path) -> dict | None:
    """The editor's bytes, installed from node_modules into a scratch site; None without npm ci."""
    from ..editor.install import EditorMissing, install_editor
    from ..editor.weight import editor_weight

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
