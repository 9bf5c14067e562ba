"""The Jinja environment for the Markdown templates beside the compile modules.

Why not plain autoescape: these templates write Markdown, and staff fields are Markdown that may
use the allowed HTML (<abbr>, <kbd>, tables …) and `>` quotes, which escaping would break. So
every value printed is guarded instead (`finalize`): HTML the compile step built is Markup and
printed as is; any other string is printed only if it holds nothing outside the staff allow-list
(htmlpolicy.py), else it is HTML-escaped, so a field a check missed shows as text, never as markup.
The templates are ours, in the package; staff never write Jinja.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..staffhtml import is_clean

from .markup import md_block, md_inline, plain


def guard(value):
    """What a template prints: Markup as is, a string only if it is within the allow-list."""
    if isinstance(value, Markup) or not isinstance(value, str) or is_clean(value):
        return value
    return escape(value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; only {#- … -#} is a template comment.
        comment_start_string="{#-", comment_end_string="-#}", finalize=guard)
    env.filters.update(md_inline=md_inline, md_block=md_block, plain=plain)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
