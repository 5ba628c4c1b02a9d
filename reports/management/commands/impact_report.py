"""Render an impact report to a file, for scripting and tests:

    python manage.py impact_report PROGRAMME_SLUG --output FILE.pdf [--area SLUG]
        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--language en|cy]

The same service, context and template as the report the PCC office asks for on the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (use YYYY-MM-DD): {text}", returncode=2) from None


class Command(BaseCommand):
    help = "Render a programme's (or an area's) impact report as a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="the programme's short name (slug)")
        parser.add_argument("--output", "-o", required=True, help="where to write the PDF")
        parser.add_argument("--area", help="an area's short name: report on that area only")
        parser.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="last day (YYYY-MM-DD)")
        parser.add_argument(
            "--language", default="", choices=["en", "cy"], help="English (en) or Welsh (cy)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from engagement.models import Area, Programme
        from reports.services import report_pdf

        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme called {options['programme']!r}.", returncode=2)
        area = None
        if options["area"]:
            area = Area.objects.filter(programme=programme, slug=options["area"]).first()
            if area is None:
                raise CommandError(
                    f"No area called {options['area']!r} in {programme.slug}.", returncode=2
                )
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        try:
            pdf, pages = report_pdf(
                programme=programme,
                area=area,
                date_from=date_from,
                date_to=date_to,
                language=options["language"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        output = Path(options["output"])
        output.write_bytes(pdf)
        self.stdout.write(f"{pages} pages written to {output}")
