"""The harvest: notes from the tables (idempotent, for phones on a bad connection),
safeguarding flags, tablecloth photos, themes and the summary."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.languages import in_source_language
from engagement.models import User, YouSaidWeDid
from engagement.services import DomainError, audit_log
from engagement.services.register import you_said_we_did_create

from ..images import clean_photo
from ..models import (
    Cafe,
    CafeTable,
    CafeTheme,
    HarvestNote,
    SafeguardingFlag,
    TableclothPhoto,
)

MAX_THEMES_PER_NOTE = 8


@dataclass(frozen=True)
class Saved:
    note: HarvestNote
    created: bool


def split_themes(text: str | Iterable[str]) -> list[str]:
    """``"Parking, youth; parking"`` → ``["Parking", "youth"]`` (case-insensitively unique)."""
    parts = text.replace(";", ",").split(",") if isinstance(text, str) else list(text)
    seen: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())[:80]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def _theme(cafe: Cafe, name: str) -> CafeTheme:
    theme = CafeTheme.objects.filter(cafe=cafe, name__iexact=name).first()
    if theme is not None:
        return theme
    try:
        with transaction.atomic():
            return CafeTheme.objects.create(cafe=cafe, name=name)
    except IntegrityError:  # another host created it a moment ago
        return CafeTheme.objects.get(cafe=cafe, name__iexact=name)


def _check_round(cafe: Cafe, round_number: int | None) -> None:
    if round_number is not None and not 1 <= round_number <= cafe.rounds:
        raise DomainError(_("The café has rounds 1 to %(n)s.") % {"n": cafe.rounds})


@transaction.atomic
def note_save(
    *,
    actor: User | None,
    table: CafeTable,
    client_id: uuid.UUID | str,
    round_number: int,
    text: str,
    kind: str = HarvestNote.Kind.NOTE,
    themes: str | Iterable[str] = (),
    attribution: str = "",
    attribution_consent: bool = False,
) -> Saved:
    """Save a host's note. ``client_id`` is made on the phone: sending the same note again
    (a retry, the offline queue replaying, a double tap) updates the one stored note and never
    adds a second. The unique constraint on ``client_id`` settles two tries arriving at once."""
    client_id = uuid.UUID(str(client_id))
    cafe = table.cafe
    _check_round(cafe, round_number)
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
    note = HarvestNote.objects.select_for_update().filter(client_id=client_id).first()
    created = note is None
    if note is not None and note.table_id != table.pk:
        raise DomainError(_("This note belongs to another table."))
    if note is None:
        note = HarvestNote(cafe=cafe, table=table, client_id=client_id, author=actor)
    note.round_number, note.kind, note.text = round_number, kind, text
    note.attribution, note.attribution_consent = attribution, attribution_consent
    if created:
        # Uniqueness of client_id is settled by the database, which sees concurrent tries.
        note.full_clean(exclude=["client_id"])
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:
            existing = HarvestNote.objects.filter(client_id=client_id).first()
            if existing is None or existing.table_id != table.pk:
                raise
            return Saved(note=existing, created=False)
    else:
        note.full_clean(exclude=["client_id"])
        note.save()
    note.themes.set([_theme(cafe, name) for name in names])
    return Saved(note=note, created=created)


@transaction.atomic
def flag_raise(
    *,
    actor: User | None,
    table: CafeTable,
    client_id: uuid.UUID | str,
    text: str,
    round_number: int | None = None,
) -> SafeguardingFlag:
    """Pass a safeguarding disclosure privately to the area's coordinators. Idempotent on
    ``client_id``. The audit log records that a flag was raised, not what it says."""
    client_id = uuid.UUID(str(client_id))
    cafe = table.cafe
    _check_round(cafe, round_number)
    text = text.strip()
    if not text:
        raise DomainError(_("Write down what was disclosed."))
    flag = SafeguardingFlag.objects.filter(client_id=client_id).first()
    if flag is not None:
        if flag.table_id != table.pk:
            raise DomainError(_("This report belongs to another table."))
        return flag
    flag = SafeguardingFlag(
        cafe=cafe,
        table=table,
        client_id=client_id,
        text=text,
        round_number=round_number,
        reported_by=actor,
    )
    flag.full_clean(exclude=["client_id"])
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        return SafeguardingFlag.objects.get(client_id=client_id)
    audit_log(
        actor=actor, action="cafe.safeguarding.raise", subject=flag, data={"table": table.number}
    )
    from .safeguarding import safeguarding_alerts_queue

    safeguarding_alerts_queue(flag=flag)
    return flag


@transaction.atomic
def flag_handle(*, actor: User | None, flag: SafeguardingFlag, outcome: str) -> SafeguardingFlag:
    """Acknowledge a flag: who, when and what was done. Locks the flag; a flag already
    acknowledged keeps the first record (a second coordinator's click changes nothing)."""
    flag = SafeguardingFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == SafeguardingFlag.Status.HANDLED:
        raise DomainError(
            _("%(name)s has already acknowledged this flag.")
            % {"name": flag.handled_by or _("Someone")}
        )
    outcome = outcome.strip()
    if not outcome:
        raise DomainError(_("Say what was done, for the record."))
    flag.status, flag.outcome = SafeguardingFlag.Status.HANDLED, outcome
    flag.handled_by, flag.handled_at = actor, timezone.now()
    flag.full_clean()
    flag.save()
    audit_log(actor=actor, action="cafe.safeguarding.handle", subject=flag)
    return flag


@transaction.atomic
def safeguarding_flags_viewed(*, actor: User | None, cafe: Cafe) -> None:
    """Every look at the safeguarding flags is recorded."""
    audit_log(actor=actor, action="cafe.safeguarding.view", subject=cafe)


@transaction.atomic
def photo_add(
    *,
    actor: User | None,
    table: CafeTable,
    image,
    description: str,
    round_number: int | None = None,
) -> TableclothPhoto:
    """Attach a photo of a tablecloth: checked, re-encoded without metadata, stored privately."""
    _check_round(table.cafe, round_number)
    description = description.strip()
    if not description:
        raise DomainError(_("Say in a few words what the photo shows."))
    clean = clean_photo(image)
    photo = TableclothPhoto(
        cafe=table.cafe,
        table=table,
        round_number=round_number,
        description=description,
        uploaded_by=actor,
    )
    photo.full_clean(exclude=["image"])
    photo.image.save(clean.name, clean, save=False)
    photo.save()
    audit_log(actor=actor, action="cafe.photo.add", subject=photo, data={"table": table.number})
    return photo


@transaction.atomic
def theme_update(
    *, actor: User | None, theme: CafeTheme, name: str, kind: str = "", description: str = ""
) -> CafeTheme:
    """Rename a theme or mark it a concern, worry or ambition."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the theme a name."))
    clash = CafeTheme.objects.filter(cafe=theme.cafe_id, name__iexact=name).exclude(pk=theme.pk)
    if clash.exists():
        raise DomainError(
            _("There is already a theme called %(name)s: merge them instead.") % {"name": name}
        )
    theme.name, theme.kind, theme.description = name, kind, description.strip()
    theme.full_clean()
    theme.save()
    audit_log(actor=actor, action="cafe.theme.update", subject=theme)
    return theme


@transaction.atomic
def theme_merge(*, actor: User | None, source: CafeTheme, target: CafeTheme) -> CafeTheme:
    """Fold ``source`` into ``target``: its insights move over and it is removed. The target
    keeps its own "you said, we did" and priority, taking the source's if it has none."""
    if source.pk == target.pk:
        raise DomainError(_("Choose a different theme to merge into."))
    if source.cafe_id != target.cafe_id:
        raise DomainError(_("Both themes must be from the same café."))
    source, target = (
        CafeTheme.objects.select_for_update().get(pk=source.pk),
        CafeTheme.objects.select_for_update().get(pk=target.pk),
    )
    for note in source.notes.all():
        note.themes.add(target)
    if target.you_said_we_did_id is None:
        target.you_said_we_did_id = source.you_said_we_did_id
    if not target.is_priority and source.is_priority:
        target.is_priority, target.priority_statement = True, source.priority_statement
        target.priority_set_at = source.priority_set_at
    target.kind = target.kind or source.kind
    target.save()
    data = {"from": source.name, "into": target.name}
    source.delete()
    audit_log(actor=actor, action="cafe.theme.merge", subject=target, data=data)
    return target


@transaction.atomic
def theme_to_you_said_we_did(
    *,
    actor: User | None,
    theme: CafeTheme,
    you_said: str,
    owner: str,
    we_did: str = "",
    is_public: bool = True,
) -> YouSaidWeDid:
    """Turn a theme into a "you said, we did" item for the café's area."""
    theme = CafeTheme.objects.select_for_update().select_related("cafe__event").get(pk=theme.pk)
    event = theme.cafe.event
    if event.area_id is None:
        raise DomainError(
            _("This café is for the whole programme; add the item on an area's page.")
        )
    if theme.you_said_we_did_id is not None:
        raise DomainError(_('This theme already has a "you said, we did" item.'))
    item = you_said_we_did_create(
        actor=actor,
        area=event.area,
        event=event,
        you_said=you_said.strip(),
        owner=owner.strip(),
        we_did=we_did.strip(),
        is_public=is_public,
    )
    theme.you_said_we_did = item
    theme.save(update_fields=["you_said_we_did", "modified"])
    audit_log(actor=actor, action="cafe.theme.you_said", subject=theme, data={"item": item.pk})
    return item


@transaction.atomic
def theme_make_priority(
    *, actor: User | None, theme: CafeTheme, statement: str, is_priority: bool = True
) -> CafeTheme:
    """Make a theme (or stop it being) a priority that community bids can be invited against."""
    theme = CafeTheme.objects.select_for_update().get(pk=theme.pk)
    statement = statement.strip()
    if is_priority and not statement:
        raise DomainError(_("Write the priority as bidders will read it."))
    theme.is_priority = is_priority
    theme.priority_statement = statement if is_priority else theme.priority_statement
    theme.priority_set_at = timezone.now() if is_priority else None
    theme.full_clean()
    theme.save()
    audit_log(
        actor=actor, action="cafe.theme.priority", subject=theme, data={"priority": is_priority}
    )
    return theme


@transaction.atomic
def summary_update(
    *, actor: User | None, cafe: Cafe, summary: str, published: bool, summary_cy: str = ""
) -> Cafe:
    """The summary in English and (optionally) Welsh; publishing needs the English."""
    cafe = Cafe.objects.select_for_update().get(pk=cafe.pk)
    if published and not summary.strip():
        raise DomainError(_("Write the summary before publishing it."))
    with in_source_language():
        cafe.summary, cafe.summary_cy = summary.strip(), summary_cy.strip()
        cafe.summary_published = published
        cafe.full_clean()
        cafe.save(
            update_fields=["summary", "summary_en", "summary_cy", "summary_published", "modified"]
        )
    audit_log(
        actor=actor, action="cafe.summary.update", subject=cafe, data={"published": published}
    )
    return cafe


@transaction.atomic
def summary_curate(
    *,
    actor: User | None,
    cafe: Cafe,
    themes: dict[int, tuple[bool, int]],
    quotes: set[int],
    photos: dict[int, tuple[bool, int]],
) -> Cafe:
    """Choose what the summary shows: which themes (shown, order), which quotes and which
    tablecloth photos (shown, order). Ids from another café are ignored. A quote whose person
    did not agree to be named is still shown, without the name. Locks the café."""
    cafe = Cafe.objects.select_for_update().get(pk=cafe.pk)
    for theme in cafe.themes.all():
        shown, order = themes.get(theme.pk, (False, 0))
        theme.in_summary, theme.summary_order = shown, max(0, min(order, 999))
        theme.save(update_fields=["in_summary", "summary_order", "modified"])
    cafe.notes.filter(kind=HarvestNote.Kind.QUOTE).update(in_summary=False)
    cafe.notes.filter(kind=HarvestNote.Kind.QUOTE, pk__in=quotes).update(in_summary=True)
    for photo in cafe.photos.all():
        shown, order = photos.get(photo.pk, (False, 0))
        photo.in_summary, photo.summary_order = shown, max(0, min(order, 999))
        photo.save(update_fields=["in_summary", "summary_order", "modified"])
    audit_log(actor=actor, action="cafe.summary.curate", subject=cafe)
    return cafe
