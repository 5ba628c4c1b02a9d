from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds created/modified times (aware) to every concrete model that needs them."""

    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class HttpsURLField(models.URLField):
    """A URLField whose form field assumes https:// when the scheme is left out (Django 6's
    default), so forms behave the same before and after the upgrade."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
