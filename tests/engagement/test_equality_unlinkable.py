"""Equality answers cannot be joined to the booking they came from: not by a column, not by
PostgreSQL's transaction id (``xmin``), not by the order rows were written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from engagement.models import EqualityAnswerWaiting, EqualityResponse, Registration
from engagement.services.equality import equality_answers_release
from engagement.services.tokens import registration_token
from tests.engagement.factories import EventFactory, RegistrationFactory

AGES = ["16_24", "25_44", "45_64", "65_74", "75_plus", "under_16"]


def joined_by_xmin(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.name, e.age_band FROM {Registration._meta.db_table} r "  # noqa: S608
            f"JOIN {table} e ON r.xmin = e.xmin"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_join_that_named_people_finds_nothing(client, settings):
    settings.EQUALITY_RELEASE_BATCH = 4
    event = EventFactory()
    bookings = [RegistrationFactory(event=event, name=f"Person {i}") for i in range(len(AGES))]
    for booking, age in zip(bookings, AGES, strict=True):
        url = reverse("engagement:registration_equality", args=[registration_token(booking)])
        client.post(url, {"consent": "on", "p1_age_band": age, "p1_ethnicity": "black"})
    assert Registration.objects.filter(equality_answered=True).count() == len(AGES)
    assert joined_by_xmin(EqualityAnswerWaiting._meta.db_table) == []
    assert equality_answers_release() == len(AGES)
    assert not EqualityAnswerWaiting.objects.exists()
    assert joined_by_xmin(EqualityResponse._meta.db_table) == []
    # One transaction wrote every response: they share one xmin, whoever answered first.
    with connection.cursor() as cursor:
        table = EqualityResponse._meta.db_table
        cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {table}")  # noqa: S608
        assert cursor.fetchone() == (1,)
    assert sorted(EqualityResponse.objects.values_list("age_band", flat=True)) == sorted(AGES)


@pytest.mark.django_db
def test_answers_wait_for_a_batch_and_the_nightly_run_releases_the_rest(settings):
    from engagement.services.equality import equality_response_submit

    settings.EQUALITY_RELEASE_BATCH = 3
    event = EventFactory()
    for age in AGES[:2]:
        equality_response_submit(
            registration=RegistrationFactory(event=event), consent=True, age_band=age
        )
    assert equality_answers_release() == 0 and not EqualityResponse.objects.exists()
    assert equality_answers_release(minimum=1) == 2
    assert equality_answers_release(minimum=1) == 0  # run twice: nothing more
    assert EqualityResponse.objects.count() == 2


@pytest.mark.django_db
def test_release_order_is_shuffled():
    """Ids are handed out in insertion order: the batch is inserted in random order, so over
    many runs the first answer sent does not always get the lowest id."""
    from engagement.services.equality import equality_response_submit

    event = EventFactory()
    first_gets_lowest = 0
    for _round in range(12):
        for age in AGES:
            equality_response_submit(
                registration=RegistrationFactory(event=event), consent=True, age_band=age
            )
        equality_answers_release(minimum=1)
        ordered = list(EqualityResponse.objects.order_by("pk").values_list("age_band", flat=True))
        first_gets_lowest += ordered == AGES
        EqualityResponse.objects.all().delete()
    assert first_gets_lowest < 3
