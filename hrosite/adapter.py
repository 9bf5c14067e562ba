"""The thin MkDocs adapter: the only module that imports MkDocs.

`mkdocs build` / `mkdocs serve` at the repository root compile the sources into
build/docs/ first (on_config), then let MkDocs + Material render them. Sources outside
docs_dir are watched so that editing a YAML or CSV file reloads the preview.
"""

from __future__ import annotations

import calendar
import logging
import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .build import SOURCE_DIRS, compile_to
from .compile.nav import to_mkdocs
from .footer import footer_context

log = logging.getLogger("mkdocs.plugins.hrosite")


def docs_dir(path: str = "build/docs") -> str:
    """Called from mkdocs.yml so that docs_dir exists before MkDocs validates it."""
    Path(path).mkdir(parents=True, exist_ok=True)
    return path


class HroSiteConfig(Config):
    root = config_options.Type(str, default=".")


class HroSitePlugin(BasePlugin[HroSiteConfig]):
    def _root(self, config) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_config(self, config):
        root = self._root(config)
        result = compile_to(root, Path(config.docs_dir), config.site_url)
        for finding in result.findings:
            (log.error if finding.severity == "error" else log.warning)(finding.format_text())
        if not result.ok:
            count = sum(1 for f in result.findings if f.severity == "error")
            raise PluginError(f"內容有 {count} 個錯誤（content errors），請依上列訊息修正。")
        config.nav = to_mkdocs(result.nav)
        config.extra["office"] = footer_context(result.content.office)
        config.extra["feeds"] = result.compiled.news.feeds
        config.extra["banner"] = result.compiled.news.banner
        latest = result.latest_update()
        if latest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Dates come from the content, not the clock (DESIGN.md "Deterministic output").
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(latest.timetuple()))
        return config

    def on_serve(self, server, config, builder):
        root = self._root(config)
        for name in SOURCE_DIRS:
            if (root / name).exists():
                server.watch(str(root / name))
        return server
