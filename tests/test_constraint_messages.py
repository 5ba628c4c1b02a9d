"""No database rule ever speaks in its own name: every CheckConstraint in the product carries
a message in words (translated), so a refusal never reads ``Constraint "…" is violated``."""

from django.apps import apps
from django.db.models import CheckConstraint

FIRST_PARTY = {"engagement", "cafes", "budgeting", "voting", "assets", "reports"}


def test_every_check_constraint_has_a_message_in_words():
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in FIRST_PARTY
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint)
        and constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert missing == []


def test_the_messages_name_no_constraint():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if model._meta.app_label in FIRST_PARTY and isinstance(constraint, CheckConstraint):
                text = str(constraint.violation_error_message)
                assert "Constraint" not in text and constraint.name not in text
