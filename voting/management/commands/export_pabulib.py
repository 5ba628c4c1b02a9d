"""Write a PB vote as a pabulib file: ``python manage.py export_pabulib VOTE_ID FILE``.

The file imports back (``import_pabulib``) to the same count. Ballots carry no voter details and
are written in a canonical order, never the order they were cast.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Export a PB vote (projects and ballots) as a pabulib .pb file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("vote_id", type=int)
        parser.add_argument("file", help="where to write the .pb file")

    def handle(self, *args: Any, **options: Any) -> None:
        from voting.models import PBVote
        from voting.services.pabulib import vote_export_pabulib

        vote = PBVote.objects.select_related("area", "tally").filter(pk=options["vote_id"]).first()
        if vote is None:
            raise CommandError(f"No vote with id {options['vote_id']}.", returncode=2)
        if vote.is_open():
            raise CommandError(
                "The vote is still open: export it once it has closed.", returncode=2
            )
        count = vote_export_pabulib(vote=vote, path=options["file"])
        self.stdout.write(f"{count} ballots written to {options['file']}")
