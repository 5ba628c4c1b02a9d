"""Keeping an offer listed: the one-click re-confirmation page (no sign-in: the signed link
is the key) and the coordinator's "send a fresh link" button on the offer page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from engagement.phones import uk_phone_display
from engagement.views.mixins import ScopedPermissionMixin

from ..forms import OfferConfirmForm
from ..models import Offer, OfferReminder
from ..services import (
    offer_confirm,
    offer_from_token,
    offer_link_send,
    offer_next_reminder_on,
    offer_withdraw,
    renewal_outlook,
)
from ..services.renewal import consent_extension, reminder_channel
from .offers import OfferObjectMixin


def renewal_context(offer: Offer) -> dict:
    today = timezone.localdate()
    return {
        "offer": offer,
        "outlook": renewal_outlook(offer, today=today),
        "consent_extension": consent_extension(today),
        "next_reminder_on": offer_next_reminder_on(offer, today=today),
        "reminder_by_text": reminder_channel(offer) == OfferReminder.Channel.TEXT,
    }


class OfferConfirmView(View):
    """The link in the reminder: GET shows what "keep it listed" gives and why it may give
    less, with the buttons; only POST changes anything (mail scanners follow links)."""

    template_name = "assets/offer_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.offer = offer_from_token(kwargs["token"])
        except ValidationError as exc:
            return render(
                request, "assets/offer_confirm_bad.html", {"reason": exc.messages[0]}, status=400
            )
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, status=200):
        context = {**renewal_context(self.offer), "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page(OfferConfirmForm(offer=self.offer))

    def post(self, request, *args, **kwargs):
        actor = request.user if request.user.is_authenticated else None
        if "withdraw" in request.POST:
            offer_withdraw(actor=actor, offer=self.offer)
            return render(
                request, "assets/offer_confirm_done.html", {"offer": self.offer, "withdrawn": True}
            )
        form = OfferConfirmForm(request.POST, offer=self.offer)
        if form.is_valid():
            try:
                offer = offer_confirm(
                    actor=actor,
                    offer=self.offer,
                    consent_until=form.cleaned_data.get("consent_until"),
                    extend_consent="extend_consent" in request.POST,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                context = {**renewal_context(offer), "token": kwargs["token"]}
                return render(request, "assets/offer_confirm_done.html", context)
        return self.page(form, status=400)


class OfferSendLinkView(OfferObjectMixin, ScopedPermissionMixin, View):
    """A coordinator sends the offerer a fresh re-confirmation link (by email or text)."""

    permission_required = "assets.send_offer_link"

    def post(self, request, *args, **kwargs):
        try:
            reminder = offer_link_send(actor=request.user, offer=self.offer)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if reminder.channel == OfferReminder.Channel.TEXT:
                words = _("A fresh link is on its way by text message to %(to)s.") % {
                    "to": uk_phone_display(self.offer.contact_phone)
                }
            else:
                words = _("A fresh link is on its way by email to %(to)s.") % {
                    "to": self.offer.contact_email
                    or (self.offer.offered_by.email if self.offer.offered_by else "")
                }
            messages.success(request, words)
        return HttpResponseRedirect(self.offer.get_absolute_url())
