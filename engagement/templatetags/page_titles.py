"""The page title convention of ``templates/base.html``.

A page's ``{% block title %}`` names the page first, then what it belongs to, parts separated
by " – " ("Bookings – Boston World Café"); the base adds the site's name as the last part.
Django templates cannot ask whether a block is empty, so the base passes the block's text
through :func:`page_title`, which adds the separator only when there is a page part.
"""

from django import template

register = template.Library()

SEPARATOR = " – "


@register.filter(is_safe=True)
def page_title(value: str, site: str) -> str:
    parts = [" ".join(part.split()) for part in str(value).split("–")]
    parts = [part for part in parts if part]
    return SEPARATOR.join([*parts, site])
