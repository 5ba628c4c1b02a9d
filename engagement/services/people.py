from django.db import transaction

from ..models import User
from ..privacy import erasers, exporters
from .audit import audit_log

#: The account erased staff's records of work are moved to (see :func:`erased_staff_stand_in`).
STAND_IN_EMAIL = "erased-account@commonground.invalid"


def user_export(*, user: User) -> dict:
    """Everything we hold about ``user``, one section per app, ready to serialise as JSON."""
    return {name: export(user) for name, export in sorted(exporters().items())}


def erased_staff_stand_in() -> User:
    """The one inactive account, with no password, no role and no name, that records of work
    done by people who have since erased their account point to (a paper ballot keyed, an
    override of the count, a conflict of interest declared): the record stays, the person goes.
    """
    user, created = User.objects.get_or_create(
        email=STAND_IN_EMAIL, defaults={"is_active": False, "name": ""}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase the person's data in every app, then the account. Aggregate counts survive (apps
    anonymise rather than delete rows that feed published figures). Logged without the email."""
    for _name, erase in sorted(erasers().items()):
        erase(user)
    audit_log(actor=None, action="user.erase", data={"user_id": user.pk})
    user.delete()
