"""``manage.py load_postcodes FILE``: load the ONS Postcode Directory or OS Code-Point Open."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assets.postcodes.loading import BATCH_SIZE, offers_place, postcodes_load
from assets.postcodes.readers import FORMATS, PostcodeFileError, read_rows
from assets.postcodes.samples import CODEPOINT_SAMPLE, ONSPD_SAMPLE


class Command(BaseCommand):
    help = (
        "Load UK postcodes (ONS Postcode Directory CSV, or OS Code-Point Open CSVs: a file, a "
        "folder of them or the zip as downloaded) so distance search and the map work "
        "anywhere. Safe to run again: rows are updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="A CSV file, a folder of CSV files or a zip. Leave out with --sample.",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="",
            help="onspd or codepoint; by default told from each file's first line.",
        )
        parser.add_argument(
            "--sample",
            choices=FORMATS,
            help="Load the small sample shipped with the code (for tests and the demo).",
        )
        parser.add_argument(
            "--skip-terminated",
            action="store_true",
            help="Leave out postcodes no longer in use (ONSPD doterm); kept by default.",
        )
        parser.add_argument(
            "--skip-northern-ireland",
            action="store_true",
            help="Leave out BT postcodes (ONSPD carries them under separate licence terms).",
        )
        parser.add_argument(
            "--replace-offer-points",
            action="store_true",
            help="Re-place every offer from its postcode, not only offers with no point yet.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        path, fmt = self._source(options)
        self.stdout.write(f"Reading {path} ...")
        try:
            rows = read_rows(path, fmt=fmt)
            result = postcodes_load(
                rows=rows,
                include_terminated=not options["skip_terminated"],
                include_northern_ireland=not options["skip_northern_ireland"],
                batch_size=max(1, options["batch_size"]),
                progress=self._progress,
            )
        except (PostcodeFileError, UnicodeDecodeError, OSError) as exc:
            raise CommandError(f"Could not read {path}: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.written} postcodes loaded ({result.terminated} no longer in use)."
            )
        )
        for count, words in (
            (result.skipped_no_position, "had no position"),
            (result.skipped_terminated, "were no longer in use (--skip-terminated)"),
            (result.skipped_northern_ireland, "were in Northern Ireland (--skip-northern-ireland)"),
        ):
            if count:
                self.stdout.write(f"Left out {count} that {words}.")
        if result.unreadable_count:
            examples = ", ".join(repr(p) for p in result.skipped_unreadable)
            self.stdout.write(
                f"Left out {result.unreadable_count} rows whose postcode was not readable"
                f" (for example {examples})."
            )
        moved = offers_place(replace_points=options["replace_offer_points"])
        self.stdout.write(f"{moved} offers placed on the map from their postcode.")

    def _source(self, options) -> tuple[Path, str]:
        if options["sample"]:
            sample = ONSPD_SAMPLE if options["sample"] == "onspd" else CODEPOINT_SAMPLE
            return sample, options["sample"]
        if not options["path"]:
            raise CommandError("Give the file, folder or zip to load, or --sample onspd.")
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"There is no file or folder at {path}.")
        return path, options["format"]

    def _progress(self, written: int) -> None:
        # A line every 100,000 rows or so: a full ONSPD takes minutes, silence looks like a hang.
        if written // 100_000 > getattr(self, "_reported", 0):
            self._reported = written // 100_000
            self.stdout.write(f"  {written} so far")
