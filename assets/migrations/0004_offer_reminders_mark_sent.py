"""Every offer reminder stored so far was written in the same transaction as its email, so
all were sent; their key is ``expiry-<date>`` like the ones queued from now on."""

from django.db import migrations
from django.db.models import F


def fill_outbox_fields(apps, schema_editor):
    Reminder = apps.get_model("assets", "OfferReminder")
    for reminder in Reminder.objects.all():
        reminder.key = f"expiry-{reminder.expires_on.isoformat()}"
        reminder.save(update_fields=["key"])
    Reminder.objects.update(
        status="sent", attempts=1, created=F("sent_at"), modified=F("sent_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0003_offer_reminders_in_the_outbox"),
    ]

    operations = [
        migrations.RunPython(fill_outbox_fields, migrations.RunPython.noop),
    ]
