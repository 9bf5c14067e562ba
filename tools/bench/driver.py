"""Run `mkdocs …` in this process with timers around the stages (the benchmark's subprocess).

    python -m tools.bench.driver TIMINGS.json -- build --clean -f mkdocs.yml

Nothing is changed on disk or in the adapter: the functions are wrapped at run time, so the
build is the one `hrosite build` runs, and the timers say where its time goes:

- compile         hrosite.adapter's call of compile_to (load + validate + compile + write docs)
- search_prepare  the adapter's search setup (jieba user dictionary from the content)
- search_finish   the adapter's post-processing of search_index.json
- markdown        MkDocs reading and converting every page (_populate_page)
- pages           MkDocs rendering every page through the theme and writing it (_build_page),
                  including the search plugin's per-page indexing (search_pages, with jieba)
- search_write    the search plugin writing search_index.json (on_post_build)
- mkdocs_build    mkdocs.commands.build.build, everything after the config is loaded

The JSON also records the jieba dictionaries the adapter chose, so that the engine-alone
baseline can use the same ones.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

TIMINGS: dict[str, float] = {}
COUNTS: dict[str, int] = {}
EXTRA: dict[str, object] = {}


def _timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMINGS[name] = TIMINGS.get(name, 0.0) + time.perf_counter() - start
            COUNTS[name] = COUNTS.get(name, 0) + 1
    return wrapper


def instrument() -> None:
    import mkdocs.commands.build as build
    from material.plugins.search.plugin import SearchPlugin

    build._populate_page = _timed("markdown", build._populate_page)
    build._build_page = _timed("pages", build._build_page)
    build.build = _timed("mkdocs_build", build.build)
    SearchPlugin.on_page_context = _timed("search_pages", SearchPlugin.on_page_context)
    SearchPlugin.on_post_build = _timed("search_write", SearchPlugin.on_post_build)
    try:
        import hrosite.adapter as adapter
        import hrosite.search as search
    except ImportError:  # pragma: no cover - the engine-alone baseline does not need them
        return
    adapter.compile_to = _timed("compile", adapter.compile_to)
    prepare = _timed("search_prepare", search.prepare)

    def remember(*args, **kwargs):
        setup = prepare(*args, **kwargs)
        EXTRA["jieba_dict"] = str(setup.dictionary)
        EXTRA["jieba_dict_user"] = str(setup.user_dictionary)
        return setup

    search.prepare = remember
    search.finish = _timed("search_finish", search.finish)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[1] != "--":
        print("usage: python -m tools.bench.driver TIMINGS.json -- MKDOCS-ARGS…", file=sys.stderr)
        return 2
    out, mkdocs_args = Path(argv[0]), argv[2:]
    start = time.perf_counter()
    instrument()
    from mkdocs.__main__ import cli

    code = 0
    try:
        cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click's own exits
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the scale
        print(f"mkdocs failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 1
    TIMINGS["process_after_imports"] = time.perf_counter() - start
    out.write_text(json.dumps({"timings": TIMINGS, "counts": COUNTS, "extra": EXTRA, "exit": code},
                              indent=2), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
