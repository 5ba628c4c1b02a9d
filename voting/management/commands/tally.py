"""Count a stored PB vote: ``python manage.py tally VOTE_ID [--json] [--explain]``.

Runs ``voting.services.votes.vote_tally``, the same service as the Celery task, so the
result is stored once and a second run returns it unchanged. ``--json`` prints the same
``{"rule", "selected", "spent"}`` as ``tally_pabulib`` (amounts in the file's currency unit).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _units(pence: int) -> int | float:
    return pence // 100 if pence % 100 == 0 else pence / 100


class Command(BaseCommand):
    help = "Count a stored PB vote (it must be closed) and print the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("vote_id", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--explain", action="store_true", help="with --json: the steps too")

    def handle(self, *args: Any, **options: Any) -> None:
        from pbtally import TallyError
        from voting.models import PBVote
        from voting.services.counting import vote_tally

        if not PBVote.objects.filter(pk=options["vote_id"]).exists():
            raise CommandError(f"No vote with id {options['vote_id']}.", returncode=2)
        try:
            record = vote_tally(vote_id=options["vote_id"])
        except TallyError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if record is None:
            raise CommandError("The vote is not closed yet.", returncode=2)
        if options["json"]:
            out: dict[str, Any] = {
                "rule": record.rule,
                "selected": list(record.selected),
                "spent": _units(record.spent_pence),
            }
            if options["explain"]:
                out.update(
                    steps=record.steps,
                    checksum=record.checksum,
                    seed=record.seed,
                    engine_version=record.engine_version,
                )
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(
            f"{record.rule}: {len(record.selected)} funded, {_units(record.spent_pence)} spent of "
            f"{_units(record.budget_pence)}; {record.ballots_counted} ballots; inputs sha256 "
            f"{record.checksum}; engine {record.engine_version}"
        )
