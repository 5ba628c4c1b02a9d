"""A person's own data: every app that keeps personal data registers how to export and erase it.

The account page offers a JSON download of everything and an erase button that calls every
registered eraser in one transaction, then removes the account.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], dict]
Eraser = Callable[[Any], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register_personal_data(name: str, *, export: Exporter, erase: Eraser) -> None:
    _EXPORTERS[name] = export
    _ERASERS[name] = erase


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)


def erasers() -> dict[str, Eraser]:
    return dict(_ERASERS)


def _account_export(user) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "roles": [
            {
                "role": r.role,
                "programme": r.programme.name,
                "area": r.area.name if r.area else None,
                "partner": r.partner.name if r.partner else None,
                "since": r.created.isoformat(),
                "given_by": str(r.granted_by) if r.granted_by else None,
            }
            for r in user.role_assignments.select_related(
                "programme", "area", "partner", "granted_by"
            )
        ],
        "host_details": _host_details_export(user),
    }


def _host_details_export(user) -> dict | None:
    profile = getattr(user, "host_profile", None)
    if profile is None:
        return None
    return {
        "trained_on": profile.trained_on.isoformat() if profile.trained_on else None,
        "phone": profile.phone,
        "contact_by": profile.contact_by,
    }


def _account_erase(user) -> None:
    # The account row itself is removed by user_erase after every other eraser has run.
    return None


register_personal_data("account", export=_account_export, erase=_account_erase)
