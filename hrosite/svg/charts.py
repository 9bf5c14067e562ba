"""Line charts for the statistics pages as inline SVG.

Readable without colour (NORMS §3, WCAG 1.4.1): each series has its own dash pattern and
marker shape, a legend and a label at the end of its line. The fallback colours keep 3:1
non-text contrast (WCAG 1.4.11) on white and on Material's dark background (#1e2129).
Output is compact (one <path> per series, coordinates to 0.1) so 147 months × 4 series
stays well under 30 KB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import check_id, esc, num, svg_root, text_em, wrap

WIDTH = 480
PLOT_H = 220
FONT = 14
TICK_FONT = 12
LINE = 20  # line height for FONT
MAX_X_LABELS = 13  # 147 months → one label a year
X_STEPS = (1, 2, 3, 4, 5, 6, 10, 12, 24, 36, 48, 60, 120, 240, 600, 1200)
MAX_MARKERS = 8  # per series, besides the ends of each run of data

# contrast on #fff / on #1e2129: 4.46/3.61, 3.87/4.16, 3.42/4.70, 4.35/3.70, 4.26/3.78, 4.69/3.43
COLOURS = ("#3a78c9", "#d55e00", "#009e73", "#b8588f", "#7c6bd6", "#9a6b00")
DASHES = ("none", "8 4", "2 3", "10 3 2 3")
SHAPES = ("circle", "square", "triangle", "diamond", "down", "plus")


@dataclass(frozen=True)
class Series:
    """One line; None in `values` means no data for that x and leaves a gap."""

    name: str
    values: list[float | None]


def _marker(shape: str, x: float, y: float) -> str:
    """A small closed path centred on (x, y), so one <path> can hold all of a series' marks."""
    return {
        "circle": f"M{num(x - 4)} {num(y)}a4 4 0 1 0 8 0a4 4 0 1 0-8 0z",
        "square": f"M{num(x - 3.5)} {num(y - 3.5)}h7v7h-7z",
        "triangle": f"M{num(x)} {num(y - 4.5)}l4.5 8h-9z",
        "diamond": f"M{num(x)} {num(y - 5)}l5 5-5 5-5-5z",
        "down": f"M{num(x)} {num(y + 4.5)}l4.5-8h-9z",
        "plus": f"M{num(x - 1.5)} {num(y - 5)}h3v3.5h3.5v3h-3.5v3.5h-3v-3.5h-3.5v-3h3.5z",
    }[shape]


def nice_ticks(lo: float, hi: float, target: int = 5) -> tuple[list[float], int]:
    """Round tick values (steps 1, 2, 2.5, 5 × 10^k) covering lo..hi, and their decimals."""
    if lo == hi:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    raw = (hi - lo) / (target - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * (1 - 1e-9))
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    decimals = next(d for d in range(12) if abs(round(step, d) - step) < step * 1e-6)
    return [round(k * step, decimals) for k in range(first, last + 1)], decimals


def fmt_number(value: float, decimals: int = 0) -> str:
    """Thousands separators as used in Taiwan: 23,456."""
    return f"{value:,.{decimals}f}"


def _x_step(n: int, room: float, label_em: float) -> tuple[int, bool]:
    """Show every k-th x label (k a calendar-friendly step); rotate if they do not fit flat."""
    flat = label_em * TICK_FONT + 8
    slanted = 1.3 * TICK_FONT / math.sin(math.radians(45))  # perpendicular room for a glyph
    for k in X_STEPS:
        if math.ceil(n / k) > MAX_X_LABELS:
            continue
        pitch = room * k / max(n - 1, 1)
        if pitch >= flat or n <= 1:
            return k, False
        if pitch >= slanted:
            return k, True
    return X_STEPS[-1], True


def _spread(wanted: list[float], heights: list[float], lo: float, hi: float) -> list[float]:
    """Move end labels apart vertically (in the given order) so none overlap."""
    ys = list(wanted)
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + (heights[i - 1] + heights[i]) / 2)
    if ys and ys[-1] + heights[-1] / 2 > hi:
        ys[-1] = hi - heights[-1] / 2
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - (heights[i] + heights[i + 1]) / 2)
    if ys and ys[0] - heights[0] / 2 < lo:  # too many to fit: stack from the top
        ys[0] = lo + heights[0] / 2
        for i in range(1, len(ys)):
            ys[i] = max(ys[i], ys[i - 1] + (heights[i - 1] + heights[i]) / 2)
    return ys


