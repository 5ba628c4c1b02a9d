"""Offer reminders become outbox rows (status, attempts, a visible failure reason).

The rows are filled in by 0004 and the unique constraint moves to (offer, key) in 0005: each
step in its own transaction, because PostgreSQL refuses to index or constrain a table whose
updated rows still have trigger events pending.
"""


import django.utils.timezone
from django.db import migrations, models


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
    ]
