# Apart from 0004, so no trigger events of the rows it inserted are pending when a table is
# altered (PostgreSQL refuses to alter a table that has some).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0004_update_due_emails"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="project",
            name="reminder_sent_for",
        ),
    ]
