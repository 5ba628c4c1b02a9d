"""Mixins shared by the budgeting views."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

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
