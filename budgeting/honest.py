"""What to tell the group, in words, when it tries something its bid no longer allows, instead
of a bare "You cannot see this page"."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Bid, BidStatus, Phase


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def bid_state_message(bid: Bid) -> str:
    """Why the group can no longer change (or withdraw) this bid; empty when it still can."""
    if bid.status == BidStatus.FUNDED:
        return _(
            "This bid has been funded, so it can no longer be changed or withdrawn. To hand "
            "the money back, or if the project cannot go ahead, send the coordinators a "
            "message from this page or the funded project's page; they will arrange it."
        )
    if bid.status == BidStatus.DRAFT and bid.round.phase_at() != Phase.SUBMISSION:
        if timezone.now() >= bid.round.submission_closes:
            return _("Bids closed on %(date)s; this draft was not sent.") % {
                "date": _when(bid.round.submission_closes)
            }
        return _("This round is not taking bids yet.")
    if bid.status in (BidStatus.WITHDRAWN,):
        return _("This bid was withdrawn, so it can no longer be changed.")
    if bid.status == BidStatus.REJECTED:
        return _("This bid was not accepted, so it can no longer be changed.")
    if bid.submitted_at is not None and bid.status not in (BidStatus.CHANGES_REQUESTED,):
        return _(
            "This bid was sent on %(date)s, so it can no longer be changed. To add something, "
            "send the coordinators a message below."
        ) % {"date": _when(bid.submitted_at)}
    return ""


class HonestRefusalMixin:
    """For the group's own bid: a refusal becomes a redirect to the bid's page with the reason
    in words. Anyone else still gets the usual refusal."""

    def handle_no_permission(self):
        from django.contrib import messages
        from django.http import HttpResponseRedirect

        bid = self.get_permission_object()
        bid = getattr(bid, "bid", bid)
        user = self.request.user
        if user.is_authenticated and isinstance(bid, Bid) and bid.applicant_id == user.pk:
            text = bid_state_message(bid)
            if text:
                messages.warning(self.request, text)
                return HttpResponseRedirect(bid.get_absolute_url())
        return super().handle_no_permission()
