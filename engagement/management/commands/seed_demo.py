import contextlib
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from engagement.demo import seed_demo

# With no broker (``make run``) Celery runs every task in the process and logs each one, and the
# console email backend prints every email the demo's bids, votes and cafés queue: pages that
# would bury the logins. While seeding, emails go to memory and those loggers only speak up
# for errors.
QUIET_LOGGERS = ("celery", "kombu")


@contextlib.contextmanager
def quiet_seeding():
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo programme, areas, partners and users (safe to run again), then print "
        "the logins and the demo voting codes."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        self.stdout.write("Loading the demo data (a few seconds)...")
        with quiet_seeding():
            world = seed_demo(log=lambda line: self.stdout.write(line) if verbose else None)
        site = settings.SITE_URL.rstrip("/")
        rule = "=" * 78
        self.stdout.write("")
        self.stdout.write(rule)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready at {site}/. Sign in with:"))
        width = max(len(label) for label, _e, _p in world.logins)
        email_width = max(len(email) for _l, email, _p in world.logins)
        for label, email, password in world.logins:
            self.stdout.write(f"  {label:<{width}}  {email:<{email_width}}  password: {password}")
        for note in world.notes:
            self.stdout.write("")
            self.stdout.write(note.replace("{site}", site))
        self.stdout.write(rule)
