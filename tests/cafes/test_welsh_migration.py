"""Upgrading moves a question's Welsh from the ``translations`` JSON to its Welsh field, keeps
the other languages (for language tables) in the JSON, and makes the text so far the English."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cafes.models import BankQuestion
from tests.factories import ProgrammeFactory
from tests.migrations import back_to_the_latest_migrations, migrate_to, migrate_to_latest  # noqa: F401

BEFORE = [("cafes", "0003_harvest_curation")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_welsh_moves_from_the_json_to_its_own_field():
    programme = ProgrammeFactory()
    migrate_to(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    old.get_model("cafes", "BankQuestion").objects.create(
        programme_id=programme.pk,
        text="What would you change?",
        translations={"cy": "Beth fyddech chi'n ei newid?", "pl": "Co byś zmienił?"},
    )
    old.get_model("cafes", "BankQuestion").objects.create(
        programme_id=programme.pk, text="Who is missing?", translations={}
    )
    migrate_to_latest()
    changed, plain = BankQuestion.objects.order_by("text_en")
    assert (changed.text_en, changed.text_cy) == (
        "What would you change?",
        "Beth fyddech chi'n ei newid?",
    )
    assert changed.translations == {"pl": "Co byś zmienił?"}
    assert (plain.text_en, plain.text_cy) == ("Who is missing?", None)
    assert plain.text_in("cy") == "Who is missing?"
