from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CafesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cafes"
    verbose_name = _("World Cafés")

    def ready(self) -> None:
        from engagement.pdf import register_document_kind

        from . import privacy
        from .pdf import HOST_PACK_KIND

        register_document_kind(HOST_PACK_KIND)
        privacy.register()
