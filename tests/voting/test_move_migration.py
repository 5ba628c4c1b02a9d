"""PB votes moved from ``budgeting`` to ``voting`` without moving data: a database upgraded
across the move keeps every vote, and the audit rows and code-card documents written before it
still resolve to their vote."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from engagement.models import AuditEntry, GeneratedDocument
from tests.migrations import back_to_the_latest_migrations, migrate_to, migrate_to_latest  # noqa: F401
from voting.models import PBVote
from voting.services.cards import CODE_CARDS

from .voting_helpers import make_vote

BEFORE_THE_MOVE = [("voting", None), ("budgeting", "0005_remove_project_reminder_sent_for")]


#: The state just before the move, for the historical models the old rows are written with.
OLD_STATE = [
    ("budgeting", "0005_remove_project_reminder_sent_for"),
    ("engagement", "0008_tension_reminder_once_per_key"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_rows_written_before_the_move_still_point_at_their_vote():
    vote = make_vote()
    migrate_to(BEFORE_THE_MOVE)
    old = MigrationExecutor(connection).loader.project_state(OLD_STATE).apps
    old_types = old.get_model("contenttypes", "ContentType")
    before = old_types.objects.get(app_label="budgeting", model="pbvote")
    assert not old_types.objects.filter(app_label="voting").exists()
    old.get_model("engagement", "AuditEntry").objects.create(
        action="vote.before_move", content_type_id=before.pk, object_id=str(vote.pk)
    )
    old.get_model("engagement", "GeneratedDocument").objects.create(
        kind="budgeting.code_cards",
        content_type_id=before.pk,
        object_id=str(vote.pk),
        params_key="cards",
    )

    migrate_to_latest()
    ContentType.objects.clear_cache()

    after = ContentType.objects.get_for_model(PBVote)
    assert (after.pk, after.app_label) == (before.pk, "voting")
    assert not ContentType.objects.filter(app_label="budgeting", model="pbvote").exists()
    entry = AuditEntry.objects.get(action="vote.before_move")
    assert entry.subject == vote
    document = GeneratedDocument.objects.get(params_key="cards")
    assert (document.kind, document.subject) == (CODE_CARDS, vote)
    assert PBVote.objects.get(pk=vote.pk).title == vote.title
