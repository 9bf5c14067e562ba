"""Accessible HTML for the statistics pages: data tables and chart figures.

Tables have a <caption>, th scope="col" / scope="row", numbers in <td class="hro-num">
with thousands separators. A chart sits in a figure with its data table
right after it, inside one block, so the table is the chart's text equivalent.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


def number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


@dataclass
class Table:
    caption: str
    head: list[str]                  # column headers; the first heads the row-header column
    rows: list[tuple[str, list]] = field(default_factory=list)   # (row header HTML, cells)
    foot: list[tuple[str, list]] = field(default_factory=list)

    def add(self, header: str, cells: list, foot: bool = False) -> None:
        (self.foot if foot else self.rows).append((header, cells))

    def html(self) -> str:
        """Numbers (int or None) are right-aligned; strings are HTML and left as they are."""
        def cell(value) -> str:
            if isinstance(value, str):
                return f"<td>{value}</td>"
            return f'<td class="hro-num">{number(value)}</td>'

        def tr(header: str, cells: list) -> str:
            return f'<tr><th scope="row">{header}</th>{"".join(cell(c) for c in cells)}</tr>'

        numeric = [all(not isinstance(r[1][k], str) for r in self.rows) if self.rows else False
                   for k in range(len(self.head) - 1)]
        num_class = ' class="hro-num"'
        head = f'<th scope="col">{self.head[0]}</th>' + "".join(
            f'<th scope="col"{num_class if numeric[k] else ""}>{h}</th>'
            for k, h in enumerate(self.head[1:]))
        label = html.escape(html.unescape(re.sub(r"<[^>]+>", "", self.caption)), quote=True)
        # A focusable region, so that a table wider than the screen can be scrolled with
        # the keyboard (WCAG 2.1.1; axe scrollable-region-focusable). The CSS makes this
        # div, not Material's wrapper, the scrolling box.
        parts = [f'<div class="hro-table" role="region" aria-label="{label}" tabindex="0">',
                 f"<table>\n<caption>{self.caption}</caption>",
                 f"<thead><tr>{head}</tr></thead>", "<tbody>"]
        parts += [tr(h, c) for h, c in self.rows]
        parts.append("</tbody>")
        if self.foot:
            parts += ["<tfoot>", *[tr(h, c) for h, c in self.foot], "</tfoot>"]
        parts.append("</table>\n</div>")
        return "\n".join(parts)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def figure(svg: str, caption: str, table: Table, note: str = "") -> str:
    """Chart and data table side by side (where the CSS allows), read as one unit.

    Kept out of the search index (Material's data-search-exclude): tick labels and a
    hundred rows of numbers per page would only bloat it; the headings stay searchable.
    """
    extra = f'\n<p class="hro-chart__note">{note}</p>' if note else ""
    return (f'<div class="hro-chart" data-search-exclude>\n<figure class="hro-figure">\n{svg}\n'
            f"<figcaption>{caption}</figcaption>\n</figure>\n"
            f'<div class="hro-chart__table">\n{table.html()}{extra}\n</div>\n</div>')


def details(summary: str, table: Table) -> str:
    """A long table folded away (works without JavaScript)."""
    return (f'<details class="hro-details" data-search-exclude>\n<summary>{summary}</summary>\n'
            f"{table.html()}\n</details>")
