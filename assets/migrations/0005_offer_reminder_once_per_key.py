# After 0004 filled in the keys, in a transaction of its own (see 0003).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0004_offer_reminders_mark_sent"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="offerreminder",
            constraint=models.UniqueConstraint(
                fields=("offer", "key"), name="asset_reminder_once_per_expiry"
            ),
        ),
    ]
