# Apart from 0003, so no trigger events of the rows it updated are pending when the table is
# altered (PostgreSQL refuses to alter a table that has some).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0003_offer_reminders_in_the_outbox"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="offerreminder",
            constraint=models.UniqueConstraint(
                fields=("offer", "key"), name="asset_reminder_once_per_expiry"
            ),
        ),
    ]
