"""British English formats, with the month written out in full ("2 December 2026")."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - every format, then ours below

DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 2 December 2026, 14:30
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
