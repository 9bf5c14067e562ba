"""The start page's task list and search form: tasks first, as public-service start pages do.

Staff choose and order the tasks in content/index.md (`top_tasks:`, procedure ids); the
cross-check rejects an unknown id at its line. The search form is a plain GET form, so it
shows at every width and works without JavaScript: it goes to the 網站導覽 page, and with
JavaScript Material reads `?q=` there and opens its search with the query.
"""

from __future__ import annotations

from ..content import SiteContent
from ..urls import CONTACT, FAQ, HOME, SITEMAP, location, procedure_path
from .markup import md_inline
from .nav import page_url

SEARCH_TARGET = SITEMAP   # without JavaScript: the page that lists every page


def top_task_ids(content: SiteContent) -> list[str]:
    """The home page's `top_tasks:` that name a loaded procedure, in the staff's order."""
    home = next((p for p in content.pages if p.meta.section == "home"), None)
    ids = home.meta.top_tasks if home is not None else []
    return [i for i in dict.fromkeys(ids) if content.procedure(i) is not None]


def top_tasks_markdown(content: SiteContent, from_page: str = HOME) -> str:
    """The top tasks as a list of links straight to each procedure (titles only: short, task first)."""
    lines = []
    for procedure_id in top_task_ids(content):
        procedure = content.procedure(procedure_id)
        href = page_url(procedure_path(procedure_id), from_page)
        lines.append(f"- [{md_inline(procedure.title)}]({href})")
    if not lines:
        return ""
    return '<div class="hro-tasks" markdown="1">\n\n' + "\n".join(lines) + "\n\n</div>\n"


def directory_url(target: str, from_page: str) -> str:
    """The address of `target` relative to the address of `from_page`."""
    return "../" * location(from_page).count("/") + location(target) or "./"


def search_form(from_page: str = HOME) -> str:
    """A visible site search: a labelled GET form (role=search), no script of its own."""
    action = directory_url(SEARCH_TARGET, from_page)
    return (
        f'<form class="hro-search" role="search" aria-label="搜尋本站" action="{action}" method="get">\n'
        '<label for="hro-search-q">搜尋本站（例如：身分證遺失、戶籍謄本、結婚）</label>\n'
        '<span class="hro-search__row">'
        '<input type="search" id="hro-search-q" name="q" autocomplete="off" required>'
        '<button type="submit">搜尋</button></span>\n'
        "</form>\n")


def search_fallback(content: SiteContent, pages: set[str]) -> list[dict[str, str]]:
    """Links the search box offers when nothing matches: top tasks, then the FAQ and contact.

    `pages`: the compiled page paths, so only pages that exist are offered. URLs are relative
    to the site root (the template applies MkDocs' url filter).
    """
    links = [{"title": content.procedure(i).title, "url": location(procedure_path(i))}
             for i in top_task_ids(content)]
    for path, title in ((FAQ, "常見問答"), (CONTACT, "聯絡資訊")):
        if path in pages:
            links.append({"title": title, "url": location(path)})
    return links
