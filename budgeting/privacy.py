"""What the budgeting app holds about a person, for export and erasure (engagement.privacy)."""

from __future__ import annotations

from django.db import transaction

from engagement.privacy import register_personal_data

from .models import Bid, BidMessage, MonitoringUpdate


def export(user) -> dict:
    bids = Bid.objects.filter(applicant=user).select_related("round")
    return {
        "bids": [
            {
                "round": bid.round.name,
                "reference": bid.reference,
                "status": bid.status,
                "title": bid.title,
                "group_name": bid.group_name,
                "contact_name": bid.contact_name,
                "contact_email": bid.contact_email,
                "contact_phone": bid.contact_phone,
                "amount_requested_pence": bid.amount_requested_pence,
                "messages": [
                    {"from_group": m.from_group, "body": m.body, "sent": m.created.isoformat()}
                    for m in bid.messages.all()
                    if m.visible_to_group
                ],
            }
            for bid in bids
        ]
    }


@transaction.atomic
def erase(user) -> None:
    """Contact details go; bids, awards and projects stay (they are public records of money
    spent) but are no longer linked to the person. Unsent drafts are deleted, and grant
    letters (which print the contact's name) are discarded, to be made again without it."""
    from engagement.services.documents import documents_discard

    from .models import Project
    from .pdf import GRANT_LETTER

    documents_discard(
        kind=GRANT_LETTER,
        object_ids=Project.objects.filter(bid__applicant=user).values_list("pk", flat=True),
    )
    Bid.objects.filter(applicant=user, status="draft").delete()
    Bid.objects.filter(applicant=user).update(
        applicant=None, contact_name="", contact_email="", contact_phone=""
    )
    BidMessage.objects.filter(author=user).update(author=None)
    MonitoringUpdate.objects.filter(author=user).update(author=None)
    _keep_declared_conflicts(user)


def _keep_declared_conflicts(user) -> None:
    """A reviewer's declared conflicts of interest are part of the record of how bids were
    decided: they stay, pointing to the erased-account stand-in instead of the person (one per
    bid, since the stand-in can hold only one declaration for each)."""
    from engagement.services.people import erased_staff_stand_in

    from .models import ConflictDeclaration

    declared = ConflictDeclaration.objects.filter(reviewer=user)
    if not declared.exists():
        return
    stand_in = erased_staff_stand_in()
    taken = set(
        ConflictDeclaration.objects.filter(reviewer=stand_in).values_list("bid_id", flat=True)
    )
    declared.filter(bid_id__in=taken).delete()
    declared.update(reviewer=stand_in)


def register() -> None:
    register_personal_data("budgeting", export=export, erase=erase)
