from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Impact reports")

    def ready(self) -> None:
        from engagement.pdf import register_document_kind

        from . import checks, rules  # noqa: F401 - registers the deploy check and permissions
        from .pdf import IMPACT_REPORT_KIND

        register_document_kind(IMPACT_REPORT_KIND)
