"""Charts that cannot mislead, for any data (Hypothesis): every tick label sits on its gridline
and the ticks are evenly spaced whole numbers from zero; every bar starts at zero and is as long
as its value on that axis; every point is as high as its value; no label leaves the drawing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from budgeting.money import format_pence
from reports.charts import WIDTH, Series, bar_chart, line_chart, nice_ticks, text_width

SVG = "{http://www.w3.org/2000/svg}"

letters = st.characters(categories=["L", "N", "Zs"], max_codepoint=0x17F)
labels = st.text(alphabet=letters, min_size=1, max_size=40)
counts = st.integers(min_value=0, max_value=100_000)
pence = st.integers(min_value=0, max_value=100_000_000)
formats = st.sampled_from([str, format_pence])


def _svg(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def _f(element, name: str) -> float:
    return float(element.get(name))


def _ticks(root, fmt, axis: str):
    grid = root.findall(f"{SVG}line[@class='grid']")
    ticks = root.findall(f"{SVG}text[@class='tick']")
    assert len(grid) == len(ticks) >= 2
    return grid, ticks


def _labels_inside(root):
    height = _f(root, "height")
    for text in root.iter(f"{SVG}text"):
        x, y, w = _f(text, "x"), _f(text, "y"), text_width(text.text or "")
        anchor = text.get("text-anchor", "start")
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        assert left >= -0.5 and left + w <= WIDTH + 0.5, (text.text, left, w)
        assert 10 <= y <= height, (text.text, y)


def _check_scale(values, ticks_text, fmt):
    expected = nice_ticks(max(values))
    assert [t.text for t in ticks_text] == [fmt(t) for t in expected]
    assert expected[0] == 0 and expected[-1] >= max(values)
    steps = {b - a for a, b in zip(expected, expected[1:], strict=False)}
    assert len(steps) == 1 and all(isinstance(t, int) for t in expected)
    return expected


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(labels, counts, counts), min_size=1, max_size=15),
    fmt=formats,
)
def test_bar_charts_for_any_data(rows, fmt):
    names = [r[0] for r in rows]
    first, second = [r[1] for r in rows], [r[2] for r in rows]
    if max(first + second) == 0:
        first[0] = 1
    chart = bar_chart(
        key="p", title="t", labels=names, series=[Series("A", first), Series("B", second)], fmt=fmt
    )
    root = _svg(chart)
    grid, ticks_text = _ticks(root, fmt, "x")
    for line, tick in zip(grid, ticks_text, strict=True):
        assert _f(line, "x1") == _f(line, "x2") == _f(tick, "x")  # label on its gridline
    scale = _check_scale(first + second, ticks_text, fmt)
    zero_x, top_x = _f(grid[0], "x1"), _f(grid[-1], "x1")
    gaps = {round(_f(b, "x1") - _f(a, "x1"), 1) for a, b in zip(grid, grid[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 0.2  # evenly spaced, as the values are
    bars = root.findall(f"{SVG}rect[@class='bar']")
    assert [int(b.get("data-value")) for b in bars] == [
        v for pair in zip(first, second, strict=True) for v in pair
    ]
    for bar in bars:
        value = int(bar.get("data-value"))
        assert abs(_f(bar, "x") - zero_x) <= 0.1  # bars start at zero
        assert abs(_f(bar, "width") - (top_x - zero_x) * value / scale[-1]) <= 0.15
    _labels_inside(root)


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.tuples(labels, counts), min_size=1, max_size=40),
    fmt=formats,
)
def test_line_charts_for_any_data(points, fmt):
    names = [p[0][:9] for p in points]  # month labels are short ("Dec 2026")
    values = [p[1] for p in points]
    if max(values) == 0:
        values[-1] = 3
    chart = line_chart(key="l", title="t", labels=names, values=values, fmt=fmt)
    root = _svg(chart)
    grid, ticks_text = _ticks(root, fmt, "y")
    for line, tick in zip(grid, ticks_text, strict=True):
        assert _f(line, "y1") == _f(line, "y2")
        assert abs(_f(tick, "y") - 4 - _f(line, "y1")) <= 0.1  # label on its gridline
    scale = _check_scale(values, ticks_text, fmt)
    zero_y, top_y = _f(grid[0], "y1"), _f(grid[-1], "y1")
    for point in root.findall(f"{SVG}circle[@class='point']"):
        value = int(point.get("data-value"))
        assert abs(_f(point, "cy") - (zero_y - (zero_y - top_y) * value / scale[-1])) <= 0.15
    xs = [_f(p, "cx") for p in root.findall(f"{SVG}circle[@class='point']")]
    steps = [round(b - a, 1) for a, b in zip(xs, xs[1:], strict=False)]
    assert not steps or max(steps) - min(steps) <= 0.2  # months evenly spaced, as time is
    _labels_inside(root)


def test_ticks_are_the_nice_ones_people_expect():
    assert nice_ticks(5) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(130) == [0, 50, 100, 150]
    assert nice_ticks(500_000) == [0, 100_000, 200_000, 300_000, 400_000, 500_000]
