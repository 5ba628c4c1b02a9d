"""Server-drawn SVG charts: well-formed, labelled for screen readers, text escaped, and a table
of the same figures."""

import xml.etree.ElementTree as ET

from reports.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_labelled_svg_with_its_table():
    chart = bar_chart(
        key="c1",
        title="Money <by> area",
        labels=["North & South", "East"],
        series=[Series("Asked", [300, 100]), Series("Awarded", [150, 0])],
        fmt=lambda v: f"£{v}",
        label_header="Area",
    )
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Money <by> area"
    assert "North & South, £300, £150" in root.find(f"{SVG}desc").text
    assert len(root.findall(f"{SVG}rect")) == 2 + 4  # legend swatches and four bars
    assert "style=" not in str(chart.svg)  # the CSP forbids inline styles
    assert chart.columns == ["Area", "Asked", "Awarded"]
    assert chart.rows == [["North & South", "£300", "£150"], ["East", "£100", "£0"]]


def test_line_chart_and_empty_charts():
    chart = line_chart(key="c2", title="People", labels=["Jan", "Feb", "Mar"], values=[5, 0, 12])
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    assert len(root.findall(f"{SVG}circle")) == 3
    assert root.find(f"{SVG}polyline") is not None
    empty = bar_chart(key="c3", title="Nothing", labels=[], series=[Series("x", [])])
    assert empty.svg is None and empty.rows == []
    zero = line_chart(key="c4", title="Zero", labels=["Jan"], values=[0])
    assert zero.svg is None and zero.rows == [["Jan", "0"]]
