from django.db import transaction

from ..models import User
from ..privacy import erasers, exporters
from .audit import audit_log


def user_export(*, user: User) -> dict:
    """Everything we hold about ``user``, one section per app, ready to serialise as JSON."""
    return {name: export(user) for name, export in sorted(exporters().items())}


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase the person's data in every app, then the account. Aggregate counts survive (apps
    anonymise rather than delete rows that feed published figures). Logged without the email."""
    for _name, erase in sorted(erasers().items()):
        erase(user)
    audit_log(actor=None, action="user.erase", data={"user_id": user.pk})
    user.delete()
