from django.apps import AppConfig


class EngagementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "engagement"

    def ready(self) -> None:
        from .languages import construct_in_source_language
        from .privacy import register_personal_data
        from .services.retention import registrations_erase, registrations_export

        register_personal_data(
            "event_registrations", export=registrations_export, erase=registrations_erase
        )
        construct_in_source_language()
