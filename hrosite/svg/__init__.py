"""SVG builders: pure functions from data to inline SVG text (no I/O, no clock).

The helpers here are shared by the flowchart and the charts. There is no browser at
build time to measure text, so zh-TW labels are wrapped from a width estimate that errs
on the wide side: a label may end up a little short of its box, never past it.
"""

from __future__ import annotations

import re
import unicodedata

_SVG_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Average advance widths in em, taken a little above DejaVu Sans (the widest Latin
# fallback on Linux) so that ASCII in a CJK label never overflows.
_NARROW = set("ijlI.,:;!|'`")
_OPEN = set("（「『《〈【〔([{“‘")
_CLOSE = set("，。、；：？！）」』》〉】〕,.;:?!)]}%”’…")


def check_id(svg_id: str) -> str:
    """The id prefixes element ids and scopes the CSS, so it must be a plain ASCII id."""
    if not _SVG_ID.match(svg_id):
        raise ValueError(f"svg_id must match [A-Za-z][A-Za-z0-9_-]*: {svg_id!r}")
    return svg_id


def esc(text: str) -> str:
    """Escape for XML text and attributes; drop characters XML cannot carry at all."""
    text = _XML_INVALID.sub("", str(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def num(value: float) -> str:
    """A coordinate rounded to 0.1 and written short ("12", "12.5"); keeps output small."""
    r = round(value, 1)
    if r == 0:
        return "0"
    s = f"{r:.1f}"
    return s[:-2] if s.endswith(".0") else s


def char_em(ch: str) -> float:
    """Estimated advance of one character in em (CJK and full-width: 1 em)."""
    if ch == " " or ch == "\u00a0":
        return 0.32
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    if ch in _NARROW:
        return 0.32
    if ch in "mMwW@%":
        return 1.0
    if ch.isupper():
        return 0.8
    return 0.66


def text_em(text: str) -> float:
    """Estimated width of a one-line string in em."""
    return sum(char_em(ch) for ch in text)


def _units(line: str) -> list[str]:
    """Split into unbreakable pieces: one CJK character, an ASCII word, or a space.

    Closing punctuation sticks to the piece before it and opening punctuation to the
    piece after it, so no line starts with 「，」 or ends with 「（」.
    """
    raw = re.findall(r"\s|[^\s\u1100-\U0010ffff]+|.", line)
    units: list[str] = []
    carry = ""
    for piece in raw:
        if piece.isspace():
            if carry:
                units.append(carry)
                carry = ""
            units.append(" ")
        elif piece in _OPEN:
            carry += piece
        elif piece in _CLOSE and units and not units[-1].isspace() and not carry:
            units[-1] += piece
        else:
            units.append(carry + piece)
            carry = ""
    if carry:
        units.append(carry)
    return units


def wrap(text: str, max_em: float) -> list[str]:
    """Greedy line breaking to at most `max_em` per line; never drops a character.

    A newline in the source forces a break. A piece wider than a whole line (a long URL)
    is broken between characters.
    """
    max_em = max(max_em, 1.0)
    lines: list[str] = []
    for para in str(text).replace("\r\n", "\n").split("\n"):
        line, width = "", 0.0
        for unit in _units(para):
            if unit == " ":
                if line:
                    line, width = line + " ", width + char_em(" ")
                continue
            w = text_em(unit)
            if width + w <= max_em:
                line, width = line + unit, width + w
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, width = "", 0.0
            for ch in unit:  # only loops more than once for an over-long piece
                if width + char_em(ch) > max_em and line:
                    lines.append(line)
                    line, width = "", 0.0
                line, width = line + ch, width + char_em(ch)
        lines.append(line.rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def svg_root(svg_id: str, width: float, height: float, title: str, desc: str,
             style: str, body: list[str]) -> str:
    """The accessible wrapper every builder shares (NORMS §3.6: role="img" + title).

    width="100%" with a viewBox lets the drawing shrink to any container; max-width in em
    stops it growing past its natural size and follows the reader's text size.
    The <style> is scoped by the svg's id because an inline <style> applies page-wide.
    """
    w, h = num(width), num(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="hro-svg" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" viewBox="0 0 {w} {h}" width="100%" '
        f'style="max-width:{num(width / 16)}em;height:auto">'
    )
    parts = [
        head,
        f'<title id="{svg_id}-title">{esc(title)}</title>',
        f'<desc id="{svg_id}-desc">{esc(desc)}</desc>',
        f"<style>{style}</style>",
        *body,
        "</svg>",
    ]
    return "\n".join(parts)
