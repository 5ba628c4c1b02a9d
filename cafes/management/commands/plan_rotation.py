"""Plan a World Café rotation from the command line (for organisers and for checking the planner).

python manage.py plan_rotation --tables 6 --size 4 --rounds 4 --hosts --json
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cafes.rotation import Constraints, Person, RotationError, Table, plan


class Command(BaseCommand):
    help = (
        "Seat people 1..N at numbered tables for each round so they meet as many new people as "
        "possible. With --hosts, person i hosts table i and stays there every round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tables", type=int, required=True, help="number of tables")
        parser.add_argument("--size", type=int, required=True, help="seats per table")
        parser.add_argument("--rounds", type=int, required=True, help="number of rounds")
        parser.add_argument("--hosts", action="store_true", help="person i hosts table i")
        parser.add_argument("--people", type=int, help="people checked in (default tables*size)")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same plan")
        parser.add_argument(
            "--max-seats", type=int, default=5, help="largest table allowed (default 5)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        tables, size, rounds = options["tables"], options["size"], options["rounds"]
        people = options["people"] if options["people"] is not None else None
        for name, value in (("--tables", tables), ("--size", size), ("--rounds", rounds)):
            if value < 1:
                raise CommandError(f"{name} must be at least 1 (got {value}).")
        if size > options["max_seats"]:
            raise CommandError(
                f"--size {size} is more than {options['max_seats']} seats; World Café tables "
                "seat at most 5 unless you pass a larger --max-seats."
            )
        count = tables * size if people is None else people
        if count < 1:
            raise CommandError(f"--people must be at least 1 (got {count}).")
        if count > tables * size:
            raise CommandError(f"{count} people do not fit at {tables} tables of {size} seats.")
        if options["hosts"] and count < tables:
            raise CommandError(f"--hosts needs at least one person per table ({tables}).")
        try:
            result = plan(
                [Person(i) for i in range(1, count + 1)],
                [
                    Table(seats=size, host=(t + 1) if options["hosts"] else None)
                    for t in range(tables)
                ],
                rounds,
                constraints=Constraints(max_seats=options["max_seats"]),
                seed=options["seed"],
            )
        except RotationError as exc:
            raise CommandError(str(exc)) from exc
        hosts = [h for h in result.hosts if h is not None]
        if options["json"]:
            payload = {"rounds": result.as_lists(), "hosts": hosts, "repeats": result.repeats}
            self.stdout.write(json.dumps(payload))
            return
        for r, rnd in enumerate(result.rounds, start=1):
            self.stdout.write(f"Round {r}")
            for t, table in enumerate(rnd, start=1):
                self.stdout.write(f"  Table {t}: " + ", ".join(str(p) for p in table))
        self.stdout.write(f"Repeated pairs: {result.repeats} ({result.method})")
