"""One scope definition: every list page shows exactly what the same user may open, for every
role held programme-wide or over one area, and no area role reaches what belongs to the
programme as a whole (programme-wide events and their bookings, assessments, register entries).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement import access
from engagement.forms.events import ActivityForm, EventForm, TensionForm
from engagement.models import EngagementActivity, Event, Programme, Role, TensionAssessment
from engagement.roles import grants, holds, programmes_q, scope_q
from engagement.selectors.events import managed_event_list, registration_list
from engagement.selectors.register import activity_gaps, activity_list
from engagement.selectors.tension import tension_list
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role
from tests.scope import (
    PLACES,
    ROLES,
    client_for,
    holds_matches_scope_q,
    href,
    list_matches_detail,
    make_world,
    rule_matches_filter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def events_everywhere(world) -> dict[str, Event]:
    """A draft, an invite-only and a public event in every place."""
    events = {}
    for place in PLACES:
        programme, area = world.place(place)
        events[f"draft@{place}"] = EventFactory(
            programme=programme, area=area, status=Event.Status.DRAFT
        )
        events[f"invite@{place}"] = EventFactory(programme=programme, area=area, is_public=False)
        events[f"public@{place}"] = EventFactory(programme=programme, area=area)
    return events


def assessments_everywhere(world) -> dict[str, TensionAssessment]:
    return {
        place: TensionAssessment.objects.create(
            programme=world.place(place)[0],
            area=world.place(place)[1],
            title=f"Assessment in {place}",
            incident_date=timezone.localdate(),
            what_happened="x",
            communities_affected="y",
            confidence_assessment="z",
        )
        for place in PLACES
    }


def activities_everywhere(world) -> dict[str, EngagementActivity]:
    return {
        place: EngagementActivity.objects.create(
            programme=world.place(place)[0],
            area=world.place(place)[1],
            title=f"Forum in {place}",
            kind="forum",
            strand="consulting",
            audiences=["everyone"],
        )
        for place in PLACES
    }


# --- Each list page against the pages of the objects it lists -------------------------------


def test_programme_list_shows_the_programmes_that_open(world):
    draft = ProgrammeFactory(status=Programme.Status.DRAFT)
    AreaFactory(programme=draft)
    programmes = {
        "programme": world.programme,
        "other": world.other_programme,
        "draft": draft,
    }
    problems = list_matches_detail(
        world,
        list_urls=[reverse("engagement:programme_list")],
        markers={k: href(p.get_absolute_url()) for k, p in programmes.items()},
        detail_urls={k: p.get_absolute_url() for k, p in programmes.items()},
    )
    assert problems == {}


def test_managed_event_list_shows_the_events_that_open(world):
    # Drafts and invite-only events open only for the staff the list is for.
    events = {k: e for k, e in events_everywhere(world).items() if not k.startswith("public")}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("engagement:event_manage_list")],
        markers={k: href(e.get_absolute_url()) for k, e in events.items()},
        detail_urls={k: e.get_absolute_url() for k, e in events.items()},
    )
    assert problems == {}


def test_public_event_list_shows_only_events_that_open(world):
    events = events_everywhere(world)
    problems = list_matches_detail(
        world,
        list_urls=[reverse("engagement:event_list")],
        markers={k: href(e.get_absolute_url()) for k, e in events.items()},
        detail_urls={k: e.get_absolute_url() for k, e in events.items()},
        exact_for={"anonymous", "resident"},
    )
    assert problems == {}


def test_tension_list_shows_the_assessments_that_open(world):
    assessments = assessments_everywhere(world)
    urls = {k: reverse("engagement:tension_detail", args=[a.pk]) for k, a in assessments.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("engagement:tension_list")],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_register_offers_edit_links_exactly_where_the_edit_page_opens(world):
    activities = activities_everywhere(world)
    urls = {k: reverse("engagement:activity_update", args=[a.pk]) for k, a in activities.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("engagement:activity_list")],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_register_shows_the_whole_programme_to_its_staff(world):
    """Partnership working: every staff role in a programme reads its whole register."""
    activities = activities_everywhere(world)
    for label, user in world.users.items():
        response = client_for(user).get(reverse("engagement:activity_list"))
        seen = (
            {k for k, a in activities.items() if a.title in response.content.decode()}
            if response.status_code == 200
            else set()
        )
        if label == "superuser":
            expected = set(PLACES)
        elif "@" in label:
            expected = {"a1", "a2", "programme"}
        else:
            expected = set()
        assert seen == expected, label


def test_booking_lists_show_the_bookings_whose_pages_open(world):
    events = events_everywhere(world)
    bookings = {place: RegistrationFactory(event=events[f"public@{place}"]) for place in PLACES}
    qr = {
        place: reverse("engagement:registration_code_qr", args=[r.event.slug, r.pk])
        for place, r in bookings.items()
    }
    problems = list_matches_detail(
        world,
        list_urls=[
            reverse("engagement:event_registrations", args=[r.event.slug])
            for r in bookings.values()
        ],
        markers={place: f'src="{url}"' for place, url in qr.items()},
        detail_urls=qr,
    )
    assert problems == {}


# --- No area role reaches the programme as a whole --------------------------------------------


AREA_USERS = [f"{role}@area" for role in ROLES]


@pytest.mark.parametrize("label", AREA_USERS)
def test_area_roles_reach_nothing_programme_wide(world, label):
    events = events_everywhere(world)
    draft, public = events["draft@programme"], events["public@programme"]
    booking = RegistrationFactory(event=public)
    assessment = assessments_everywhere(world)["programme"]
    activity = activities_everywhere(world)["programme"]
    client = client_for(world.users[label])
    refused = [
        draft.get_absolute_url(),
        reverse("engagement:event_update", args=[public.slug]),
        reverse("engagement:event_cancel", args=[public.slug]),
        reverse("engagement:event_registrations", args=[public.slug]),
        reverse("engagement:event_checkin", args=[public.slug]),
        reverse("engagement:event_live", args=[public.slug]),
        reverse("engagement:registration_code_qr", args=[public.slug, booking.pk]),
        reverse("engagement:tension_detail", args=[assessment.pk]),
        reverse("engagement:tension_update", args=[assessment.pk]),
        reverse("engagement:activity_update", args=[activity.pk]),
    ]
    assert {url: client.get(url).status_code for url in refused} == dict.fromkeys(refused, 403)
    response = client.post(
        reverse("engagement:registration_staff_cancel", args=[public.slug, booking.pk])
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == booking.Status.CONFIRMED


def test_area_coordinator_cannot_make_programme_wide_objects(world):
    """The forms refuse an empty area unless the user holds the role programme-wide."""
    area_coordinator = world.users["coordinator@area"]
    programme_coordinator = world.users["coordinator@programme"]
    data = {"programme": world.programme.pk, "area": ""}
    for form_class in (EventForm, TensionForm):
        assert form_class(data, user=area_coordinator).errors["area"] == [
            "Choose one of your areas."
        ]
        assert "area" not in form_class(data, user=programme_coordinator).errors
    area_partner = world.users["partner@area"]
    assert ActivityForm(data, user=area_partner).errors["programme"] == [
        "You can only add activities where you work."
    ]
    assert "programme" not in ActivityForm(data, user=world.users["partner@programme"]).errors
    in_area = {**data, "area": world.a1.pk}
    assert "programme" not in ActivityForm(in_area, user=area_partner).errors


def test_area_partner_cannot_move_an_activity_to_the_whole_programme(world):
    activity = activities_everywhere(world)["a1"]
    partner = world.users["partner@area"]
    # A partner changes only its own organisation's entries.
    activity.partner_id = partner.role_assignments.get().partner_id
    activity.save()
    client = client_for(partner)
    url = reverse("engagement:activity_update", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "programme": world.programme.pk,
            "area": "",
            "title": "Forum for everyone",
            "kind": "forum",
            "strand": "consulting",
        },
    )
    assert response.context["form"].errors == {
        "programme": ["You can only add activities where you work."]
    }
    activity.refresh_from_db()
    assert activity.area_id == world.a1.pk and activity.title == "Forum in a1"


def test_invite_only_event_opens_for_its_staff_without_the_invitation(world):
    """The "Manage events" list links to invite-only events; their staff may open them."""
    event = events_everywhere(world)["invite@a1"]
    for label in ("partner@area", "table_host@area", "pcc_office@programme"):
        assert client_for(world.users[label]).get(event.get_absolute_url()).status_code == 200
    elsewhere = user_with_role(Role.PARTNER, programme=world.other_programme)
    for user in (world.users["resident"], elsewhere):
        assert client_for(user).get(event.get_absolute_url()).status_code == 404


# --- The rules and the lists' filters agree ---------------------------------------------------


def test_scope_q_is_holds_for_every_engagement_type(world):
    events = list(events_everywhere(world).values())
    registrations = [RegistrationFactory(event=e) for e in events]
    problems = {
        "event": holds_matches_scope_q(world, events, area="area", programme="programme"),
        "registration": holds_matches_scope_q(
            world, registrations, area="event__area", programme="event__programme"
        ),
        "assessment": holds_matches_scope_q(
            world,
            list(assessments_everywhere(world).values()),
            area="area",
            programme="programme",
        ),
        "activity": holds_matches_scope_q(
            world, list(activities_everywhere(world).values()), area="area", programme="programme"
        ),
        "area": holds_matches_scope_q(
            world, [world.a1, world.a2, world.other], area="pk", programme="programme"
        ),
    }
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize(
    ("perm", "rows_q", "kind"),
    [
        ("engagement.view_event", access.event_visible_q, "event"),
        ("engagement.view_managed_event", access.event_staff_q, "event"),
        ("engagement.view_event_registrations", access.event_door_q, "event"),
        ("engagement.check_in_event", access.event_door_q, "event"),
        ("engagement.view_tension", access.tension_q, "assessment"),
        ("engagement.change_tension", access.tension_q, "assessment"),
        ("engagement.change_activity", access.activity_writer_q, "activity"),
        ("engagement.view_programme", access.programme_q, "programme"),
    ],
)
def test_each_rule_agrees_with_its_list_filter(world, perm, rows_q, kind):
    draft = ProgrammeFactory(status=Programme.Status.DRAFT)
    EventFactory(programme=draft, area=AreaFactory(programme=draft))
    objects = {
        "event": lambda: [*events_everywhere(world).values(), Event.objects.get(programme=draft)],
        "assessment": lambda: list(assessments_everywhere(world).values()),
        "activity": lambda: list(activities_everywhere(world).values()),
        "programme": lambda: [world.programme, world.other_programme, draft],
    }[kind]()
    assert rule_matches_filter(world, perm, rows_q, objects) == {}


def test_programme_itself_is_reached_by_an_area_role_but_its_objects_are_not(world):
    user = world.users["coordinator@area"]
    event = EventFactory(programme=world.programme, area=None)
    assert holds(user, Role.COORDINATOR, world.programme)
    assert not holds(user, Role.COORDINATOR, world.programme, programme_wide=True)
    assert not holds(user, Role.COORDINATOR, event)
    assert not Event.objects.filter(scope_q(user, Role.COORDINATOR), pk=event.pk).exists()
    assert holds(world.users["coordinator@programme"], Role.COORDINATOR, event)
    programmes = [world.programme, world.other_programme]
    rows = lambda user, roles: programmes_q(user, roles, programme="pk")  # noqa: E731
    assert holds_matches_scope_q(world, programmes, rows=rows) == {}


def test_scoped_lists_cost_one_query_each(world, django_assert_num_queries):
    events = events_everywhere(world)
    for event in events.values():
        RegistrationFactory(event=event)
    assessments_everywhere(world)
    activities_everywhere(world)
    user = world.users["coordinator@programme"]
    grants(user)  # read once per request, then cached on the user
    with django_assert_num_queries(1):
        assert len(tension_list(user=user)) == 3
    with django_assert_num_queries(1):
        assert len(activity_list(user=user)) == 3
    with django_assert_num_queries(1):
        activity_gaps(user=user, area=world.a1)
    with django_assert_num_queries(1):
        assert len(managed_event_list(user=user)) == 9
    with django_assert_num_queries(2):  # and each booking's messages, in one more
        assert len(registration_list(user=user, event=events["public@programme"])) == 1


@pytest.mark.parametrize("label", AREA_USERS)
def test_area_roles_cannot_change_programme_wide_objects_by_post(world, label):
    """The writes the probe tried: edit or close an assessment, edit or cancel an event, edit
    a register entry, check someone in or add a walk-in, on objects of the whole programme."""
    public = events_everywhere(world)["public@programme"]
    booking = RegistrationFactory(event=public)
    assessment = assessments_everywhere(world)["programme"]
    activity = activities_everywhere(world)["programme"]
    client = client_for(world.users[label])
    writes = {
        reverse("engagement:tension_update", args=[assessment.pk]): {
            "title": "Taken over",
            "status": "closed",
            "tension_level": "low",
        },
        reverse("engagement:event_update", args=[public.slug]): {"title": "Taken over"},
        reverse("engagement:event_cancel", args=[public.slug]): {},
        reverse("engagement:activity_update", args=[activity.pk]): {"title": "Taken over"},
        reverse("engagement:event_checkin", args=[public.slug]): {"code": booking.code},
        reverse("engagement:event_walk_in", args=[public.slug]): {
            "name": "Walk In",
            "party_size": 1,
        },
    }
    answers = {url: client.post(url, data).status_code for url, data in writes.items()}
    assert answers == dict.fromkeys(writes, 403)
    assessment.refresh_from_db()
    public.refresh_from_db()
    activity.refresh_from_db()
    booking.refresh_from_db()
    assert assessment.title == "Assessment in programme" and assessment.status != "closed"
    assert public.status != Event.Status.CANCELLED and "Taken over" not in public.title
    assert activity.title == "Forum in programme"
    assert booking.checked_in_at is None and public.registrations.count() == 1


def test_area_coordinator_cannot_create_a_programme_wide_assessment_through_the_page(world):
    client = client_for(world.users["coordinator@area"])
    data = {
        "programme": world.programme.pk,
        "area": "",
        "title": "PROGRAMME-WIDE CTA",
        "incident_date": timezone.localdate().isoformat(),
        "what_happened": "x",
        "communities_affected": "y",
        "tension_level": "low",
        "confidence_assessment": "z",
        "status": "open",
    }
    response = client.post(reverse("engagement:tension_create"), data)
    assert response.status_code == 200
    assert "Choose one of your areas." in response.content.decode()
    assert not TensionAssessment.objects.filter(title="PROGRAMME-WIDE CTA").exists()
    in_area = client.post(reverse("engagement:tension_create"), {**data, "area": world.a1.pk})
    assert in_area.status_code == 302
    assert TensionAssessment.objects.get(title="PROGRAMME-WIDE CTA").area_id == world.a1.pk
