"""Mixins shared by the budgeting views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from engagement.views.mixins import ScopedPermissionMixin

from ..models import Bid, BidRound, Project
from ..selectors import bid_get, round_list


class RoundMixin:
    """The round named by ``slug`` in the URL, if the user may see it at all."""

    @cached_property
    def round(self) -> BidRound:
        try:
            return round_list(user=self.request.user).get(slug=self.kwargs["slug"])
        except BidRound.DoesNotExist:
            raise Http404 from None

    def get_permission_object(self):
        return self.round

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)


class BidMixin:
    @cached_property
    def bid(self) -> Bid:
        try:
            return bid_get(pk=self.kwargs["pk"])
        except Bid.DoesNotExist:
            raise Http404 from None

    def get_permission_object(self):
        return self.bid

    def get_context_data(self, **kwargs):
        return super().get_context_data(bid=self.bid, round=self.bid.round, **kwargs)


class ProjectMixin:
    @cached_property
    def project(self) -> Project:
        return get_object_or_404(
            Project.objects.select_related("bid__round__area__programme", "award"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.project

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, bid=self.project.bid, **kwargs)


class ActionMixin(ScopedPermissionMixin):
    """A POST that calls one service: ``perform(form)`` → message → redirect; a domain error
    becomes a message (or a form error when the page re-renders with the form)."""

    success_message = ""

    def run(self, call, *, error_redirect: str):
        try:
            result = call()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(error_redirect)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return result
