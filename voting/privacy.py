"""Personal data in voting: only staff's records of work (paper ballots keyed, overrides of
the count). Ballots hold nobody's data. On erasure those records stay, for the count's audit
trail, but point to the erased-account stand-in instead of the person."""

from __future__ import annotations

from engagement.privacy import register_personal_data
from engagement.services.people import erased_staff_stand_in

from .models import PaperEntry, ResultOverride


def export(user) -> dict:
    return {
        "paper_ballots_keyed": PaperEntry.objects.filter(entered_by=user).count(),
        "result_overrides": [
            {"vote": o.vote_id, "reason": o.reason, "made": o.created.isoformat()}
            for o in ResultOverride.objects.filter(made_by=user)
        ],
    }


def erase(user) -> None:
    entries = PaperEntry.objects.filter(entered_by=user)
    overrides = ResultOverride.objects.filter(made_by=user)
    if entries.exists() or overrides.exists():
        stand_in = erased_staff_stand_in()
        entries.update(entered_by=stand_in)
        overrides.update(made_by=stand_in)


def register() -> None:
    register_personal_data("voting_staff", export=export, erase=erase)
