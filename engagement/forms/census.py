"""The Census table upload and the confirmation that carries the checked file back."""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from ..census import MAX_BYTES
from .base import CrispyForm


class CensusUploadForm(CrispyForm):
    submit_label = _("Check the file")

    file = forms.FileField(
        label=_("ONS Census 2021 table (CSV)"),
        help_text=_(
            "The CSV file from the ONS custom dataset service, unchanged. Nothing is saved "
            "until you have seen what it would load and confirmed."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Download the table for your area only.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def data_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


class CensusConfirmForm(forms.Form):
    """The checked file, sent back as it was so the import reads exactly what was previewed
    (the service reads and checks it again). Hidden: the person confirms with one button."""

    data = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    @classmethod
    def for_file(cls, *, data: bytes, file_name: str) -> CensusConfirmForm:
        encoded = base64.b64encode(data).decode("ascii")
        return cls(initial={"data": encoded, "file_name": file_name[:200]})

    def clean_data(self) -> bytes:
        try:
            data = base64.b64decode(self.cleaned_data["data"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(
                _("The file could not be read back. Upload it again.")
            ) from None
        if len(data) > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large. Upload it again."))
        return data
