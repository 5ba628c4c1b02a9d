"""Template tags other apps' pages use to show café things without importing the cafés app:
the dashboard's safeguarding banner and "Your table", links to published café summaries, and
the tables a host hosts on the People pages."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("cafes/includes/safeguarding_banner.html", takes_context=True)
def safeguarding_banner(context):
    user = context["request"].user
    return {"flags": list(selectors.open_flags_for(user=user))}


@register.inclusion_tag("cafes/includes/summary_links.html")
def cafe_summary_links(*, event=None, area=None, programme=None):
    return {
        "cafes": list(selectors.published_summaries(event=event, area=area, programme=programme))
    }


@register.filter
def question_text(question) -> str:
    """A café question in the language of the page when it has a translation, else English."""
    from django.utils.translation import get_language

    return question.text_in(get_language())


@register.inclusion_tag("cafes/includes/your_tables.html", takes_context=True)
def your_tables(context):
    """On the host's dashboard: a "Your table" link for each café still to come or running."""
    from django.utils import timezone

    user = context["request"].user
    return {"hosted": list(selectors.host_tables_of(user=user, now=timezone.now()))}


@register.inclusion_tag("cafes/includes/host_tables.html")
def host_tables_for(user, programme=None):
    """On the People pages: the café tables a host has hosted or will host."""
    return {"hosted": list(selectors.host_tables_of(user=user, programme=programme))}
