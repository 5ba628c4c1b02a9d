from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = _("Asset offers")

    def ready(self) -> None:
        from . import privacy  # noqa: F401 - registers personal data export and erase
