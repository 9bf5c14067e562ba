"""Serve a built site on 127.0.0.1 for the browser and link gates.

The gates check the site over HTTP rather than file:// because linkchecker cannot check
anchors on `dir/#x` links of local files, and pages load like they do in production.

The server is a process of its own, not a thread of the caller: the gates' own Python work
(scanning files, driving browsers) holds the interpreter lock, and a browser waiting for a file
would wait for that work to let go of it.
"""

from __future__ import annotations

import functools
import importlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files plus `LinkChecker: allow`, which lifts linkchecker's 10 requests/s limit."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def list_directory(self, path):  # noqa: ANN001 (stdlib signature)
        """No generated listings: a folder without index.html is a 404, as on GitHub Pages."""
        self.send_error(404, "File not found")
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        """Gates return findings; a request log on stderr would only be noise."""


class _QuietServer(ThreadingHTTPServer):
    """A checker that closes a connection early (linkchecker reads headers of big files and
    hangs up) is normal, not a traceback on stderr."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 (stdlib signature)
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path,
          handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve `site_dir` on a free port; yield the base URL, e.g. "http://127.0.0.1:40123/"."""
    handler = f"{handler_class.__module__}:{handler_class.__qualname__}"
    server = subprocess.Popen([sys.executable, "-m", "hrosite.checks.serve",
                               str(Path(site_dir).resolve()), handler],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = server.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the local web server for {site_dir} did not start")
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.stdin.close()   # the server stops when its input closes (also if this process dies)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


def _serve_until_input_closes(directory: str, handler: str) -> None:
    """The server process: print the port, serve until standard input reaches its end."""
    module, name = handler.split(":")
    handler_class = getattr(importlib.import_module(module), name)
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler_class, directory=directory))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="hrosite-serve", daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()
    server.server_close()


def page_url(base: str, page: str) -> str:
    """The URL a page is linked by, as MkDocs writes it: a/b/index.html → BASE + a/b/."""
    if page == "index.html" or page.endswith("/index.html"):
        page = page[: -len("index.html")]
    return base + quote(page)


def page_path(base: str, url: str, site_dir: Path) -> str:
    """Back from a URL to the file a staff member can open: BASE + a/b/#x → a/b/index.html."""
    if not url.startswith(base):
        return url
    path = unquote(urlsplit(url[len(base):]).path)
    if path == "" or path.endswith("/") or (Path(site_dir) / path).is_dir():
        path = f"{path.rstrip('/')}/index.html".lstrip("/")
    return path


if __name__ == "__main__":
    _serve_until_input_closes(*sys.argv[1:3])
