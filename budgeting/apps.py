from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgeting"
    verbose_name = _("Community bids")

    def ready(self) -> None:
        from engagement.pdf import register_document_kind

        from . import privacy
        from .pdf import GRANT_LETTER_KIND

        register_document_kind(GRANT_LETTER_KIND)
        privacy.register()
