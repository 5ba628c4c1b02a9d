"""Charts drawn on the server as SVG strings, for the dashboard pages and the PDF alike.

No JavaScript and no remote fonts: an SVG here is plain markup with presentation attributes (the
site's CSP forbids inline ``style``). Each chart carries a title and a description for screen
readers (``role="img"``) and the rows it was drawn from, which the templates show as a table: the
table is the text alternative and the source of truth, the picture is a convenience.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
BAR = "#1d4f91"
BAR_2 = "#c25100"
INK = "#1b1b1b"
GRID = "#c8ccd0"
FONT = "DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    colour: str = BAR


@dataclass(frozen=True)
class Chart:
    """A drawn chart and the table it stands for."""

    key: str
    title: str
    svg: SafeString | None  # None when there is nothing to draw
    columns: list[str]
    rows: list[list[str]]


def nice_ticks(top: int, *, most: int = 6) -> list[int]:
    """Evenly spaced whole-number ticks from 0 to at least ``top``, at a 1, 2 or 5 × 10ⁿ step,
    at most ``most`` of them. Whole numbers only: counts are never given fractional ticks, and
    money is in pence, so a step is never below a penny."""
    top = max(int(math.ceil(top)), 1)
    exponent = 0
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * 10**exponent
            if math.ceil(top / step) + 1 <= most:
                return [step * i for i in range(math.ceil(top / step) + 1)]
        exponent += 1


def text_width(text: str, size: float = 12) -> float:
    """A generous estimate of the width of ``text`` in the chart font (DejaVu Sans averages
    under 0.62 em a character; digits are 0.64 em)."""
    return len(text) * size * 0.64


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _frame(key: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every piece of text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" font-family="{FONT}" font-size="12">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[int], str] = str,
    label_header: str = "",
) -> Chart:
    """Horizontal bars, one group per label (one bar per series), values written at the ends."""
    columns = [label_header or _("Item"), *(s.name for s in series)]
    rows = [[label, *(fmt(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    top = max((v for s in series for v in s.values), default=0)
    if not labels or top <= 0:
        return Chart(key=key, title=title, svg=None, columns=columns, rows=rows)
    ticks = nice_ticks(top)
    scale_max = ticks[-1]
    # At most 24 characters (the table beside the chart has them whole) in at most 200 points.
    shown = [_short(label, 24) for label in labels]
    label_w = max(text_width(label) for label in shown) + 12
    # Room after the longest bar for its value, and for half the last tick label.
    value_w = max(
        max(text_width(fmt(v)) for s in series for v in s.values) + 8,
        text_width(fmt(scale_max)) / 2 + 4,
    )
    bar_h, gap = 16, 10
    plot_w = WIDTH - label_w - value_w
    group_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * len(labels) + 24
    body = []
    if len(series) > 1:
        x = label_w
        for s in series:
            body.append(f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{s.colour}"/>')
            body.append(f'<text x="{x + 16:.1f}" y="14" fill="{INK}">{escape(s.name)}</text>')
            x += 28 + text_width(s.name)
    for tick in ticks:
        x = label_w + plot_w * tick / scale_max
        body.append(
            f'<line class="grid" x1="{x:.1f}" y1="{legend_h}" x2="{x:.1f}" y2="{height - 20}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text class="tick" x="{x:.1f}" y="{height - 6}" fill="{INK}" '
            f'text-anchor="middle">{escape(fmt(tick))}</text>'
        )
    for i, label in enumerate(shown):
        y0 = legend_h + i * group_h + gap / 2
        body.append(
            f'<text x="{label_w - 8:.1f}" y="{y0 + bar_h * len(series) / 2 + 4:.1f}" '
            f'fill="{INK}" text-anchor="end">{escape(label)}</text>'
        )
        for j, s in enumerate(series):
            value = s.values[i]
            w = plot_w * value / scale_max
            y = y0 + j * bar_h
            body.append(
                f'<rect class="bar" data-value="{value}" x="{label_w:.1f}" y="{y:.1f}" '
                f'width="{w:.1f}" height="{bar_h - 2}" fill="{s.colour}"/>'
            )
            body.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5:.1f}" fill="{INK}">'
                f"{escape(fmt(value))}</text>"
            )
    description = "; ".join(", ".join(row) for row in rows)
    return Chart(
        key=key,
        title=title,
        svg=_frame(key, title, description, int(height), body),
        columns=columns,
        rows=rows,
    )


def line_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    fmt: Callable[[int], str] = str,
    label_header: str = "",
    value_header: str = "",
) -> Chart:
    """A line over time with a dot and its value at each point."""
    columns = [label_header or _("When"), value_header or _("Value")]
    rows = [[label, fmt(values[i])] for i, label in enumerate(labels)]
    if not labels or max(values, default=0) <= 0:
        return Chart(key=key, title=title, svg=None, columns=columns, rows=rows)
    ticks = nice_ticks(max(values))
    scale_max = ticks[-1]
    n = len(values)
    every = max(1, math.ceil(n / 8))
    # Room for the widest tick label on the left, and half the first and last month labels
    # and point values at either end, so nothing is cut off at the edge of the drawing.
    tick_w = max(text_width(fmt(t)) for t in ticks)
    first_w = max(text_width(labels[0]), text_width(fmt(values[0])))
    last_w = max(text_width(labels[-1]), text_width(fmt(values[-1])))
    height, top, bottom = 260, 24, 40
    left = max(tick_w + 10, first_w / 2 + 4)
    right = max(12, last_w / 2 + 4)
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    body = []
    for tick in ticks:
        y = top + plot_h - plot_h * tick / scale_max
        body.append(
            f'<line class="grid" x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - right:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text class="tick" x="{left - 6:.1f}" y="{y + 4:.1f}" fill="{INK}" '
            f'text-anchor="end">{escape(fmt(tick))}</text>'
        )
    step = plot_w / (n - 1) if n > 1 else 0
    points = []
    for i, value in enumerate(values):
        x = left + (step * i if n > 1 else plot_w / 2)
        y = top + plot_h - plot_h * value / scale_max
        points.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle class="point" data-value="{value}" cx="{x:.1f}" cy="{y:.1f}" r="4" '
            f'fill="{BAR}"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" fill="{INK}" text-anchor="middle">'
            f"{escape(fmt(value))}</text>"
        )
        if (n - 1 - i) % every == 0:  # counted from the last month, which is always named
            body.append(
                f'<text x="{x:.1f}" y="{height - 16}" fill="{INK}" text-anchor="middle">'
                f"{escape(labels[i])}</text>"
            )
    if n > 1:
        body.insert(
            2 * len(ticks),
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{BAR}" stroke-width="2"/>',
        )
    description = "; ".join(", ".join(row) for row in rows)
    return Chart(
        key=key,
        title=title,
        svg=_frame(key, title, description, height, body),
        columns=columns,
        rows=rows,
    )
