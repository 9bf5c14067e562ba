"""The thin MkDocs adapter: the only module that imports MkDocs.

`mkdocs build` / `mkdocs serve` at the repository root compile the sources into
build/docs/ first (on_config), then let MkDocs + Material render them. Sources outside
docs_dir are watched so that editing a YAML or CSV file reloads the preview; `hrosite serve`
rebuilds incrementally and shows content errors on the page (hrosite/preview.py, docs/preview.md).
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import os
import sys
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.utils import get_relative_url

from . import alternates, fragments, incremental, langmarkup, preview
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
DIRTY_NOTICE = "A 'dirty' build is being performed"


class _DirtyNoticeIsInfo(logging.Filter):
    """In the preview the incremental build is intended (hrosite/preview.py keeps the menu and
    the search index right), so MkDocs' notice about it is information, not a strict-mode fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_NOTICE):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


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


class _TemplateCodeInMemory(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between preview rebuilds (MkDocs makes a new Jinja
    environment for each build; Jinja checks each template's source checksum on reuse)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class HroSiteConfig(Config):
    root = config_options.Type(str, default=".")


class HroSitePlugin(BasePlugin[HroSiteConfig]):
    search_setup: search.SearchSetup | None = None
    counterparts: dict[str, str] = {}
    english_titles: frozenset[str] = frozenset()
    files = None
    fragment_files: dict[str, bytes] = {}
    # The live preview (on_startup "serve"): this instance lives from one rebuild to the next.
    serving = False
    dirty = False
    good: dict | None = None            # what the last good build gave the engine
    signature: dict[str, str] | None = None   # digests of what every page shows, last good build
    content_errors: list[Finding] = []  # this rebuild's errors, shown on every page
    rendered: set[str] = set()          # URLs of the pages this build rendered
    index_entries: list[dict] | None = None
    error_pages = preview.ErrorPages()
    template_code: _TemplateCodeInMemory | None = None
    jieba_loaded: tuple[str, str] | None = None   # (dictionary, user dictionary digest) in jieba

    def _root(self, config) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_startup(self, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        self.error_pages = preview.ErrorPages()
        self.template_code = _TemplateCodeInMemory() if self.serving else None
        incremental.enable(self.serving)
        if self.serving and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNoticeIsInfo())

    def on_config(self, config):
        root = self._root(config)
        result = compile_to(root, Path(config.docs_dir), config.site_url)
        self.content_errors = []
        if not result.ok and self.serving and self.good is not None:
            return self._keep_last_good(config, result.findings)
        for finding in result.findings:
            # Missing English is a to-do, not a fault: info, so `strict` does not stop the build.
            (log.error if finding.severity == "error" else log.info if finding.gate == "english"
             else log.warning)(for_staff(finding).format_text())
        if not result.ok:
            count = sum(1 for f in result.findings if f.severity == "error")
            raise PluginError(f"內容有 {count} 個錯誤（content errors），請依上列訊息修正。")
        self.error_pages.restore()
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
        if self.serving:
            self._remember_good(root, config)
        return config

    def _remember_good(self, root: Path, config) -> None:
        """Keep what the engine got, and when what every page shows changed (menu, names, banner,
        theme), make the incremental build render every page."""
        self.good = {"nav": config.nav, "site_name": config.site_name,
                     "site_description": config.site_description, "copyright": config.copyright,
                     "extra": dict(config.extra)}
        theme = incremental.fingerprint(root / "overrides", Path(config.config_file_path))
        signature = {name: preview.site_signature(value) for name, value in {
            **{key: value for key, value in self.good.items() if key != "extra"},
            **{f"extra.{key}": value for key, value in self.good["extra"].items()},
            "english": [self.counterparts, sorted(self.english_titles)], "theme": theme}.items()}
        changed = sorted(k for k in signature.keys() | (self.signature or {}).keys()
                         if signature.get(k) != (self.signature or {}).get(k))
        if self.dirty and self.signature is not None and changed:
            count = preview.mark_all_changed(Path(config.docs_dir))
            log.info(f"全站共用的內容有變更（{'、'.join(changed)}），重建全部 {count} 頁（every page rebuilt）")
        self.signature = signature

    def _keep_last_good(self, config, findings: list[Finding]):
        """Preview with content errors: say them in the terminal, keep the engine's settings from
        the last good build (nothing is re-rendered: build/docs was not written) and let
        on_post_build put the error page in place of every page."""
        self.content_errors = [f for f in findings if f.severity == "error"]
        for finding in findings:
            # Printed, not logged: MkDocs' strict mode would abort the build on a logged error,
            # and the preview would then keep the stale pages without a word.
            level = "ERROR   " if finding.severity == "error" else "WARNING "
            print(f"{level} -  {for_staff(finding).format_text()}", file=sys.stderr)
        print(f"ERROR    -  內容有 {len(self.content_errors)} 個錯誤（content errors），"
              "預覽頁面改為顯示錯誤清單；修正後存檔即恢復。", file=sys.stderr)
        good = self.good or {}
        config.nav = good["nav"]
        for key in ("site_name", "site_description", "copyright"):
            config[key] = good[key]
        config.extra.update(good["extra"])
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
        self.search_setup = setup
        loaded = (str(setup.dictionary), hashlib.sha256(setup.user_dictionary.read_bytes()).hexdigest())
        if self.serving and loaded == self.jieba_loaded:
            return   # the preview's jieba already holds both (loading them again costs seconds)
        plugin.config.jieba_dict = str(setup.dictionary)
        plugin.config.jieba_dict_user = str(setup.user_dictionary)
        self.jieba_loaded = loaded

    def on_page_content(self, html, page, config, files):
        """Tables scroll in a named box the keyboard can reach (hrosite/tables.py)."""
        return wrap_tables(html)

    def on_pre_build(self, config):
        self.rendered = set()

    def on_env(self, env, config, files):
        if self.template_code is not None:
            env.bytecode_cache = self.template_code
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, page, config, nav):
        """Put the pre-rendered charts and tables into the page (hrosite/fragments.py): after
        Markdown and after the search index, which keep to the page's words."""
        self.rendered.add(page.url)
        try:
            page.content = fragments.inject(page.content or "", self.fragment_files)
        except fragments.Missing as exc:
            raise PluginError(f"{page.file.src_uri}：找不到預先產生的圖表或表格（fragment）：{exc}；"
                              "請重新執行 hrosite build。") from None
        return context

    @event_priority(100)  # before the search plugin writes search/search_index.json
    def _whole_index(self, config):
        """Incremental preview: the index gets every page, the ones rendered now and the rest."""
        plugin = config.plugins.get("material/search")
        if not self.serving or plugin is None or not plugin.config.enabled:
            return
        index = plugin.search_index
        if self.index_entries is not None:
            index.entries = preview.merge_index(self.index_entries, index.entries, self.rendered)
        self.index_entries = list(index.entries)
        plugin.search_index_prev = None   # its own merge assumes one page per rebuild

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def _finish(self, config):
        if self.content_errors:
            self.error_pages.show(Path(config.site_dir), self.content_errors)
            return
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

    on_post_build = CombinedEvent(_whole_index, _finish)

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
