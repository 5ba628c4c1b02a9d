"""``{{ offer|correction_ends }}``: when the recorder's day to correct an offer ends."""

from django import template

from ..recording import correction_ends_at

register = template.Library()


@register.filter
def correction_ends(offer):
    return correction_ends_at(offer)
