"""Reuse what a saved file did not change, during the live preview only.

`hrosite serve` keeps one process between rebuilds. The slow parts of a build that depend on a
few folders only (statistics: reading and typing every CSV, drawing every chart; forms: opening
every ODT and PDF) are remembered under a key made from the *bytes* of the files they read, so a
saved FAQ file reuses them and a saved CSV recomputes them. Off unless `enable()` was called
(the MkDocs adapter does so for `serve`): a one-off build or a test never sees a remembered value.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_enabled = False
_memo: dict[str, tuple[str, object]] = {}   # name -> (key, value): the latest value only
_pure: list[dict] = []                       # the caches of memoized() functions
PURE_LIMIT = 50_000                          # entries per function before its cache restarts
hits: dict[str, int] = {}                    # name -> reuses, for the log and the tests


def enable(on: bool = True) -> None:
    global _enabled
    _enabled = on
    if not on:
        _memo.clear()
        for cache in _pure:
            cache.clear()


def enabled() -> bool:
    return _enabled


def fingerprint(*paths: Path) -> str:
    """A digest of every file's name (relative to its folder) and bytes under `paths` (files or
    folders): the same files give the same digest whichever way their folder was spelt."""
    digest = hashlib.blake2b(digest_size=16)
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            name = path.relative_to(base).as_posix() if base.is_dir() else path.name
            digest.update(f"{base.name}/{name}".encode("utf-8") + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\1missing")
            digest.update(b"\0")
    return digest.hexdigest()


def remember(name: str, key: Callable[[], str] | str, compute: Callable[[], T]) -> T:
    """compute(), or its value from the previous call with the same `name` and key."""
    if not _enabled:
        return compute()
    key = key() if callable(key) else key
    stored = _memo.get(name)
    if stored is not None and stored[0] == key:
        hits[name] = hits.get(name, 0) + 1
        return stored[1]  # type: ignore[return-value]
    value = compute()
    _memo[name] = (key, value)
    return value


def key_of(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def memoized(fn: Callable[..., T]) -> Callable[..., T]:
    """For a pure function of hashable arguments returning an immutable value (Markdown text →
    Markup): in the preview, each distinct input is converted once."""
    cache: dict = {}
    _pure.append(cache)

    @functools.wraps(fn)
    def wrapper(*args):
        if not _enabled:
            return fn(*args)
        try:
            return cache[args]
        except KeyError:
            pass
        if len(cache) >= PURE_LIMIT:
            cache.clear()
        value = cache[args] = fn(*args)
        return value
    return wrapper
