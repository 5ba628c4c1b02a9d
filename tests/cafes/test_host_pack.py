"""The host pack PDF, made by a real Celery worker, twice: one record, one file."""

from django.contrib.contenttypes.models import ContentType

from cafes import services
from cafes.models import Cafe, Seat
from engagement.models import GeneratedDocument, Role
from tests.documents import wait_for_document
from tests.factories import user_with_role

from .factories import cafe_with_tables, host_at, participants


def test_host_pack_made_by_the_worker_twice_gives_one_file(celery_worker):
    cafe = cafe_with_tables(2, rounds=2)
    host_at(cafe.tables.get(number=1), name="Hana Host")
    services.question_set(actor=None, cafe=cafe, round_number=1, text="What is good here?")
    for r in (1, 2):
        for person, table in zip(participants(cafe, 2), cafe.tables.all(), strict=True):
            Seat.objects.create(cafe=cafe, round_number=r, table=table, participant=person)
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    first = wait_for_document(services.host_pack_request(actor=coordinator, cafe=cafe).pk)
    assert first.status == "ready", first.error
    with first.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert first.pages >= 4  # pack, seating, one harvest sheet per table
    first_name = first.file.name
    second = wait_for_document(services.host_pack_request(actor=coordinator, cafe=cafe).pk)
    assert second.status == "ready", second.error
    documents = GeneratedDocument.objects.filter(
        kind=services.HOST_PACK,
        content_type=ContentType.objects.get_for_model(Cafe),
        object_id=str(cafe.pk),
    )
    assert documents.count() == 1
    assert second.file.storage.exists(second.file.name)
    if first_name != second.file.name:
        assert not first.file.storage.exists(first_name)
