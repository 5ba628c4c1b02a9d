"""``python -m pbtally FILE [--rule RULE] --json``: the tally without Django start-up."""

from .cli import main

raise SystemExit(main())
