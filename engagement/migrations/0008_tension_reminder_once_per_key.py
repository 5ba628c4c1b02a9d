# After 0007 filled in the keys, in a transaction of its own (see 0006).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0007_tension_reminders_mark_sent"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="tensionreviewreminder",
            constraint=models.UniqueConstraint(
                fields=("assessment", "key"), name="tension_reminder_once"
            ),
        ),
    ]
