# Apart from 0006, so no trigger events of the rows it updated are pending when the table is
# altered (PostgreSQL refuses to alter a table that has some).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0006_tension_reminders_in_the_outbox"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="tensionreviewreminder",
            constraint=models.UniqueConstraint(
                fields=("assessment", "key"), name="tension_reminder_once"
            ),
        ),
    ]
