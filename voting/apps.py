from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    """PB votes at events: codes, ballots, paper entry, the count and the results."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "voting"
    verbose_name = _("PB voting")

    def ready(self) -> None:
        from budgeting.round_votes import register_round_vote_provider

        from . import privacy, rules  # noqa: F401 - rules registers the permissions
        from .round_links import round_vote_links_for
        from .services.cards import register_code_cards

        register_code_cards()
        register_round_vote_provider(round_vote_links_for)
        privacy.register()
