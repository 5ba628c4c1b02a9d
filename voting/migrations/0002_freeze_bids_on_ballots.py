"""Votes set up before bids could be frozen: freeze the shortlisted bids on their ballots, as
``vote_create`` now does, so none of them can be withdrawn or turned down any more."""

from django.db import migrations
from django.utils import timezone


def freeze(apps, schema_editor):
    Bid = apps.get_model("budgeting", "Bid")
    Bid.objects.filter(
        vote_options__isnull=False, status="shortlisted", frozen_for_vote_at__isnull=True
    ).update(frozen_for_vote_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0001_move_votes_to_voting"),
        ("budgeting", "0007_bid_frozen_for_vote_at"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
