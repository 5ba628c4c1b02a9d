"""Personal data in cafés: a host's assignments and the notes they wrote. Travellers' names
are read from their bookings (engagement exports and erases those)."""

from __future__ import annotations

from engagement.privacy import register_personal_data


def _export(user) -> dict:
    from .models import HarvestNote, HostAssignment

    return {
        "hosting": [
            {
                "cafe": str(a.cafe),
                "table": a.table.number if a.table else None,
                "trained_on": a.trained_on.isoformat(),
            }
            for a in HostAssignment.objects.filter(user=user).select_related("cafe__event", "table")
        ],
        "harvest_notes_written": HarvestNote.objects.filter(author=user).count(),
    }


def _erase(user) -> None:
    # Notes belong to the café's harvest; only the link to the person goes.
    from .models import HarvestNote, HostAssignment, SafeguardingFlag, TableclothPhoto

    HarvestNote.objects.filter(author=user).update(author=None)
    TableclothPhoto.objects.filter(uploaded_by=user).update(uploaded_by=None)
    SafeguardingFlag.objects.filter(reported_by=user).update(reported_by=None)
    SafeguardingFlag.objects.filter(handled_by=user).update(handled_by=None)
    HostAssignment.objects.filter(user=user).delete()


def register() -> None:
    register_personal_data("cafe_hosting", export=_export, erase=_erase)
