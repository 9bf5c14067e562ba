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

from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from . import alternates, fragments, langmarkup
from .build import SOURCE_DIRS, compile_to
from .compile.home import search_fallback
from .checks import scripts
from .compile.metadata import not_found_page
from .compile.nav import to_mkdocs
from .csp import policy
from .findings import Finding
from .footer import footer_context
from .sources import for_staff
from .tables import wrap_tables
from . import search

log = logging.getLogger("mkdocs.plugins.hrosite")


def docs_dir(path: str = "build/docs") -> str:
    """Called from mkdocs.yml so that docs_dir exists before MkDocs validates it."""
    Path(path).mkdir(parents=True, exist_ok=True)
    return path


def apply_identity(config, office) -> None:
    """The office's name, description and © come from site.yml only, so that another office
    adopts the generator by editing content: mkdocs.yml holds engine settings."""
    # Markup, escaped once: the theme prints these without autoescaping, and a `|e` on Markup
    # does not escape it again. Office facts are text, never markup.
    config.site_name = escape(office.name)
    config.site_description = escape(office.description)
    config.copyright = escape(f"© {office.name}")


def _titles(item) -> list[str]:
    return [item.title] + [title for child in item.children for title in _titles(child)]


class HroSiteConfig(Config):
    root = config_options.Type(str, default=".")


class HroSitePlugin(BasePlugin[HroSiteConfig]):
    search_setup: search.SearchSetup | None = None
    counterparts: dict[str, str] = {}
    english_titles: frozenset[str] = frozenset()
    files = None
    fragment_files: dict[str, bytes] = {}

    def _root(self, config) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_config(self, config):
        root = self._root(config)
        result = compile_to(root, Path(config.docs_dir), config.site_url)
        for finding in result.findings:
            # Missing English is a to-do, not a fault: info, so `strict` does not stop the build.
            (log.error if finding.severity == "error" else log.info if finding.gate == "english"
             else log.warning)(for_staff(finding).format_text())
        if not result.ok:
            count = sum(1 for f in result.findings if f.severity == "error")
            raise PluginError(f"內容有 {count} 個錯誤（content errors），請依上列訊息修正。")
        config.nav = to_mkdocs(result.nav)
        apply_identity(config, result.content.office)
        config.extra["office"] = footer_context(result.content.office)
        config.extra["not_found"] = not_found_page(result.content.office)  # overrides/404.html
        config.extra["feeds"] = result.compiled.news.feeds
        banner = result.compiled.news.banner
        # The theme's templates do not autoescape: a news title is text, never markup.
        config.extra["banner"] = {**banner, "title": escape(banner["title"])} if banner else None
        config.extra["csp"] = policy(config.site_url)  # overrides/main.html
        config.extra["search_fallback"] = search_fallback(  # overrides/partials/search.html
            result.content, set(result.compiled.output.pages))
        latest = result.latest_update()
        if latest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Dates come from the content, not the clock (README.md "Conventions").
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(latest.timetuple()))
        self.counterparts = dict(result.compiled.english.counterparts)  # en/x.md -> x.md
        english_nav = result.compiled.english.nav
        self.english_titles = frozenset(_titles(english_nav) if english_nav else [])
        self.fragment_files = {path: data for path, data in result.compiled.output.files.items()
                               if fragments.is_fragment(path)}
        self._setup_search(root, result, config)
        return config

    def on_files(self, files, config):
        self.files = files
        return files

    def _url(self, src: str) -> str | None:
        file = self.files.get_file_from_path(src) if self.files is not None else None
        return file.url if file is not None else None

    def _setup_search(self, root: Path, result, config) -> None:
        """Runs before the search plugin's on_config, which loads the jieba dictionaries."""
        plugin = config.plugins.get("material/search")
        if plugin is None or not plugin.config.enabled:
            return
        titles = [page.title for page in result.compiled.output.pages.values()]
        setup = search.prepare(root, result.content, Path(config.docs_dir).parent / "search",
                               page_titles=titles, use_directory_urls=config.use_directory_urls)
        for finding in setup.findings:
            (log.error if finding.severity == "error" else log.warning)(for_staff(finding).format_text())
        if any(f.severity == "error" for f in setup.findings):
            raise PluginError(f"{search.SYNONYMS_FILE} 有錯誤（synonym errors），請依上列訊息修正。")
        plugin.config.jieba_dict = str(setup.dictionary)
        plugin.config.jieba_dict_user = str(setup.user_dictionary)
        self.search_setup = setup

    def on_page_content(self, html, page, config, files):
        """Tables scroll in a named box the keyboard can reach (hrosite/tables.py)."""
        return wrap_tables(html)

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, page, config, nav):
        """Put the pre-rendered charts and tables into the page (hrosite/fragments.py): after
        Markdown and after the search index, which keep to the page's words."""
        try:
            page.content = fragments.inject(page.content or "", self.fragment_files)
        except fragments.Missing as exc:
            raise PluginError(f"{page.file.src_uri}：找不到預先產生的圖表或表格（fragment）：{exc}；"
                              "請重新執行 hrosite build。") from None
        return context

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def on_post_build(self, config):
        sitemap = Path(config.site_dir) / "sitemap.xml"
        base = config.site_url or ""
        pairs = {base + self._url(en): base + self._url(zh) for en, zh in self.counterparts.items()
                 if self._url(en) is not None and self._url(zh) is not None}
        if sitemap.is_file() and pairs:
            alternates.add_alternates(sitemap, pairs)
        if self.search_setup is None:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        report = search.finish(self.search_setup, index)
        for finding in report.findings:
            log.warning(for_staff(finding).format_text())
        log.info(f"Search index: {report.before} → {report.after}")

    def on_post_page(self, output, page, config):
        """Mark the page's languages, then the last line of defence: a page that would run a
        script the site does not ship (an event handler, a javascript: link, an unknown inline
        script) or that still shows a `{{`, is never written."""
        output = self._mark_language(output, page)
        problems = scripts.inspect(output, page.file.dest_uri, config.site_url)
        if "{{" in (page.content or "") or "{%" in (page.content or ""):
            problems.append(Finding(page.file.dest_uri, None, None, None,
                                    "頁面留有未替換的大括號（template expression）「{{」",
                                    "找出來源檔中的 {{ … }}，改成 {{ office.phone }} 這類欄位或全形「｛｛」"))
        if problems:
            for finding in problems:
                log.error(finding.format_text())
            raise PluginError(f"{page.file.dest_uri} 含有不允許的程式碼或未替換的大括號（unsafe content），"
                              "網站未建置；請依上列訊息找出來源並修正。")
        return output

    def _mark_language(self, output, page):
        """Language of the page and of the theme's Chinese parts, and the 「English」/「中文」 switch."""
        src = page.file.src_uri
        english = src in self.counterparts or src.startswith("en/")
        chinese_for = {zh: en for en, zh in self.counterparts.items()}
        target = (self.counterparts.get(src, "index.md") if english
                  else chinese_for.get(src, "en/index.md"))
        url = self._url(target)
        href = get_relative_url(url, page.url) if url is not None else None
        return langmarkup.mark_page(output, langmarkup.EN if english else langmarkup.ZH, href,
                                    page.url, self.english_titles)

    def on_serve(self, server, config, builder):
        """Watch the sources, not build/docs: the compile step writes build/docs during a build,
        and watching it made every saved file cost two full rebuilds."""
        server.unwatch(config.docs_dir)
        root = self._root(config)
        for name in SOURCE_DIRS:
            if (root / name).exists():
                server.watch(str(root / name))
        return server
