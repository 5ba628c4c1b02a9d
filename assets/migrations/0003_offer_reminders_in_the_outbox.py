"""Offer reminders become outbox rows (status, attempts, a visible failure reason).

Every reminder stored so far was written in the same transaction as its email, so all were
sent; their key is ``expiry-<date>`` like the ones queued from now on. The unique constraint
moves to (offer, key) in the next migration, apart from these row updates.
"""

import django.utils.timezone
from django.db import migrations, models
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
        ("assets", "0002_search_index_and_taxonomy"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="offerreminder",
            options={
                "ordering": ["-created"],
                "verbose_name": "offer reminder",
                "verbose_name_plural": "offer reminders",
            },
        ),
        migrations.RemoveConstraint(
            model_name="offerreminder",
            name="asset_reminder_once_per_expiry",
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="created",
            field=models.DateTimeField(
                auto_now_add=True,
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="created",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="error",
            field=models.TextField(blank=True, verbose_name="reason it failed"),
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="key",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="modified",
            field=models.DateTimeField(auto_now=True, verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="offerreminder",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to send"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("skipped", "Not sent (no email address)"),
                ],
                default="pending",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="offerreminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.RunPython(fill_outbox_fields, migrations.RunPython.noop),
    ]
