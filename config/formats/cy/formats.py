"""Welsh formats: Django's, which already write the day first ("2 Rhagfyr 2026"), with the
24-hour clock used on the English pages too."""

from django.conf.locale.cy.formats import *  # noqa: F403 - every format, then ours below

DATE_FORMAT = "j F Y"  # 2 Rhagfyr 2026
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
