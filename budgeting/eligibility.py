"""Eligibility of a bid under its round's rules, with each reason in words.

One function serves the as-you-type check (a JSON endpoint fed by static/budgeting/bid_form.js),
the check page before submitting, and ``bid_submit`` itself, so the three can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import LIVE_STATUSES, Bid, BidRound, GroupType
from .money import format_pence
from .safeguarding import safeguarding_messages

POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}$")


@dataclass(frozen=True)
class Reason:
    code: str
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}


def group_key_for(*, name: str, charity_number: str = "", company_number: str = "") -> str:
    """How we recognise the same group across bids: its registered number when it has one,
    otherwise its name without case, punctuation or a leading "the"."""
    if charity_number.strip():
        return "charity:" + re.sub(r"\W", "", charity_number).upper()
    if company_number.strip():
        return "company:" + re.sub(r"\W", "", company_number).upper()
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return "name:" + slugify(name) if name else ""


def other_live_bids_from_group(
    *,
    round: BidRound,
    group_key: str,
    exclude_pk=None,
    organisation_id: int | None = None,
    applicant=None,
) -> int:
    """Live bids in the round from the same group: the same organisation record (whatever name
    each bid typed), or, for bids without one, the same name or number. With ``applicant``,
    only that person's own (what the as-you-type check may tell them: other people's bids
    under review are private)."""
    same = Q(group_key=group_key) if group_key else Q(pk__in=[])
    if organisation_id is not None:
        same |= Q(organisation_id=organisation_id)
    if not group_key and organisation_id is None:
        return 0
    qs = Bid.objects.filter(same, round=round, status__in=LIVE_STATUSES)
    if applicant is not None:
        qs = qs.filter(applicant=applicant)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def check_eligibility(
    *,
    round: BidRound,
    amount_pence: int | None = None,
    group_type: str = "",
    group_constituted: bool | None = None,
    postcode: str = "",
    other_bids_from_group: int = 0,
    works_with_children: bool | None = None,
    works_with_adults_at_risk: bool | None = None,
    dbs_checks: str = "",
    has_safeguarding_policy: bool | None = None,
) -> list[Reason]:
    """Reasons the given answers break the round's rules (empty when all is well).

    Only answers that have been given are checked, so it can run while the form is half filled.
    """
    reasons: list[Reason] = []
    if amount_pence is not None:
        if amount_pence > round.max_amount_pence:
            reasons.append(
                Reason(
                    "amount_too_high",
                    "amount_requested",
                    _("You can ask for up to %(max)s in this round; you asked for %(amount)s.")
                    % {
                        "max": format_pence(round.max_amount_pence),
                        "amount": format_pence(amount_pence),
                    },
                )
            )
        elif amount_pence < round.min_amount_pence:
            reasons.append(
                Reason(
                    "amount_too_low",
                    "amount_requested",
                    _("The smallest amount you can ask for is %(min)s.")
                    % {"min": format_pence(round.min_amount_pence)},
                )
            )
    if group_type and round.eligible_group_types and group_type not in round.eligible_group_types:
        label = GroupType(group_type).label if group_type in GroupType.values else group_type
        reasons.append(
            Reason(
                "group_type",
                "group_type",
                _("This round is open to %(allowed)s. A %(type)s cannot bid this time.")
                % {
                    "allowed": ", ".join(round.eligible_group_type_labels()),
                    "type": str(label).lower(),
                },
            )
        )
    if round.require_constituted and group_constituted is False:
        reasons.append(
            Reason(
                "not_constituted",
                "group_constituted",
                _(
                    "Only groups with a constitution or set of rules can bid in this round. "
                    "Ask the coordinator about help to write one."
                ),
            )
        )
    if postcode:
        compact = postcode.strip().upper()
        if not POSTCODE_RE.match(compact):
            reasons.append(
                Reason(
                    "postcode_invalid", "postcode", _("Enter a full UK postcode, like PE25 3SA.")
                )
            )
        elif round.require_postcode_in_area and not round.area.covers_postcode(compact):
            reasons.append(
                Reason(
                    "postcode_outside_area",
                    "postcode",
                    _("%(postcode)s is outside %(area)s. The project must take place in %(area)s.")
                    % {"postcode": compact, "area": round.area.name},
                )
            )
    limit = round.max_bids_per_group
    if limit is not None and other_bids_from_group >= limit:
        reasons.append(
            Reason(
                "too_many_bids",
                "group_name",
                ngettext(
                    "Your group already has %(count)s bid in this round, and each group can "
                    "make %(limit)s.",
                    "Your group already has %(count)s bids in this round, and each group can "
                    "make %(limit)s.",
                    other_bids_from_group,
                )
                % {"count": other_bids_from_group, "limit": limit},
            )
        )
    reasons += [
        Reason(code, field, message)
        for code, field, message in safeguarding_messages(
            works_with_children=works_with_children,
            works_with_adults_at_risk=works_with_adults_at_risk,
            dbs_checks=dbs_checks,
            has_safeguarding_policy=has_safeguarding_policy,
        )
    ]
    return reasons


def own_bid_organisation_id(*, user, pk: int | None) -> int | None:
    """The organisation of the person's own bid ``pk``, for the live check."""
    if pk is None:
        return None
    bid = Bid.objects.filter(pk=pk, applicant=user).select_related("organisation").first()
    return _current_organisation_id(bid) if bid is not None else None


def _current_organisation_id(bid: Bid) -> int | None:
    org = bid.organisation
    while org is not None and org.merged_into_id is not None:
        org = org.merged_into
    return org.pk if org is not None else None


def bid_eligibility(bid: Bid) -> list[Reason]:
    """The round's rules applied to a saved bid."""
    return check_eligibility(
        round=bid.round,
        amount_pence=bid.amount_requested_pence,
        group_type=bid.group_type,
        group_constituted=bid.group_constituted,
        postcode=bid.postcode,
        other_bids_from_group=other_live_bids_from_group(
            round=bid.round,
            group_key=bid.group_key,
            exclude_pk=bid.pk,
            organisation_id=_current_organisation_id(bid),
        ),
        works_with_children=bid.works_with_children,
        works_with_adults_at_risk=bid.works_with_adults_at_risk,
        dbs_checks=bid.dbs_checks,
        has_safeguarding_policy=bid.has_safeguarding_policy,
    )
