"""The safeguarding rule, written once.

A project that works with children or adults at risk must have a safeguarding policy and say
who holds DBS checks. The group's check page, the live check, ``bid_submit``, the reviewer's
eligibility box, the review queue's filter and the round's public rules all read it from here,
so what the public is told and what is enforced can never differ.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DBSChecks

#: Answers that say who holds DBS checks. "Nobody yet" and "not needed" do not, for a project
#: working with children or adults at risk.
DBS_NAMED = (DBSChecks.ALL, DBSChecks.SOME)

#: The rule as the public reads it on the round's page.
PUBLIC_RULE = gettext_lazy(
    "If your project works with children or adults at risk, your group must have a "
    "safeguarding policy and say who holds DBS checks. Without both, the bid cannot be sent."
)


def needs_safeguarding(
    *, works_with_children: bool | None, works_with_adults_at_risk: bool | None
) -> bool:
    return bool(works_with_children) or bool(works_with_adults_at_risk)


def safeguarding_messages(
    *,
    works_with_children: bool | None,
    works_with_adults_at_risk: bool | None,
    dbs_checks: str,
    has_safeguarding_policy: bool | None,
) -> list[tuple[str, str, str]]:
    """(code, field, message) for each part of the rule the answers break. Only answers given
    are judged, so it can run while the form is half filled."""
    if not needs_safeguarding(
        works_with_children=works_with_children,
        works_with_adults_at_risk=works_with_adults_at_risk,
    ):
        return []
    who = _("children") if works_with_children else _("adults at risk")
    out = []
    if has_safeguarding_policy is False:
        out.append(
            (
                "safeguarding_policy",
                "has_safeguarding_policy",
                _(
                    "Your project works with %(who)s, so your group needs a safeguarding policy "
                    "before the bid can be sent. The coordinator can help you write one."
                )
                % {"who": who},
            )
        )
    if dbs_checks and dbs_checks not in DBS_NAMED:
        out.append(
            (
                "safeguarding_dbs",
                "dbs_checks",
                _(
                    "Your project works with %(who)s, so say who holds DBS checks: at least the "
                    "people who will work with them need one."
                )
                % {"who": who},
            )
        )
    return out


def not_safe_q() -> Q:
    """Bids that break the rule, for the review queue's filter: the same rule as
    :func:`safeguarding_messages` on saved answers (an unanswered policy or DBS question also
    counts, since a sent bid has answered them)."""
    at_risk = Q(works_with_children=True) | Q(works_with_adults_at_risk=True)
    return at_risk & (~Q(has_safeguarding_policy=True) | ~Q(dbs_checks__in=DBS_NAMED))
