"""What the dashboard pages and the PDF template are given: the report and its charts.

Both call :func:`report_context`, so the page and the document show the same figures drawn the
same way.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting.money import format_pence

from .charts import BAR_2, Chart, Series, bar_chart, line_chart
from .selectors import ImpactReport, Period, impact_report

MAX_THEMES_CHARTED = 12
#: More bars than this do not fit on an A4 page; the table of every area is in the report.
MAX_AREAS_CHARTED = 15


def report_charts(report: ImpactReport) -> dict[str, Chart]:
    months = report.attendance_by_month
    attendance = line_chart(
        key="chart-attendance",
        title=_("People at events, month by month"),
        labels=[date_format(m, "M Y") for m, _n in months],
        values=[n for _m, n in months],
        label_header=_("Month"),
        value_header=_("People who came"),
    )
    areas = [row for row in report.areas if row.bids_pence or row.awarded_pence]
    title = _("Money asked for and awarded, by area")
    if len(areas) > MAX_AREAS_CHARTED:
        areas = sorted(areas, key=lambda r: (-r.awarded_pence, -r.bids_pence))
        areas = areas[:MAX_AREAS_CHARTED]
        title = _("Money asked for and awarded: the %(n)s areas awarded most") % {
            "n": MAX_AREAS_CHARTED
        }
    money_by_area = bar_chart(
        key="chart-money-area",
        title=title,
        labels=[row.area.name for row in areas],
        series=[
            Series(_("Asked for"), [row.bids_pence for row in areas]),
            Series(_("Awarded"), [row.awarded_pence for row in areas], colour=BAR_2),
        ],
        fmt=format_pence,
        label_header=_("Area"),
    )
    money_by_category = bar_chart(
        key="chart-money-category",
        title=_("Money awarded, by category"),
        labels=[name for name, _total in report.money_by_category],
        series=[Series(_("Awarded"), [total for _name, total in report.money_by_category])],
        fmt=format_pence,
        label_header=_("Category"),
    )
    themes = report.themes[:MAX_THEMES_CHARTED]
    themes_chart = bar_chart(
        key="chart-themes",
        title=_("Themes heard at World Cafés"),
        labels=[t.name for t in themes],
        series=[Series(_("Insights and notes"), [t.notes for t in themes])],
        label_header=_("Theme"),
    )
    return {
        "attendance": attendance,
        "money_by_area": money_by_area,
        "money_by_category": money_by_category,
        "themes": themes_chart,
    }


def report_context(programme, area=None, period: Period | None = None) -> dict:
    report = impact_report(programme=programme, area=area, period=period)
    return {
        "report": report,
        "facts": report.facts,
        "charts": report_charts(report),
        # Whoever funds the programme (a PCC today, a mayor or a council-leader board from
        # 2028): the programme's own words, never a fixed title.
        "funder": programme.funder_name or _("the funder"),
    }
