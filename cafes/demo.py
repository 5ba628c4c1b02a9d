"""Demo cafés for ``seed_demo``: the Sleaford World Café that has happened (tables, hosts,
questions, seating, a harvest with themes, a safeguarding flag, a published summary) and the
next one, planned but not yet held. Idempotent: natural keys and fixed note ids."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Max
from django.utils import timezone

from engagement.demo import DemoWorld, demo_step
from engagement.demo_core import _user
from engagement.models import Event, Role, RoleAssignment

from . import services
from .models import Cafe, CafeTheme, SafeguardingFlag
from .services.safeguarding import ESCALATE_AFTER, safeguarding_escalate_due

HOSTS = [
    "Hana Host",
    "Bernadette Cole",
    "Imran Shah",
    "Gareth Owen",
    "Judith Fenwick",
    "Marek Zielinski",
    "Olu Adeyemi",
    "Sandra Pike",
    "Tom Brereton",
    "Wendy Marsh",
    "Kieran Doyle",
    "Beata Lis",
    "Colin Ashby",
    "Rachel Dunn",
]

QUESTIONS = [
    ("What do you love about living in Sleaford?", "Co kochasz w mieszkaniu w Sleaford?"),
    (
        "What worries you, or stops you feeling safe here?",
        "Co cię martwi albo sprawia, że nie czujesz się tu bezpiecznie?",
    ),
    (
        "If we had £5,000 and your help, what would you change first?",
        "Gdybyśmy mieli 5000 funtów i twoją pomoc, co zmieniłbyś najpierw?",
    ),
]

NOTES = [
    # round, table, kind, text, themes, attribution
    (
        1,
        1,
        "insight",
        "The market and the river walk bring people together.",
        "Parks and green spaces",
        "",
    ),
    (
        1,
        2,
        "quote",
        "I've lived here forty years and I still say hello to everyone.",
        "Community spirit",
        "Margaret, a resident",
    ),
    (
        1,
        3,
        "insight",
        "The new families from Poland run a great Saturday club.",
        "Community spirit",
        "",
    ),
    (
        1,
        4,
        "note",
        "Lots of love for the library; worried about its hours.",
        "Community spirit",
        "",
    ),
    (2, 1, "insight", "Cars race along Grantham Road at night.", "Speeding traffic", ""),
    (
        2,
        2,
        "insight",
        "Teenagers hang around the bus station because there is nowhere else.",
        "Young people",
        "",
    ),
    (
        2,
        3,
        "insight",
        "Parents worry about county lines recruiting at the skate park.",
        "Drugs and county lines, Young people",
        "",
    ),
    (
        2,
        4,
        "quote",
        "I don't walk through the park after dark any more.",
        "Feeling safe at night",
        "",
    ),
    (2, 5, "insight", "Street lights out on Southgate for weeks.", "Feeling safe at night", ""),
    (2, 6, "insight", "Speeding near St Botolph's school at drop-off.", "Speeding traffic", ""),
    (
        3,
        1,
        "insight",
        "A youth club two evenings a week, run with the council.",
        "Young people",
        "",
    ),
    (
        3,
        2,
        "insight",
        "Community Speed Watch with volunteers and the PCSOs.",
        "Speeding traffic",
        "",
    ),
    (
        3,
        3,
        "insight",
        "Better lighting and a volunteer rota to clean up the park.",
        "Parks and green spaces, Feeling safe at night",
        "",
    ),
    (
        3,
        4,
        "quote",
        "Give the young ones something to say yes to.",
        "Young people",
        "Derek, a grandparent",
    ),
    (
        3,
        5,
        "insight",
        "A summer festival on the market place to meet neighbours.",
        "Community events",
        "",
    ),
    (3, 6, "note", "Several people offered to help run things.", "Community spirit", ""),
]

THEME_KINDS = {
    "Speeding traffic": CafeTheme.Kind.CONCERN,
    "Feeling safe at night": CafeTheme.Kind.WORRY,
    "Drugs and county lines": CafeTheme.Kind.WORRY,
    "Young people": CafeTheme.Kind.AMBITION,
    "Community events": CafeTheme.Kind.AMBITION,
}

NAMESPACE = uuid.UUID("6f1c1f7e-3d7a-4c51-9a43-52f1d0c0cafe")


def _hosts(world: DemoWorld, count: int) -> list:
    area = world.areas["sleaford"]
    hosts = []
    for i, name in enumerate(HOSTS[:count]):
        user = world.users["host"] if i == 0 else _user(f"host{i + 1}.sleaford", name)
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.TABLE_HOST, programme=world.programme, area=area
        )
        hosts.append(user)
    return hosts


def _cafe(event: Event, coordinator, *, tables: int) -> Cafe:
    cafe = Cafe.objects.filter(event=event).first()
    if cafe is None:
        cafe = services.cafe_create(
            actor=coordinator,
            event=event,
            rounds=3,
            tables=tables,
            seats=5,
            purpose=(
                "To hear what people in Sleaford love about the town, what worries them and what "
                "they would change, and to find people and ideas for the community pot."
            ),
        )
    for number, (text, polish) in enumerate(QUESTIONS, start=1):
        if not cafe.questions.filter(round_number=number).exists():
            services.question_set(
                actor=coordinator,
                cafe=cafe,
                round_number=number,
                text=text,
                translations={"pl": polish},
                save_to_bank=True,
            )
    return cafe


def _staff_hosts(cafe: Cafe, hosts: list, coordinator) -> None:
    tables = list(cafe.tables.order_by("number"))
    for host, table in zip(hosts, tables, strict=False):
        if not cafe.host_assignments.filter(user=host).exists():
            services.host_assign(
                actor=coordinator,
                cafe=cafe,
                user=host,
                table=table,
                trained_on=timezone.localdate() - dt.timedelta(days=45),
            )


def _seat(cafe: Cafe, coordinator) -> None:
    if cafe.seats.exists():
        return
    services.participants_sync(actor=coordinator, cafe=cafe)
    # Three officers who came on their own (people in one booking sit together).
    staff = list(cafe.participants.filter(registration__party_size=1).order_by("pk")[:3])
    for person, kind in zip(staff, ["police_officer", "pcso", "pcc_staff"], strict=True):
        services.participant_update(actor=coordinator, participant=person, staff=kind)
    services.seating_plan(actor=coordinator, cafe=cafe, seed=2026)


def _harvest(cafe: Cafe, world: DemoWorld) -> None:
    tables = {t.number: t for t in cafe.tables.all()}
    for r, number, kind, text, themes, said_by in NOTES:
        services.note_save(
            actor=world.users["host"] if number == 1 else None,
            table=tables[number],
            client_id=uuid.uuid5(NAMESPACE, f"{cafe.pk}-{r}-{number}-{text}"),
            round_number=r,
            kind=kind,
            text=text,
            themes=themes,
            attribution=said_by,
            attribution_consent=bool(said_by),
        )
    for name, kind in THEME_KINDS.items():
        theme = cafe.themes.filter(name=name).first()
        if theme and theme.kind != kind:
            services.theme_update(actor=None, theme=theme, name=name, kind=kind)
    youth = cafe.themes.get(name="Young people")
    if not youth.is_priority:
        services.theme_make_priority(
            actor=None, theme=youth, statement="Things for teenagers to do in the evenings"
        )
    speeding = cafe.themes.get(name="Speeding traffic")
    if speeding.you_said_we_did_id is None:
        services.theme_to_you_said_we_did(
            actor=world.users["coordinator"],
            theme=speeding,
            you_said="Cars speed on Grantham Road and near St Botolph's school.",
            owner="Lincolnshire Police neighbourhood team",
            we_did="Community Speed Watch sessions started with PCSOs at school times.",
        )
    flag = services.flag_raise(
        actor=world.users["host"],
        table=tables[1],
        round_number=2,
        client_id=uuid.uuid5(NAMESPACE, f"{cafe.pk}-flag"),
        text="A young person said an older man offers them lifts and cigarettes after school.",
    )
    # Raised during the café's second round, not when the demo was loaded; nobody acknowledged
    # it, so it went to the programme's coordinators two hours later, as the sweep would have.
    raised = cafe.event.starts_at + dt.timedelta(minutes=75)
    if flag.created != raised:
        SafeguardingFlag.objects.filter(pk=flag.pk).update(created=raised)
        safeguarding_escalate_due(now=raised + ESCALATE_AFTER + dt.timedelta(minutes=5))
    if not cafe.summary_published:
        services.summary_update(
            actor=world.users["coordinator"],
            cafe=cafe,
            published=True,
            summary=(
                "Thank you to everyone who came. People love the market, the river and each other; "
                "they worry about speeding, dark streets and young people with nothing to do. "
                "Speed Watch has started, and youth activities are a priority for the community "
                "vote: bring your group's ideas."
            ),
        )


@demo_step(40)
def seed_world_cafes(world: DemoWorld) -> None:
    """Runs after the events step (same order, later name): needs its World Café events."""
    coordinator = world.users["coordinator"]
    past = Event.objects.filter(slug="sleaford-world-cafe-past").first()
    upcoming = Event.objects.filter(slug="sleaford-world-cafe-next").first()
    if past is None or upcoming is None:
        return
    people = sum(r.party_size for r in past.registrations.filter(checked_in_at__isnull=False))
    tables = max(3, -(-people // 4))  # four travellers and a host at each table
    hosts = _hosts(world, min(len(HOSTS), tables))
    done = _cafe(past, coordinator, tables=tables)
    _staff_hosts(done, hosts, coordinator)
    _seat(done, coordinator)
    if done.finished_at is None:
        played = done.seats.aggregate(m=Max("round_number"))["m"] or 0
        Cafe.objects.filter(pk=done.pk).update(
            current_round=min(played, done.rounds),
            round_started_at=past.ends_at - dt.timedelta(minutes=30),
            finished_at=past.ends_at,
        )
    _harvest(done, world)
    planned = _cafe(upcoming, coordinator, tables=6)
    _staff_hosts(planned, hosts[:4], coordinator)
    world.extra["cafes"] = {"done": done, "planned": planned}
