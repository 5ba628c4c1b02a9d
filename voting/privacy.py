"""Personal data in voting: only staff's records of work (paper ballots keyed, proposals to
confirm or change the count and decisions on them). Ballots hold nobody's data. On erasure
those records stay, for the count's audit trail, but point to the erased-account stand-in
instead of the person."""

from __future__ import annotations

from django.db.models import Q

from engagement.privacy import register_personal_data
from engagement.services.people import erased_staff_stand_in

from .models import PaperEntry, ResultProposal


def export(user) -> dict:
    return {
        "paper_ballots_keyed": PaperEntry.objects.filter(entered_by=user).count(),
        "result_proposals": [
            {
                "vote": p.vote_id,
                "kind": p.kind,
                "reason": p.reason,
                "proposed": p.created.isoformat(),
                "proposed_by_you": p.made_by_id == user.pk,
                "decided_by_you": p.decided_by_id == user.pk,
            }
            for p in ResultProposal.objects.filter(Q(made_by=user) | Q(decided_by=user))
        ],
    }


def erase(user) -> None:
    entries = PaperEntry.objects.filter(entered_by=user)
    proposed = ResultProposal.objects.filter(made_by=user)
    decided = ResultProposal.objects.filter(decided_by=user)
    if entries.exists() or proposed.exists() or decided.exists():
        stand_in = erased_staff_stand_in()
        entries.update(entered_by=stand_in)
        proposed.update(made_by=stand_in)
        decided.update(decided_by=stand_in)


def register() -> None:
    register_personal_data("voting_staff", export=export, erase=erase)
