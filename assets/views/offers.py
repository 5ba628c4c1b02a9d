"""Offer pages: the directory (list and map), the fast offer form, detail, editing, the
safeguarding check and the re-confirmation link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from engagement.models import Area
from engagement.views.mixins import ScopedPermissionMixin, ServiceFormMixin

from ..forms import (
    OfferForm,
    OfferSearchForm,
    OrganisationCheckForm,
    SafeguardingCheckForm,
)
from ..mapping import map_clusters
from ..models import Offer
from ..selectors import offer_get, offer_list, recording_areas, searchable_areas
from ..services import (
    offer_create,
    offer_organisation_check,
    offer_pause,
    offer_safeguarding_check,
    offer_update,
    offer_view_record,
    offer_withdraw,
)
from ..services.viewing import VIA_LIST, VIA_MAP, offers_view_record
from .recording import CorrectionWindowMixin, RecordingCreateMixin

MAP_POINT_LIMIT = 500


class OfferListView(ListView):
    """The directory: search and filters in a GET form, results ranked, works without JS."""

    template_name = "assets/offer_list.html"
    context_object_name = "offers"
    paginate_by = 20
    audit_via = VIA_LIST

    @cached_property
    def search_form(self) -> OfferSearchForm:
        return OfferSearchForm(
            self.request.GET or None, areas=searchable_areas(user=self.request.user)
        )

    def get_queryset(self):
        return offer_list(user=self.request.user, filters=self.search_form.to_filters())

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Names and postcodes of individuals are on this page: the same audit row as their page.
        offers_view_record(actor=request.user, offers=self.shown_offers, via=self.audit_via)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.shown_offers = list(context["object_list"])
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            form=self.search_form,
            querystring=params.urlencode(),
            filters=self.search_form.to_filters(),
            today=timezone.localdate(),
        )
        return context


class OfferMapView(OfferListView):
    """The same results on a Leaflet map (static files from django-leaflet); without JavaScript
    the page is the list with a note."""

    template_name = "assets/offer_map.html"
    audit_via = VIA_MAP

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on_map = list(self.object_list.filter(latitude__isnull=False)[:MAP_POINT_LIMIT])
        self.shown_offers += on_map
        context.update(
            map_points=map_clusters(on_map),
            map_config={
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        )
        return context


class OfferFormMixin:
    """Areas and programme for the offer form: staff record in their areas, residents offer in
    any published area."""

    def form_areas(self):
        user = self.request.user
        if self.request.user.has_perm("assets.record_offer_anywhere"):
            return recording_areas(user=user)
        return searchable_areas(user=user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["areas"] = self.form_areas()
        return kwargs


class OfferCreateView(
    LoginRequiredMixin,
    ScopedPermissionMixin,
    RecordingCreateMixin,
    OfferFormMixin,
    ServiceFormMixin,
    FormView,
):
    form_class = OfferForm
    template_name = "assets/offer_form.html"
    permission_required = "assets.add_offer"
    success_message = _("Thank you: the offer is saved.")

    def get_initial(self):
        user = self.request.user
        initial = {**super().get_initial(), "area": self.request.GET.get("area")}
        if not user.has_perm("assets.record_offer_anywhere"):
            initial.update(
                offerer_kind="individual", offerer_name=user.name, contact_email=user.email
            )
        return initial

    def perform(self, form):
        user = self.request.user
        data = form.service_kwargs()
        area = data.pop("area")
        recording = user.has_perm("assets.record_offer", area)
        own = not recording or data.get("contact_email", "").lower() == user.email
        return offer_create(actor=user, area=area, offered_by=user if own else None, **data)


class OfferObjectMixin:
    """Loads the offer by uuid among those the user may see; anonymous users are asked to sign
    in rather than told it does not exist."""

    @cached_property
    def offer(self) -> Offer:
        try:
            return offer_get(user=self.request.user, uuid=self.kwargs["uuid"])
        except (Offer.DoesNotExist, ValidationError):
            raise Http404 from None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            exists = Offer.objects.filter(uuid=kwargs["uuid"]).public().exists()
            if not exists:
                return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.offer


class OfferDetailView(OfferObjectMixin, TemplateView):
    template_name = "assets/offer_detail.html"

    def get(self, request, *args, **kwargs):
        offer_view_record(actor=request.user, offer=self.offer)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer=self.offer,
            matches=self.offer.matches.select_related("need"),
            **kwargs,
        )


class OfferUpdateView(
    OfferObjectMixin,
    CorrectionWindowMixin,
    ScopedPermissionMixin,
    OfferFormMixin,
    ServiceFormMixin,
    FormView,
):
    form_class = OfferForm
    template_name = "assets/offer_form.html"
    permission_required = "assets.change_offer"
    success_message = _("Offer saved.")

    def form_areas(self):
        return super().form_areas() | Area.objects.filter(pk=self.offer.area_id)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.offer, programme=self.offer.area.programme)
        return kwargs

    def perform(self, form):
        data = form.service_kwargs()
        return offer_update(actor=self.request.user, offer=self.offer, **data)

    def get_success_url(self):
        return self.offer.get_absolute_url()


class OfferWithdrawView(OfferObjectMixin, ScopedPermissionMixin, View):
    permission_required = "assets.withdraw_offer"

    def post(self, request, *args, **kwargs):
        offer_withdraw(actor=request.user, offer=self.offer)
        messages.success(request, _("The offer is withdrawn and no longer listed."))
        return HttpResponseRedirect(self.offer.get_absolute_url())


class OfferSafeguardingView(OfferObjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    form_class = SafeguardingCheckForm
    template_name = "assets/offer_safeguarding.html"
    permission_required = "assets.check_safeguarding"
    success_message = _("Safeguarding check recorded.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def perform(self, form):
        return offer_safeguarding_check(
            actor=self.request.user,
            offer=self.offer,
            cleared=form.cleaned_data["outcome"] == "cleared",
            note=form.cleaned_data["note"],
        )

    def get_success_url(self):
        return self.offer.get_absolute_url()


class OfferOrganisationCheckView(
    OfferObjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    form_class = OrganisationCheckForm
    template_name = "assets/offer_organisation_check.html"
    permission_required = "assets.check_organisation"
    success_message = _("Organisation checked: the offer is published.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def perform(self, form):
        return offer_organisation_check(
            actor=self.request.user, offer=self.offer, **form.cleaned_data
        )

    def get_success_url(self):
        return self.offer.get_absolute_url()


class OfferPauseView(OfferObjectMixin, ScopedPermissionMixin, View):
    permission_required = "assets.withdraw_offer"

    def post(self, request, *args, **kwargs):
        paused = request.POST.get("paused") == "yes"
        try:
            offer_pause(actor=request.user, offer=self.offer, paused=paused)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("The offer is paused: nobody else sees it until you resume it.")
                if paused
                else _("The offer is listed again."),
            )
        if request.POST.get("back") == "mine":
            return HttpResponseRedirect(reverse("assets:my_offers"))
        return HttpResponseRedirect(self.offer.get_absolute_url())
