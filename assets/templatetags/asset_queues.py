"""Counts of waiting work for the dashboard, read through the assets selectors."""

from django import template

from ..selectors import safeguarding_queue

register = template.Library()


@register.simple_tag
def safeguarding_waiting(user) -> int:
    """How many offers in the user's coordinated areas wait for a safeguarding check."""
    return safeguarding_queue(user=user).count()
