"""Store a pabulib election as a PB vote: ``python manage.py import_pabulib FILE [--area SLUG]``.

Prints the new vote's id. Ballots go in with PostgreSQL COPY. A file the engine cannot read, an
unknown area or rule: a clear message and exit code 2, nothing stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Import a pabulib .pb file (projects and every ballot) as a closed PB vote."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to a .pb file")
        parser.add_argument("--area", help="slug of the area the election belongs to")

    def handle(self, *args: Any, **options: Any) -> None:
        from engagement.models import Area
        from pbtally import TallyError
        from voting.services.pabulib import vote_import_pabulib

        area = None
        if options["area"]:
            area = Area.objects.filter(slug=options["area"]).first()
            if area is None:
                raise CommandError(f"No area with the slug {options['area']!r}.", returncode=2)
        try:
            vote = vote_import_pabulib(path=options["file"], area=area)
        except (TallyError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message, returncode=2) from exc
        self.stdout.write(str(vote.pk))
