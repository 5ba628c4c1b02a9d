import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ..services import user_erase, user_export


class MyDataView(LoginRequiredMixin, TemplateView):
    template_name = "engagement/my_data.html"


class MyDataDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        body = json.dumps(user_export(user=request.user), indent=2, default=str)
        response = HttpResponse(body, content_type="application/json")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
        return response


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand my account and personal details will be erased for good."),
        required=True,
    )


class MyDataEraseView(LoginRequiredMixin, FormView):
    template_name = "engagement/my_data_erase.html"
    form_class = EraseConfirmForm

    def form_valid(self, form):
        user = self.request.user
        user_erase(user=user)  # first: if it fails, the person is still signed in to try again
        logout(self.request)
        messages.success(self.request, _("Your account and personal details have been erased."))
        return redirect("home")
