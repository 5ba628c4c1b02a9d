from django import template

from ..money import format_pence

register = template.Library()


@register.filter
def pounds(pence) -> str:
    """Integer pence as pounds for people: 12345 → £123.45, 500000 → £5,000."""
    if pence in (None, ""):
        return ""
    return format_pence(int(pence))


@register.filter
def percent_of(part, whole) -> int:
    """A whole-number percentage for progress bars (0 when the whole is 0)."""
    try:
        part, whole = int(part or 0), int(whole or 0)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return max(0, min(100, round(100 * part / whole)))
