from django.core.management.base import BaseCommand

from engagement.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo programme, areas, partners and users (safe to run again)."

    def handle(self, *args, **options):
        world = seed_demo(log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        width = max(len(label) for label, _e, _p in world.logins)
        for label, email, password in world.logins:
            self.stdout.write(f"  {label:<{width}}  {email:<44}  password: {password}")
        for note in world.notes:
            self.stdout.write(note)
