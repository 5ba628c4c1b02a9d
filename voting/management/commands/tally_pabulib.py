"""Tally a pabulib ``.pb`` file: ``python manage.py tally_pabulib FILE [--rule RULE] --json``.

Reads nothing from and writes nothing to the database. The engine is imported inside the
methods so that listing or loading commands stays cheap; system checks are skipped because the
command touches no models.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Tally a pabulib election file with the rule in its META (or --rule) and print the "
        "selected projects. Exit code 2 on an unknown rule or a malformed file."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        from pbtally.cli import add_arguments

        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from pbtally import TallyError
        from pbtally.cli import tally_file, write_report

        try:
            election, result = tally_file(
                options["file"], options["rule"], options["threshold"], options["seed"]
            )
        except TallyError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        write_report(election, result, options, self.stdout)
