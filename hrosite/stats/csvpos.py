"""Where each CSV record and cell starts, so that a message can say file:line:col.

Frictionless numbers rows as records (the header is row 1, a blank line is a row too),
which is not the line number once a quoted cell spans lines; this scanner maps one to the
other. Columns count characters from 1, as editors and GitHub annotations do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Record:
    line: int
    cells: list[tuple[int, int]] = field(default_factory=list)   # (line, col) of each cell
    end: tuple[int, int] = (0, 0)                                  # just after the last cell

    def where(self, index: int | None) -> tuple[int, int]:
        """(line, col) of cell `index` (0-based); past the end for a missing cell."""
        if index is not None and 0 <= index < len(self.cells):
            return self.cells[index]
        return self.end


class LineRecord(Record):
    """A record that is one unquoted line. Cell columns are worked out when a message first
    asks for them: a clean file of 100,000 rows never needs them."""

    def __init__(self, line: int, content: str, delimiter: str):
        self.line, self.end = line, (line, len(content) + 1)
        self._content, self._delimiter, self._cells = content, delimiter, None

    @property
    def cells(self) -> list[tuple[int, int]]:
        if self._cells is None:
            self._cells, col = [], 1
            for part in self._content.split(self._delimiter):
                self._cells.append((self.line, col))
                col += len(part) + 1
        return self._cells


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def scan(text: str, delimiter: str = ",", quote: str = '"') -> list[Record]:
    """Records in file order; records[0] is the header. An empty line is a record with no cells."""
    if quote not in text:
        return _scan_unquoted(text, delimiter)
    return _scan_quoted(text, delimiter, quote)


def _scan_unquoted(text: str, delimiter: str) -> list[Record]:
    """The common case (no quoted cells): one record a line, cells found by splitting."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()   # the line break that ends the file starts no record
    return [LineRecord(number, content, delimiter) if content else Record(number, [], (number, 1))
            for number, content in enumerate(lines, start=1)]


def _scan_quoted(text: str, delimiter: str, quote: str) -> list[Record]:
    """Character by character, for files where a quoted cell may hold a comma or a line break."""
    records: list[Record] = []
    line, col = 1, 1
    current: Record | None = None
    in_quotes = False
    at_cell_start = True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if current is None:
            if ch in "\r\n":  # an empty line: a record of its own (Frictionless: blank row)
                records.append(Record(line, [], (line, col)))
                i += 2 if text.startswith("\r\n", i) else 1
                line, col = line + 1, 1
                continue
            current = Record(line)
            at_cell_start = True
        if at_cell_start:
            current.cells.append((line, col))
            at_cell_start = False
        if in_quotes:
            if ch == quote and i + 1 < n and text[i + 1] == quote:
                i, col = i + 2, col + 2
                continue
            if ch == quote:
                in_quotes = False
        elif ch == quote:
            in_quotes = True
        elif ch == delimiter:
            at_cell_start = True
        elif ch in "\r\n":
            current.end = (line, col)
            records.append(current)
            current = None
            i += 2 if text.startswith("\r\n", i) else 1
            line, col = line + 1, 1
            continue
        if ch in "\r\n":  # a line break inside quotes
            i += 2 if text.startswith("\r\n", i) else 1
            line, col = line + 1, 1
            continue
        i, col = i + 1, col + 1
    if current is not None:
        if at_cell_start:
            current.cells.append((line, col))
        current.end = (line, col)
        records.append(current)
    return records
