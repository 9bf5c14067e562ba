"""The Jinja environment for the Markdown templates beside the compile modules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from .markup import md_block, md_inline, plain


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; only {#- … -#} is a template comment.
        comment_start_string="{#-", comment_end_string="-#}")
    env.filters.update(md_inline=md_inline, md_block=md_block, plain=plain)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
