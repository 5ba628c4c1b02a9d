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


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent  # pragma: no cover - the loop always returns


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
    scale_max = _nice_max(top)
    label_w, value_w, bar_h, gap = 190, 90, 16, 10
    plot_w = WIDTH - label_w - value_w
    group_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * len(labels) + 24
    body = []
    if len(series) > 1:
        x = label_w
        for s in series:
            body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{s.colour}"/>')
            body.append(f'<text x="{x + 16}" y="14" fill="{INK}">{escape(s.name)}</text>')
            x += 24 + 7 * len(s.name)
    for tick in range(5):
        x = label_w + plot_w * tick / 4
        body.append(
            f'<line x1="{x:.1f}" y1="{legend_h}" x2="{x:.1f}" y2="{height - 20}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{height - 6}" fill="{INK}" text-anchor="middle">'
            f"{escape(fmt(int(scale_max * tick / 4)))}</text>"
        )
    for i, label in enumerate(labels):
        y0 = legend_h + i * group_h + gap / 2
        body.append(
            f'<text x="{label_w - 8}" y="{y0 + bar_h * len(series) / 2 + 4:.1f}" fill="{INK}" '
            f'text-anchor="end">{escape(_short(label, 28))}</text>'
        )
        for j, s in enumerate(series):
            value = s.values[i]
            w = plot_w * value / scale_max
            y = y0 + j * bar_h
            body.append(
                f'<rect x="{label_w}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{s.colour}"/>'
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
    height, left, right, top, bottom = 260, 56, 24, 20, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    scale_max = _nice_max(max(values))
    body = []
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" fill="{INK}" text-anchor="end">'
            f"{escape(fmt(int(scale_max * tick / 4)))}</text>"
        )
    n = len(values)
    step = plot_w / (n - 1) if n > 1 else 0
    points = []
    every = max(1, math.ceil(n / 8))
    for i, value in enumerate(values):
        x = left + (step * i if n > 1 else plot_w / 2)
        y = top + plot_h - plot_h * value / scale_max
        points.append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
        body.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" fill="{INK}" text-anchor="middle">'
            f"{escape(fmt(value))}</text>"
        )
        if i % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - 16}" fill="{INK}" text-anchor="middle">'
                f"{escape(labels[i])}</text>"
            )
    if n > 1:
        body.insert(
            10,
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
