"""Correcting and removing what was harvested.

A host may correct or remove their own table's notes and photos until the café's summary is
published; after that only a coordinator may, and a coordinator always says why. Removal is a
real delete (the photo file goes too), so a removed note cannot linger in the CSV, the themes,
the summary, the reports or a backup restored into the harvest pages. The audit log keeps who
removed what kind of item from which table, when and why, never the removed words.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..models import Cafe, HarvestNote, TableclothPhoto
from .harvest import MAX_THEMES_PER_NOTE, _theme, split_themes


def _check_window(*, cafe: Cafe, as_coordinator: bool, reason: str) -> str:
    reason = " ".join(reason.split())
    if as_coordinator:
        if not reason:
            raise DomainError(_("Say why, for the record."))
        return reason
    if cafe.summary_published:
        raise DomainError(
            _(
                "The summary is published, so only the coordinator can change the harvest now. "
                "Ask them to correct or remove it."
            )
        )
    return reason


@transaction.atomic
def note_correct(
    *,
    actor: User | None,
    note: HarvestNote,
    text: str,
    kind: str,
    themes: str | Iterable[str] = (),
    attribution: str = "",
    attribution_consent: bool = False,
    as_coordinator: bool = False,
    reason: str = "",
) -> HarvestNote:
    """Correct a note's words, kind, themes or attribution. Locks the note. A host may do this
    until the summary is published; a coordinator (``as_coordinator``) at any time, giving a
    reason. Audit-logged with the reason, not the words."""
    note = HarvestNote.objects.select_for_update().select_related("cafe", "table").get(pk=note.pk)
    reason = _check_window(cafe=note.cafe, as_coordinator=as_coordinator, reason=reason)
    text = text.strip()
    if not text:
        raise DomainError(_("The note is empty."))
    attribution = attribution.strip()
    if attribution and not attribution_consent:
        raise DomainError(
            _("Only name the person if they agreed to be quoted; otherwise leave the name empty.")
        )
    names = split_themes(themes)
    if len(names) > MAX_THEMES_PER_NOTE:
        raise DomainError(_("Use at most %(n)s themes for one note.") % {"n": MAX_THEMES_PER_NOTE})
    note.text, note.kind = text, kind
    note.attribution, note.attribution_consent = attribution, attribution_consent
    if kind != HarvestNote.Kind.QUOTE or not attribution_consent:
        note.in_summary = note.in_summary and kind == HarvestNote.Kind.QUOTE
    note.full_clean(exclude=["client_id"])
    note.save()
    note.themes.set([_theme(note.cafe, name) for name in names])
    audit_log(
        actor=actor,
        action="cafe.note.correct",
        subject=note,
        data={"table": note.table.number, "reason": reason},
    )
    return note


@transaction.atomic
def note_remove(
    *, actor: User | None, note: HarvestNote, as_coordinator: bool = False, reason: str = ""
) -> None:
    """Delete a note for good (see the module docstring for who may, and when)."""
    note = HarvestNote.objects.select_for_update().select_related("cafe", "table").get(pk=note.pk)
    reason = _check_window(cafe=note.cafe, as_coordinator=as_coordinator, reason=reason)
    audit_log(
        actor=actor,
        action="cafe.note.remove",
        subject=note.cafe,
        data={"table": note.table.number, "round": note.round_number, "reason": reason},
    )
    note.delete()


@transaction.atomic
def photo_remove(
    *, actor: User | None, photo: TableclothPhoto, as_coordinator: bool = False, reason: str = ""
) -> None:
    """Delete a tablecloth photo and its file (a face, a name, the wrong table)."""
    photo = (
        TableclothPhoto.objects.select_for_update().select_related("cafe", "table").get(pk=photo.pk)
    )
    reason = _check_window(cafe=photo.cafe, as_coordinator=as_coordinator, reason=reason)
    audit_log(
        actor=actor,
        action="cafe.photo.remove",
        subject=photo.cafe,
        data={"table": photo.table.number, "reason": reason},
    )
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    # The file goes only once the row is gone for sure, so a rolled-back delete keeps both.
    transaction.on_commit(lambda: storage.delete(name) if name else None)
