"""``{% upcoming_events %}``: the next public events, for the home page and area pages."""

from django import template

from ..selectors.events import event_list

register = template.Library()


@register.inclusion_tag("engagement/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, area=None, limit: int = 3):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"events": list(event_list(user=user, area=area)[:limit]), "area": area}
