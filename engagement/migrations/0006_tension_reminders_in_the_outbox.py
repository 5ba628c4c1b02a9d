"""Tension review reminders become outbox rows (status, attempts, a visible failure reason).

The rows are filled in by 0007 and the unique constraint moves to (assessment, key) in 0008:
each step in its own transaction, because PostgreSQL refuses to index or constrain a table
whose updated rows still have trigger events pending.
"""


import django.utils.timezone
from django.db import migrations, models


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
    ]
