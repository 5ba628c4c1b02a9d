"""The steps of the bid form and what a complete bid needs, shared by forms, views and
``bid_submit``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Bid


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: Promise
    fields: tuple[str, ...]


STEPS = (
    Step(
        1,
        "group",
        _("Your group"),
        (
            "group_name",
            "group_type",
            "group_constituted",
            "charity_number",
            "company_number",
            "group_address",
            "contact_name",
            "contact_email",
            "contact_phone",
        ),
    ),
    Step(
        2,
        "idea",
        _("Your idea"),
        (
            "title",
            "summary",
            "description",
            "beneficiaries",
            "beneficiaries_count",
            "location",
            "postcode",
        ),
    ),
    Step(
        3, "money", _("Money"), ("amount_requested_pence", "match_funding_pence", "in_kind_support")
    ),
    Step(
        4,
        "priorities",
        _("Priorities and safeguarding"),
        (
            "works_with_children",
            "works_with_adults_at_risk",
            "dbs_checks",
            "has_safeguarding_policy",
        ),
    ),
    Step(5, "files", _("Photos and documents"), ()),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}

#: Fields holding people's text: HTML is refused in all of them.
TEXT_FIELDS = frozenset(
    {
        "group_name",
        "charity_number",
        "company_number",
        "group_address",
        "contact_name",
        "contact_phone",
        "title",
        "summary",
        "description",
        "beneficiaries",
        "location",
        "postcode",
        "in_kind_support",
    }
)

_REQUIRED = (
    ("group", "group_name", _("Give your group's name.")),
    ("group", "group_type", _("Say what type of group you are.")),
    ("group", "group_constituted", _("Say whether your group has a constitution.")),
    ("group", "contact_name", _("Give a contact name.")),
    ("group", "contact_email", _("Give a contact email address.")),
    ("idea", "title", _("Give your bid a title.")),
    ("idea", "summary", _("Write a short summary.")),
    ("idea", "description", _("Say what the project will do.")),
    ("idea", "beneficiaries", _("Say who will benefit.")),
    ("idea", "beneficiaries_count", _("Say how many people will benefit.")),
    ("idea", "location", _("Say where the project will happen.")),
    ("idea", "postcode", _("Give the postcode where the project will happen.")),
    ("money", "amount_requested_pence", _("Say how much you are asking for.")),
    ("priorities", "works_with_children", _("Say whether the project works with children.")),
    (
        "priorities",
        "works_with_adults_at_risk",
        _("Say whether the project works with adults at risk."),
    ),
)


def missing_answers(bid: Bid) -> list[tuple[str, str]]:
    """(step slug, message) for every answer a complete bid needs and this one lacks."""
    missing = [
        (step, str(message))
        for step, field, message in _REQUIRED
        if getattr(bid, field) in (None, "")
    ]
    lines = list(bid.cost_lines.all())
    if not lines:
        missing.append(("money", str(_("Add at least one line to the cost breakdown."))))
    elif (
        bid.amount_requested_pence
        and sum(x.amount_pence for x in lines) != bid.amount_requested_pence
    ):
        from .money import format_pence

        missing.append(
            (
                "money",
                str(
                    _("The cost breakdown adds up to %(total)s but you are asking for %(amount)s.")
                    % {
                        "total": format_pence(sum(x.amount_pence for x in lines)),
                        "amount": format_pence(bid.amount_requested_pence),
                    }
                ),
            )
        )
    if bid.round.priorities.exists() and not bid.priorities.exists():
        missing.append(("priorities", str(_("Choose at least one priority your bid addresses."))))
    if bid.works_with_children or bid.works_with_adults_at_risk:
        if not bid.dbs_checks:
            missing.append(("priorities", str(_("Say who has a DBS check."))))
        if bid.has_safeguarding_policy is None:
            missing.append(
                ("priorities", str(_("Say whether your group has a safeguarding policy.")))
            )
    return missing
