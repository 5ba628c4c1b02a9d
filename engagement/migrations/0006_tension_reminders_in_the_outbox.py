"""Tension review reminders become outbox rows (status, attempts, a visible failure reason).

Every reminder stored so far was written in the same transaction as its email, so a row with a
``sent_at`` was sent; its key is ``review-<date>`` like the ones queued from now on. The unique
constraint moves to (assessment, key) in the next migration, apart from these row updates.
"""

import django.utils.timezone
from django.db import migrations, models
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
        ("engagement", "0005_registration_language"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="tensionreviewreminder",
            options={
                "ordering": ["-created"],
                "verbose_name": "tension review reminder",
                "verbose_name_plural": "tension review reminders",
            },
        ),
        migrations.RemoveConstraint(
            model_name="tensionreviewreminder",
            name="tension_reminder_once",
        ),
        migrations.AddField(
            model_name="tensionreviewreminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="tensionreviewreminder",
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
            model_name="tensionreviewreminder",
            name="error",
            field=models.TextField(blank=True, verbose_name="reason it failed"),
        ),
        migrations.AddField(
            model_name="tensionreviewreminder",
            name="key",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tensionreviewreminder",
            name="modified",
            field=models.DateTimeField(auto_now=True, verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="tensionreviewreminder",
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
            model_name="tensionreviewreminder",
            name="review_on",
            field=models.DateField(verbose_name="review due on"),
        ),
        migrations.AlterField(
            model_name="tensionreviewreminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.RunPython(fill_outbox_fields, migrations.RunPython.noop),
    ]
