"""Every tension review reminder stored so far was written in the same transaction as its
email, so a row with a ``sent_at`` was sent; its key is ``review-<date>`` like the ones queued
from now on."""

from django.db import migrations
from django.db.models import F


def fill_outbox_fields(apps, schema_editor):
    Reminder = apps.get_model("engagement", "TensionReviewReminder")
    for reminder in Reminder.objects.all():
        reminder.key = f"review-{reminder.review_on.isoformat()}"
        reminder.status = "sent" if reminder.sent_at else "pending"
        reminder.attempts = 1 if reminder.sent_at else 0
        reminder.save(update_fields=["key", "status", "attempts"])
    Reminder.objects.filter(sent_at__isnull=False).update(
        created=F("sent_at"), modified=F("sent_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0006_tension_reminders_in_the_outbox"),
    ]

    operations = [
        migrations.RunPython(fill_outbox_fields, migrations.RunPython.noop),
    ]