def _style(svg_id: str, count: int) -> str:
    i = svg_id
    rules = [
        f"#{i} text{{fill:var(--md-default-fg-color,#000);"
        "font-family:var(--md-text-font-family,sans-serif)}",
        f"#{i} .axis{{fill:none;stroke:var(--md-default-fg-color,#000);stroke-width:1}}",
        f"#{i} .grid{{fill:none;stroke:var(--md-default-fg-color--lighter,#ccc);"
        "stroke-width:1;stroke-dasharray:1 3}",
    ]
    for k in range(count):
        colour = f"var(--hro-chart-{k % len(COLOURS) + 1},{COLOURS[k % len(COLOURS)]})"
        dash = DASHES[k % len(DASHES)]
        rules.append(
            f"#{i} .s{k}{{fill:none;stroke:{colour};stroke-width:2.5;"
            f"stroke-linejoin:round;stroke-dasharray:{dash}}}"
            f"#{i} .m{k}{{fill:{colour};stroke:var(--md-default-bg-color,#fff);stroke-width:1}}"
        )
    return "".join(rules)


def _text(text: str, x: float, y: float, anchor: str = "start", size: int = FONT,
          cls: str = "", extra: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    s = "" if size == FONT else f' font-size="{size}"'
    return f'<text{c} x="{num(x)}" y="{num(y)}"{a}{s}{extra}>{esc(text)}</text>'


def _block(lines: list[str], x: float, top: float, anchor: str = "start") -> str:
    """Several lines of FONT-sized text, the first line's slot starting at `top`."""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    spans = "".join(
        f'<tspan x="{num(x)}" y="{num(top + (i + 0.5) * LINE + 0.35 * FONT)}">{esc(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    return f"<text{a}>{spans}</text>"


def line_chart_svg(x_labels: list[str], series: list[Series], *, title: str, desc: str,
                   y_label: str, x_label: str, svg_id: str) -> str:
    """A line chart of `series` over `x_labels`, with legend, axis titles and end labels.

    `desc` should state the main finding; the page must also offer the numbers as a table
    (NORMS §3.6: a text equivalent beside every chart).
    """
    check_id(svg_id)
    n = len(x_labels)
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.name!r}: {len(s.values)} values for {n} x labels")
    body: list[str] = []

    # legend rows at the top: sample line + marker + name, flowing onto more rows
    y, x, row_h = 8.0, 10.0, 0.0
    legend: list[str] = []
    for k, s in enumerate(series):
        lines = wrap(s.name, (WIDTH - 20 - 34) / FONT)
        w = 34 + max(text_em(line) for line in lines) * FONT
        if x > 10 and x + w > WIDTH - 10:
            y, x, row_h = y + row_h + 4, 10.0, 0.0
        mid = y + LINE / 2
        legend.append(
            f'<g class="legend"><path class="s{k}" d="M{num(x)} {num(mid)}h28"/>'
            f'<path class="m{k}" d="{_marker(SHAPES[k % len(SHAPES)], x + 14, mid)}"/>'
            + _block(lines, x + 34, y) + "</g>"
        )
        row_h = max(row_h, len(lines) * LINE)
        x += w + 16
    y += row_h + 8 if series else 0
    y_lines = wrap(y_label, (WIDTH - 20) / FONT)
    y_title = _block(y_lines, 10, y)
    top = y + len(y_lines) * LINE + 8

    values = [v for s in series for v in s.values if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if 0 < lo <= hi / 3:
        lo = 0.0  # counts near zero read more honestly from a zero baseline
    ticks, decimals = nice_ticks(lo, hi)
    tick_text = [fmt_number(t, decimals) for t in ticks]
    left = 10 + max(text_em(t) for t in tick_text) * TICK_FONT + 8

    # end labels: marker + name, wrapped into a right margin of at most 150 units
    names = [wrap(s.name, 120 / FONT) for s in series]
    name_w = max((text_em(line) for lines in names for line in lines), default=0) * FONT
    right = WIDTH - (min(name_w, 120) + 30 if series else 10)

    # room for the first and last x label whether they end up flat or slanted
    label_w = max((text_em(t) for t in x_labels), default=0) * TICK_FONT
    left = max(left, 10 + label_w * 0.71)
    right = min(right, WIDTH - 10 - label_w / 2)
    k_step, slanted = _x_step(n, right - left, label_w / TICK_FONT)
    bottom = top + PLOT_H
    y0, y1 = ticks[0], ticks[-1]

    def px(i: int) -> float:
        return (left + right) / 2 if n <= 1 else left + (right - left) * i / (n - 1)

    def py(v: float) -> float:
        return bottom - (v - y0) / (y1 - y0) * PLOT_H

    grid = "".join(f"M{num(left)} {num(py(t))}H{num(right)}" for t in ticks[1:])
    body.append(f'<path class="grid" d="{grid}"/>' if grid else "")
    body.append(f'<path class="axis" d="M{num(left)} {num(top - 4)}V{num(bottom)}H{num(right)}"/>')
    for t, label in zip(ticks, tick_text):
        body.append(_text(label, left - 6, py(t) + 0.35 * TICK_FONT, "end", TICK_FONT, "yt"))

    shown = list(range(0, n, k_step))
    marks = "".join(f"M{num(px(i))} {num(bottom)}v4" for i in shown)
    body.append(f'<path class="axis" d="{marks}"/>' if marks else "")
    for i in shown:
        if slanted:
            ty = bottom + 10
            rot = f' transform="rotate(-45 {num(px(i))} {num(ty)})"'
            body.append(
                _text(x_labels[i], px(i), ty + 0.35 * TICK_FONT, "end", TICK_FONT, "xt", rot)
            )
        else:
            body.append(
                _text(x_labels[i], px(i), bottom + 6 + 1.1 * TICK_FONT, "middle", TICK_FONT, "xt")
            )
    tick_h = label_w * 0.71 + TICK_FONT + 8 if slanted else 1.45 * TICK_FONT + 14
    centre = (left + right) / 2
    x_lines = wrap(x_label, 2 * (min(centre, WIDTH - centre) - 10) / FONT)
    body.append(_block(x_lines, centre, bottom + tick_h, "middle"))
    height = bottom + tick_h + len(x_lines) * LINE + 10

    ends: list[tuple[float, int]] = []
    for k, s in enumerate(series):
        shape = SHAPES[k % len(SHAPES)]
        d, marks, run = [], [], []
        every = max(1, math.ceil(n / MAX_MARKERS))
        offset = (k * every) // max(len(series), 1)
        for i, v in enumerate([*s.values, None]):
            if v is not None:
                run.append(i)
                continue
            if run:  # close a run of data: one subpath, marks at both ends and every Nth
                pts = [f"{num(px(j))} {num(py(s.values[j]))}" for j in run]
                d.append("M" + pts[0] + ("L" + " ".join(pts[1:]) if len(pts) > 1 else ""))
                for j in run:
                    if j in (run[0], run[-1]) or j % every == offset:
                        marks.append(_marker(shape, px(j), py(s.values[j])))
                run = []
        body.append(f'<path class="s{k}" d="{"".join(d)}"/>' if d else "")
        body.append(f'<path class="m{k}" d="{"".join(marks)}"/>' if marks else "")
        last = next((v for v in reversed(s.values) if v is not None), None)
        if last is not None:
            ends.append((py(last), k))

    ends.sort()
    heights = [len(names[k]) * LINE for _, k in ends]
    for (_, k), cy in zip(ends, _spread([e[0] for e in ends], heights, top - 8, bottom + 8)):
        lines = names[k]
        first = cy - (len(lines) - 1) * LINE / 2 + 0.35 * FONT
        body.append(
            f'<g class="end"><path class="m{k}" '
            f'd="{_marker(SHAPES[k % len(SHAPES)], right + 12, cy)}"/>'
            + "".join(_text(line, right + 22, first + j * LINE) for j, line in enumerate(lines))
            + "</g>"
        )

    content = [f'<g font-size="{FONT}">', *legend, y_title, *[b for b in body if b], "</g>"]
    return svg_root(svg_id, WIDTH, height, title, desc, _style(svg_id, len(series)), content)
