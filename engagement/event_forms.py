"""Only ``budgeting/forms_voting.py`` still imports ``DateTimeInput`` from here. Delete this
module once it imports ``from engagement.forms import DateTimeInput`` (engagement's forms are
the ``engagement.forms`` package now)."""

from .forms.base import DateTimeInput

__all__ = ["DateTimeInput"]
