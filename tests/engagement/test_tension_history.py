"""A tension assessment's history in words, and what must stand out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import TensionAssessment
from engagement.selectors.tension import tension_history, tension_needing_attention
from engagement.services.tension import tension_create, tension_update
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


def _assessment(area, actor, **fields):
    today = timezone.localdate()
    values = {
        "area": area,
        "title": "Fire at the community centre",
        "incident_date": today - dt.timedelta(days=10),
        "what_happened": "A fire.",
        "communities_affected": "Everyone on the estate.",
        "confidence_assessment": "Shaken.",
        "tension_level": TensionAssessment.Level.MEDIUM,
        **fields,
    }
    return tension_create(actor=actor, programme=area.programme, **values)


def test_history_names_each_change_with_its_earlier_value_who_and_when(
    django_assert_max_num_queries,
):
    area = AreaFactory()
    first = user_with_role("coordinator", area=area, name="Ann Pryce")
    second = user_with_role("coordinator", area=area, name="Bob Tate")
    assessment = _assessment(area, first)
    tension_update(
        actor=second,
        assessment=assessment,
        tension_level=TensionAssessment.Level.HIGH,
        owner=second,
        next_review_on=timezone.localdate(),
    )
    with django_assert_max_num_queries(3):
        history = tension_history(assessment=assessment)
    newest, oldest = history
    assert newest.who == "Bob Tate" and oldest.who == "Ann Pryce"
    assert newest.when >= oldest.when
    changes = {c.label: (c.before, c.after) for c in newest.changes}
    assert changes["Level of tension"] == ("Medium", "High")
    assert changes["Owner"] == ("Ann Pryce", "Bob Tate")
    assert changes["Next review"][0] == "–"
    assert oldest.changes == []


def test_high_tension_and_overdue_reviews_need_attention():
    area = AreaFactory()
    coordinator = user_with_role("coordinator", area=area)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    high = _assessment(area, coordinator, tension_level=TensionAssessment.Level.CRITICAL)
    overdue = _assessment(area, coordinator, next_review_on=yesterday)
    _assessment(area, coordinator, next_review_on=timezone.localdate())  # due today: not late
    _assessment(area, coordinator, tension_level="high", status=TensionAssessment.Status.CLOSED)
    assert set(tension_needing_attention(user=coordinator)) == {high, overdue}
    assert overdue.review_overdue and high.is_high and not overdue.is_high
    elsewhere = user_with_role("coordinator", area=AreaFactory(programme=area.programme))
    assert not tension_needing_attention(user=elsewhere).exists()


def test_list_and_dashboard_mark_them_in_words(client):
    area = AreaFactory()
    coordinator = user_with_role("coordinator", area=area)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    _assessment(area, coordinator, title="Flood", tension_level="high", next_review_on=yesterday)
    client.force_login(coordinator)
    listing = client.get(reverse("engagement:tension_list")).content.decode()
    assert "1 open assessment at high or critical tension" in listing
    assert "1 review overdue" in listing and "Overdue:" in listing
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Community tension: needs attention" in dashboard
    assert "High tension" in dashboard and "Review overdue since" in dashboard
    volunteer = user_with_role("volunteer", area=area)
    client.force_login(volunteer)
    assert "needs attention" not in client.get(reverse("dashboard")).content.decode()
