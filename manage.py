#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that use no database and no settings run without setting Django up: tallying a large
# pabulib file takes a quarter of a second, and Django's start-up would otherwise triple that.
# The same commands are registered as management commands too (for call_command and --help).
DJANGO_FREE_COMMANDS = {"tally_pabulib": "pbtally.cli"}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in DJANGO_FREE_COMMANDS:
        from importlib import import_module

        cli = import_module(DJANGO_FREE_COMMANDS[sys.argv[1]])
        sys.exit(cli.main(sys.argv[2:], prog=f"manage.py {sys.argv[1]}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
