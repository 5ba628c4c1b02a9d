"""The chase of an overdue progress update becomes an email to the group in the outbox
(``BidEmail`` of kind ``update_due``), replacing ``Project.reminder_sent_for``.

Each project's last chased due date becomes a sent ``update_due`` email with that key, so the
first sweep after the upgrade does not chase it again. The field goes in the next migration,
apart from these inserts.
"""

from django.db import migrations, models


def chased_dates_to_emails(apps, schema_editor):
    Project = apps.get_model("budgeting", "Project")
    BidEmail = apps.get_model("budgeting", "BidEmail")
    for project in Project.objects.filter(reminder_sent_for__isnull=False):
        due = project.reminder_sent_for
        BidEmail.objects.get_or_create(
            bid_id=project.bid_id,
            key=f"update_due-{due.isoformat()}",
            defaults={
                "kind": "update_due",
                "due_on": due,
                "status": "sent",
                "attempts": 1,
                "sent_at": project.modified,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0003_bid_emails"),
    ]

    operations = [
        migrations.AddField(
            model_name="bidemail",
            name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="progress update due on"),
        ),
        migrations.AlterField(
            model_name="bidemail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("changes_requested", "Changes requested"),
                    ("shortlisted", "Shortlisted"),
                    ("rejected", "Not accepted"),
                    ("funded", "Funded"),
                    ("not_funded", "Not funded"),
                    ("update_due", "Progress update due"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(chased_dates_to_emails, migrations.RunPython.noop),
    ]
