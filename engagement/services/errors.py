from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused a change. The message is translated and shown to the user.

    It is a ValidationError so forms can add it to their errors unchanged.
    """
