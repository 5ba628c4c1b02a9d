"""The impact report read back from the PDF as a reader meets it (pdftotext, page by page): no
heading is the last thing on a page, no page is left mostly empty except where a section ends,
the contents page's numbers are right, the period is dates, and it comes in Welsh."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from engagement.demo import seed_demo
from engagement.models import Programme
from reports.context import report_context

pytestmark = pytest.mark.django_db

LINCS = "lincolnshire-world-cafe-pilot"
# A4 in points, and the page margins of the report's @page rule (2 cm top, 2.2 cm bottom).
PAGE_HEIGHT, TOP, BOTTOM = 842, 2 / 2.54 * 72, 2.2 / 2.54 * 72
# Headings that start on a page of their own (cover, at a glance, easy read, contents, the
# chapters): the page before each ends a section and may be short.
SECTION_STARTS = {"At a glance", "Easy read summary", "Contents", "Key facts"}


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        seed_demo(log=lambda _line: None)
        programme = Programme.objects.get(slug=LINCS)
        out = tmp_path_factory.mktemp("report")
        files = {}
        for language in ("en", "cy"):
            path = out / f"{language}.pdf"
            call_command(
                "impact_report", LINCS, "-o", str(path), "--language", language, stdout=StringIO()
            )
            files[language] = path
        with translation.override("en"):
            html = render_to_string(
                "reports/pdf/impact_report.html", report_context(programme, None, None)
            )
        yield files, html
        from django.core.management import call_command as flush

        flush("flush", "--noinput", verbosity=0)


def _pages(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's lines of text, top to bottom, with the bottom of each line (points), the
    running header and footer left out."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        lines = []
        for line in re.findall(
            r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
            page,
            re.S,
        ):
            y, inner = float(line[0]), line[1]
            words = " ".join(re.findall(r">([^<]*)</word>", inner))
            if TOP - 5 < y < PAGE_HEIGHT - BOTTOM + 5:
                lines.append((y, _unescape(words)))
        pages.append(sorted(lines))
    return pages


def _unescape(text: str) -> str:
    return html_lib.unescape(text)


def _has(page, text: str) -> bool:
    return any(line == text for _y, line in page)


def _headings(html: str) -> set[str]:
    """Every heading, chart title and table caption: text that introduces what follows."""
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    found += re.findall(r'<p class="chart-title"[^>]*>(.*?)</p>', html, re.S)
    found += re.findall(r"<caption>(.*?)</caption>", html, re.S)
    return {_unescape(" ".join(re.sub(r"<[^>]+>", "", h).split())) for h in found}


def test_no_heading_ends_a_page(demo_report):
    files, html = demo_report
    headings = _headings(html)
    for number, lines in enumerate(_pages(files["en"]), start=1):
        if lines:
            assert lines[-1][1] not in headings, f"page {number} ends with {lines[-1][1]!r}"


def test_no_page_is_mostly_empty_except_where_a_section_ends(demo_report):
    files, _html = demo_report
    pages = _pages(files["en"])
    usable = PAGE_HEIGHT - TOP - BOTTOM
    for number, lines in enumerate(pages[:-1], start=1):
        following = pages[number]
        ends_section = number == 1 or (following and following[0][1] in SECTION_STARTS)
        filled = (lines[-1][0] - TOP) / usable if lines else 0
        assert ends_section or filled >= 1 / 3, f"page {number} is {filled:.0%} full"


def test_the_contents_page_numbers_are_right(demo_report):
    files, _html = demo_report
    pages = _pages(files["en"])
    contents = next(i for i, p in enumerate(pages) if p and p[0][1] == "Contents")
    entries = [re.match(r"(.+?)[ .]*\s(\d+)$", text) for _y, text in pages[contents][1:]]
    entries = [(m.group(1).rstrip(". "), int(m.group(2))) for m in entries if m]
    assert len(entries) >= 8
    for title, page in entries:
        starts = [i + 1 for i, p in enumerate(pages) if i != contents and _has(p, title)]
        assert page in starts, (title, page, starts)


def test_the_cover_gives_the_period_as_dates_and_a_whole_summary(demo_report):
    files, _html = demo_report
    cover = " ".join(text for _y, text in _pages(files["en"])[0])
    assert re.search(r"\d{1,2} \w+ \d{4} – \d{1,2} \w+ \d{4}", cover)
    assert "Everything so far" not in cover
    assert "people took part in" in cover and "match funding." in cover


def test_the_report_in_welsh(demo_report):
    files, _html = demo_report
    text = " ".join(t for page in _pages(files["cy"]) for _y, t in page)
    for welsh in ("Cipolwg", "Crynodeb hawdd ei ddarllen", "Cynnwys", "Ffeithiau allweddol"):
        assert welsh in text, welsh
    for english in ("At a glance", "Easy read summary", "Key facts", "Who took part"):
        assert english not in text, english
