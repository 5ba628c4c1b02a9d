"""Table hosts through the pages: their training date and contact on the People pages, edited
by a coordinator in scope only; the email (and text) telling them their table, question and
time when a café gives them one; "Your table" on their dashboard."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cafes.models import HostTableMessage
from cafes.services import question_set
from engagement.models import AuditEntry, HostProfile, Role, RoleAssignment
from tests.cafes.factories import cafe_with_tables
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    programme = ProgrammeFactory(name="Four Towns", slug="four-towns")
    boston = AreaFactory(programme=programme, name="Boston", slug="boston")
    louth = AreaFactory(programme=programme, name="Louth", slug="louth")
    host = user_with_role(Role.TABLE_HOST, area=boston, name="Hana Host", email="hana@example.org")
    return programme, boston, louth, host


def host_url(programme, area, host) -> str:
    role = RoleAssignment.objects.get(user=host, role=Role.TABLE_HOST)
    return reverse(
        "engagement:area_host_profile",
        kwargs={"programme_slug": programme.slug, "area_slug": area.slug, "pk": role.pk},
    )


def people_url(programme, area) -> str:
    return reverse(
        "engagement:area_people", kwargs={"programme_slug": programme.slug, "area_slug": area.slug}
    )


def test_an_area_coordinator_records_a_hosts_training_and_contact(client, place):
    programme, boston, _louth, host = place
    local = user_with_role(Role.COORDINATOR, area=boston)
    client.force_login(local)
    people = client.get(people_url(programme, boston)).content.decode()
    assert host_url(programme, boston, host) in people and "Not recorded" in people

    trained = timezone.localdate() - dt.timedelta(days=30)
    answer = client.post(
        host_url(programme, boston, host),
        {"trained_on": trained.isoformat(), "phone": "07700 900123", "contact_by": "text"},
        follow=True,
    )
    assert "The host details of Hana Host are saved." in answer.content.decode()
    profile = HostProfile.objects.get(user=host)
    assert (profile.trained_on, profile.phone, profile.contact_by) == (
        trained,
        "+447700900123",
        "text",
    )
    people = client.get(people_url(programme, boston)).content.decode()
    assert trained.strftime("%-d %B %Y") in people and "Text message: 07700 900123" in people
    entry = AuditEntry.objects.get(action="host.details.update")
    assert entry.actor == local and entry.programme_id == programme.pk
    assert entry.data["changed"] == ["contact_by", "phone", "trained_on"]
    # The details are part of the host's own data export.
    client.force_login(host)
    export = json.loads(client.get(reverse("engagement:my_data_download")).content)
    assert export["account"]["host_details"]["phone"] == "+447700900123"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"trained_on": "2099-01-01", "phone": "", "contact_by": "email"},
            "The training date cannot be in the future.",
        ),
        (
            {"trained_on": "", "phone": "01205 310010", "contact_by": "text"},
            "Text messages need a UK mobile number.",
        ),
        ({"trained_on": "", "phone": "12", "contact_by": "email"}, "Enter a UK phone number"),
        ({"trained_on": "", "phone": "", "contact_by": "call"}, "Give a phone number"),
        ({"trained_on": "", "phone": "", "contact_by": "fax"}, "Select a valid choice"),
    ],
)
def test_bad_host_details_are_refused_in_words(client, place, data, error):
    programme, boston, _louth, host = place
    client.force_login(user_with_role(Role.COORDINATOR, area=boston))
    answer = client.post(host_url(programme, boston, host), data)
    assert answer.status_code == 200 and error in answer.content.decode()
    assert not HostProfile.objects.exists()


def test_only_coordinators_in_scope_may_edit_host_details(client, place):
    programme, boston, louth, host = place
    url = host_url(programme, boston, host)
    data = {"trained_on": "", "phone": "", "contact_by": "email"}
    for outsider in (
        user_with_role(Role.COORDINATOR, area=louth),
        user_with_role(Role.TABLE_HOST, area=boston),
        user_with_role(Role.VOLUNTEER, area=boston),
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    # Another host's role in Louth is not reachable through Boston's pages.
    other = user_with_role(Role.TABLE_HOST, area=louth)
    local = user_with_role(Role.COORDINATOR, area=boston)
    client.force_login(local)
    louth_role = RoleAssignment.objects.get(user=other)
    wrong = reverse(
        "engagement:area_host_profile",
        kwargs={"programme_slug": programme.slug, "area_slug": boston.slug, "pk": louth_role.pk},
    )
    assert client.get(wrong).status_code == 404
    # Nor may an area coordinator use the programme's People pages.
    programme_wide = reverse(
        "engagement:programme_host_profile",
        kwargs={"programme_slug": programme.slug, "pk": louth_role.pk},
    )
    assert client.post(programme_wide, data).status_code == 403
    # A coordinator of the whole programme may edit any host.
    client.force_login(user_with_role(Role.COORDINATOR, programme=programme))
    assert client.post(url, data).status_code == 302
    assert not AuditEntry.objects.filter(action="host.details.update", actor__isnull=True).exists()


def _hosts_page(cafe) -> str:
    return reverse("cafes:hosts", kwargs={"pk": cafe.pk})


def test_a_host_given_a_table_is_emailed_their_table_question_and_time(client, place):
    programme, boston, _louth, host = place
    cafe = cafe_with_tables(2, event__area=boston, event__title="Boston World Café")
    question_set(actor=None, cafe=cafe, round_number=1, text="What do you love about Boston?")
    coordinator = user_with_role(Role.COORDINATOR, area=boston)
    client.force_login(coordinator)
    # Set on the People page, the training date need not be typed again on the café's page.
    client.post(
        host_url(programme, boston, host),
        {"trained_on": "2026-01-10", "phone": "", "contact_by": "email"},
    )
    table = cafe.tables.get(number=2)
    answer = client.post(_hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": table.pk})
    assert answer.status_code == 302
    assert cafe.host_assignments.get(user=host).trained_on == dt.date(2026, 1, 10)
    assert run_outbox_tasks() == 1
    (email,) = mail.outbox
    assert email.to == ["hana@example.org"]
    assert email.subject == "Your table at Boston World Café: table 2"
    when = timezone.localtime(cafe.event.starts_at)
    assert "You are hosting table 2." in email.body
    assert "What do you love about Boston?" in email.body
    assert f"{when:%H:%M}" in email.body and when.strftime("%-d %B %Y") in email.body
    assert f"/cafes/{cafe.pk}/tables/2/" in email.body
    assert email.extra_headers["Content-Language"].startswith("en")

    # Saving the host again at the same table tells them nothing new; moving them does.
    client.post(_hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": table.pk})
    assert run_outbox_tasks() == 0
    first = cafe.tables.get(number=1)
    client.post(_hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": first.pk})
    assert run_outbox_tasks() == 1
    assert mail.outbox[-1].subject.endswith("table 1")


def test_a_host_without_a_training_date_is_asked_for_one_in_words(client, place):
    _programme, boston, _louth, host = place
    cafe = cafe_with_tables(1, event__area=boston)
    client.force_login(user_with_role(Role.COORDINATOR, area=boston))
    answer = client.post(_hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": ""})
    assert "Give the date Hana Host was trained" in answer.content.decode()
    assert not cafe.host_assignments.exists()


def test_the_email_is_in_the_hosts_language(client, place):
    _programme, boston, _louth, host = place
    host.preferred_language = "cy"
    host.save()
    cafe = cafe_with_tables(1, event__area=boston)
    client.force_login(user_with_role(Role.COORDINATOR, area=boston))
    client.post(
        _hosts_page(cafe),
        {"user": host.pk, "trained_on": "2026-01-10", "table": cafe.tables.get().pk},
    )
    run_outbox_tasks()
    assert mail.outbox[-1].extra_headers["Content-Language"] == "cy"


def test_with_notify_a_host_who_chose_texts_is_also_texted(client, place, notify):
    programme, boston, _louth, host = place
    cafe = cafe_with_tables(1, event__area=boston, event__title="Boston World Café")
    question_set(actor=None, cafe=cafe, round_number=1, text="What do you love about Boston?")
    client.force_login(user_with_role(Role.COORDINATOR, area=boston))
    client.post(
        host_url(programme, boston, host),
        {"trained_on": "2026-01-10", "phone": "07700 900123", "contact_by": "text"},
    )
    client.post(
        _hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": cafe.tables.get().pk}
    )
    assert run_outbox_tasks() == 2
    assert sorted(s.type for s in notify.sent) == ["email", "sms"]
    (text,) = [s for s in notify.sent if s.type == "sms"]
    assert text.to == "+447700900123"
    assert "table 1 at Boston World Café" in text.personalisation["body"]
    assert "First question: What do you love about Boston?" in text.personalisation["body"]
    assert set(HostTableMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_without_notify_a_host_who_chose_texts_gets_the_email_only(client, place):
    programme, boston, _louth, host = place
    cafe = cafe_with_tables(1, event__area=boston)
    client.force_login(user_with_role(Role.COORDINATOR, area=boston))
    client.post(
        host_url(programme, boston, host),
        {"trained_on": "2026-01-10", "phone": "07700 900123", "contact_by": "text"},
    )
    client.post(
        _hosts_page(cafe), {"user": host.pk, "trained_on": "", "table": cafe.tables.get().pk}
    )
    assert run_outbox_tasks() == 1
    assert [m.channel for m in HostTableMessage.objects.all()] == ["email"]


def test_the_hosts_dashboard_and_the_people_page_show_their_table(client, place):
    programme, boston, _louth, host = place
    cafe = cafe_with_tables(2, event__area=boston, event__title="Boston World Café")
    coordinator = user_with_role(Role.COORDINATOR, area=boston)
    client.force_login(coordinator)
    client.post(
        _hosts_page(cafe),
        {"user": host.pk, "trained_on": "2026-01-10", "table": cafe.tables.get(number=2).pk},
    )
    people = client.get(people_url(programme, boston)).content.decode()
    assert "Table 2, Boston World Café" in people
    client.force_login(host)
    dashboard = client.get(reverse("dashboard")).content.decode()
    table_url = reverse("cafes:host_table", kwargs={"pk": cafe.pk, "number": 2})
    assert f'href="{table_url}"' in dashboard
    assert "Your table: table 2 at Boston World Café" in dashboard
    assert client.get(table_url).status_code == 200
    # Once the café is over, the dashboard no longer offers the table.
    cafe.event.starts_at = timezone.now() - dt.timedelta(days=2)
    cafe.event.ends_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2)
    cafe.event.save()
    assert "Your table" not in client.get(reverse("dashboard")).content.decode()
