"""PB votes move here from ``budgeting`` without moving any data.

The models keep their ``budgeting_*`` tables (``Meta.db_table``), so the state operations only
tell Django where the models live now. The content types of the moved models are relabelled
from ``budgeting`` to ``voting``, so audit rows and generated documents (code cards) written
before the move still point at their vote; the code cards' document kind is renamed with them.
"""

import django.db.models.deletion
import uuid
import voting.digests
from django.conf import settings
from django.db import migrations, models


MOVED = [
    "pbvote",
    "voteoption",
    "tallyrecord",
    "resultoverride",
    "codebatch",
    "votingcode",
    "paperballot",
    "paperentry",
    "ballot",
]
KINDS = {"budgeting.code_cards": "voting.code_cards"}


def _relabel(apps, schema_editor, old_label: str, new_label: str, kinds: dict[str, str]) -> None:
    db = schema_editor.connection.alias
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    pointers = [apps.get_model("engagement", "AuditEntry"), apps.get_model("engagement", "GeneratedDocument")]
    for model in MOVED:
        old = content_type.objects.using(db).filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        stray = content_type.objects.using(db).filter(app_label=new_label, model=model).first()
        if stray is not None:
            # Made by an earlier post-migrate run: keep the old row (everything points at it).
            for pointer in pointers:
                pointer.objects.using(db).filter(content_type=stray).update(content_type=old)
            permission.objects.using(db).filter(content_type=stray).delete()
            stray.delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])
    documents = apps.get_model("engagement", "GeneratedDocument")
    for before, after in kinds.items():
        documents.objects.using(db).filter(kind=before).update(kind=after)


def relabel_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "budgeting", "voting", KINDS)


def relabel_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "voting", "budgeting", {v: k for k, v in KINDS.items()})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("budgeting", "0006_move_votes_to_voting"),
        ("engagement", "0008_tension_reminder_once_per_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                    migrations.CreateModel(
                        name='PBVote',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('created', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                            ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                            ('title', models.CharField(max_length=200, verbose_name='title')),
                            ('source', models.CharField(choices=[('event', 'PB event'), ('imported', 'Imported from pabulib')], default='event', max_length=10, verbose_name='source')),
                            ('ballot_type', models.CharField(choices=[('scoring', 'Score every bid (e.g. 0 to 5)'), ('approval', 'Tick the bids you support'), ('choose-1', 'Choose one bid'), ('cumulative', 'Spread points between bids'), ('ordinal', 'Rank your favourite bids'), ('knapsack', 'Choose bids within the budget')], default='scoring', max_length=12, verbose_name='ballot type')),
                            ('rule', models.CharField(choices=[('greedy', 'Most support first, skipping bids that no longer fit'), ('greedy-no-skip', 'Most support first, stopping at the first that does not fit'), ('greedy-threshold', 'Most support first, only bids over a threshold'), ('equalshares', 'Method of Equal Shares'), ('equalshares/add1', 'Method of Equal Shares with add-one completion'), ('equalshares/add1u', 'Method of Equal Shares, add-one completion, then most support first')], default='greedy', max_length=20, verbose_name='counting rule')),
                            ('params', models.JSONField(blank=True, default=dict, verbose_name='ballot and rule settings')),
                            ('budget_pence', models.PositiveBigIntegerField(verbose_name='money to allocate (pence)')),
                            ('status', models.CharField(choices=[('draft', 'Being set up'), ('scheduled', 'Opens at the set time'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                            ('opens_at', models.DateTimeField(blank=True, null=True, verbose_name='opens at')),
                            ('closes_at', models.DateTimeField(blank=True, null=True, verbose_name='closes at')),
                            ('opened_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='opened')),
                            ('closed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='closed')),
                            ('codes_must_be_issued', models.BooleanField(default=True, help_text='The volunteer records the declared eligibility when handing a card over.', verbose_name='codes work only once handed out at check-in')),
                            ('eligibility_note', models.CharField(blank=True, help_text='e.g. aged 11 or over and living, working or studying in the area.', max_length=300, verbose_name='who may vote')),
                            ('salt', models.CharField(default=voting.digests.new_salt, editable=False, max_length=64)),
                            ('meta', models.JSONField(blank=True, default=dict, editable=False)),
                            ('tally_state', models.CharField(choices=[('none', 'Not counted'), ('pending', 'Waiting to be counted'), ('running', 'Being counted'), ('done', 'Counted'), ('failed', 'Count failed')], default='none', max_length=10, verbose_name='count')),
                            ('tally_requested_at', models.DateTimeField(blank=True, editable=False, null=True)),
                            ('tally_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                            ('tally_error', models.TextField(blank=True, editable=False)),
                            ('results_confirmed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='results confirmed')),
                            ('area', models.ForeignKey(blank=True, help_text='Empty only for an imported election not tied to an area.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pb_votes', to='engagement.area', verbose_name='area')),
                            ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='set up by')),
                            ('event', models.ForeignKey(blank=True, limit_choices_to={'kind': 'pb_event'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pb_votes', to='engagement.event', verbose_name='PB event')),
                            ('round', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='votes', to='budgeting.bidround', verbose_name='bid round')),
                        ],
                        options={
                            'verbose_name': 'PB vote',
                            'verbose_name_plural': 'PB votes',
                            'db_table': 'budgeting_pbvote',
                            'ordering': ['-created'],
                        },
                    ),
                    migrations.CreateModel(
                        name='PaperBallot',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('created', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                            ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                            ('number', models.PositiveIntegerField(verbose_name='paper ballot number')),
                            ('state', models.CharField(choices=[('awaiting', 'Waiting for a second keying'), ('counted', 'Counted'), ('disputed', 'Entries disagree: for a supervisor'), ('spoilt', 'Spoilt')], default='awaiting', max_length=10)),
                            ('spoilt_reason', models.CharField(blank=True, max_length=300, verbose_name='why it is spoilt')),
                            ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='paper_ballots', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'paper ballot',
                            'verbose_name_plural': 'paper ballots',
                            'db_table': 'budgeting_paperballot',
                            'ordering': ['vote', 'number'],
                        },
                    ),
                    migrations.CreateModel(
                        name='CodeBatch',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('created', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                            ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                            ('size', models.PositiveIntegerField(verbose_name='number of cards')),
                            ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='codes made')),
                            ('generations', models.PositiveSmallIntegerField(default=0, editable=False)),
                            ('printed_at', models.DateTimeField(blank=True, null=True, verbose_name='printed and PDF deleted')),
                            ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='engagement.generateddocument')),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='code_batches', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'batch of code cards',
                            'verbose_name_plural': 'batches of code cards',
                            'db_table': 'budgeting_codebatch',
                            'ordering': ['vote', 'created'],
                        },
                    ),
                    migrations.CreateModel(
                        name='Ballot',
                        fields=[
                            ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                            ('source', models.CharField(choices=[('online', 'Phone or computer'), ('paper', 'Paper'), ('imported', 'Imported')], default='online', max_length=8)),
                            ('choices', models.TextField(blank=True)),
                            ('points', models.TextField(blank=True)),
                            ('code_digest', models.CharField(blank=True, max_length=64, null=True)),
                            ('idempotency_key', models.UUIDField(blank=True, null=True)),
                            ('receipt_digest', models.CharField(blank=True, max_length=64, null=True)),
                            ('paper', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ballot', to='voting.paperballot')),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'ballot',
                            'verbose_name_plural': 'ballots',
                            'db_table': 'budgeting_ballot',
                        },
                    ),
                    migrations.CreateModel(
                        name='ResultOverride',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('selected', models.JSONField(blank=True, default=list, verbose_name='bids funded')),
                            ('reason', models.TextField(verbose_name='reason')),
                            ('created', models.DateTimeField(auto_now_add=True)),
                            ('made_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='overrides', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'override of the count',
                            'verbose_name_plural': 'overrides of the count',
                            'db_table': 'budgeting_resultoverride',
                            'ordering': ['vote', '-created'],
                        },
                    ),
                    migrations.CreateModel(
                        name='TallyRecord',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('rule', models.CharField(max_length=40)),
                            ('params', models.JSONField(blank=True, default=dict)),
                            ('checksum', models.CharField(max_length=64, verbose_name='inputs checksum (SHA-256)')),
                            ('engine_version', models.CharField(max_length=20)),
                            ('seed', models.CharField(max_length=128, verbose_name='tie-break seed')),
                            ('ballots_counted', models.PositiveIntegerField()),
                            ('selected', models.JSONField(blank=True, default=list)),
                            ('partial', models.JSONField(blank=True, default=dict)),
                            ('spent_pence', models.BigIntegerField()),
                            ('budget_pence', models.BigIntegerField()),
                            ('steps', models.JSONField(blank=True, default=list)),
                            ('created', models.DateTimeField(auto_now_add=True)),
                            ('vote', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='tally', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'count',
                            'verbose_name_plural': 'counts',
                            'db_table': 'budgeting_tallyrecord',
                        },
                    ),
                    migrations.CreateModel(
                        name='VoteOption',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('position', models.PositiveIntegerField(verbose_name='place on the ballot')),
                            ('project_id', models.CharField(max_length=64, verbose_name='project id')),
                            ('title', models.CharField(max_length=300, verbose_name='title')),
                            ('summary', models.CharField(blank=True, max_length=300, verbose_name='summary')),
                            ('cost_pence', models.PositiveBigIntegerField(verbose_name='cost (pence)')),
                            ('category', models.CharField(blank=True, max_length=200, verbose_name='category')),
                            ('extra', models.JSONField(blank=True, default=dict)),
                            ('bid', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='vote_options', to='budgeting.bid')),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'ballot option',
                            'verbose_name_plural': 'ballot options',
                            'db_table': 'budgeting_voteoption',
                            'ordering': ['vote', 'position'],
                        },
                    ),
                    migrations.CreateModel(
                        name='VotingCode',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('digest', models.CharField(max_length=64, unique=True)),
                            ('state', models.CharField(choices=[('printed', 'Printed'), ('issued', 'Handed out'), ('void', 'Void')], default='printed', max_length=8)),
                            ('eligibility_declared', models.BooleanField(default=False)),
                            ('voter_group', models.CharField(blank=True, help_text='A group with a bid on the ballot: its members may not score that bid.', max_length=200, verbose_name='votes as a member of')),
                            ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='voting.codebatch')),
                            ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='voting.pbvote')),
                        ],
                        options={
                            'verbose_name': 'voting code',
                            'verbose_name_plural': 'voting codes',
                            'db_table': 'budgeting_votingcode',
                        },
                    ),
                    migrations.CreateModel(
                        name='PaperEntry',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('created', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                            ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                            ('choices', models.TextField(blank=True)),
                            ('points', models.TextField(blank=True)),
                            ('spoilt', models.BooleanField(default=False)),
                            ('spoilt_reason', models.CharField(blank=True, max_length=300)),
                            ('supervisor', models.BooleanField(default=False)),
                            ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='voting.paperballot')),
                        ],
                        options={
                            'verbose_name': 'paper ballot entry',
                            'verbose_name_plural': 'paper ballot entries',
                            'db_table': 'budgeting_paperentry',
                            'ordering': ['paper', 'created'],
                            'constraints': [models.UniqueConstraint(condition=models.Q(('supervisor', False)), fields=('paper', 'entered_by'), name='paperentry_one_per_volunteer')],
                        },
                    ),
                    migrations.AddConstraint(
                        model_name='pbvote',
                        constraint=models.CheckConstraint(condition=models.Q(('opens_at__isnull', True), ('closes_at__isnull', True), ('closes_at__gt', models.F('opens_at')), _connector='OR'), name='pbvote_closes_after_opens'),
                    ),
                    migrations.AddConstraint(
                        model_name='pbvote',
                        constraint=models.CheckConstraint(condition=models.Q(('source', 'imported'), models.Q(('event__isnull', False), ('round__isnull', False), ('area__isnull', False)), _connector='OR'), name='pbvote_event_vote_has_event_and_round'),
                    ),
                    migrations.AddConstraint(
                        model_name='pbvote',
                        constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'scheduled'), _negated=True), ('opens_at__isnull', False), _connector='OR'), name='pbvote_scheduled_has_opening_time'),
                    ),
                    migrations.AddConstraint(
                        model_name='paperballot',
                        constraint=models.UniqueConstraint(fields=('vote', 'number'), name='paperballot_unique_number'),
                    ),
                    migrations.AddConstraint(
                        model_name='paperballot',
                        constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'spoilt'), _negated=True), models.Q(('spoilt_reason', ''), _negated=True), _connector='OR'), name='paperballot_spoilt_has_reason'),
                    ),
                    migrations.AddConstraint(
                        model_name='codebatch',
                        constraint=models.CheckConstraint(condition=models.Q(('size__gte', 1), ('size__lte', 5000)), name='codebatch_size_range'),
                    ),
                    migrations.AddConstraint(
                        model_name='ballot',
                        constraint=models.UniqueConstraint(condition=models.Q(('code_digest__isnull', False)), fields=('vote', 'code_digest'), name='ballot_one_per_code'),
                    ),
                    migrations.AddConstraint(
                        model_name='ballot',
                        constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', 'online'), _negated=True), models.Q(('code_digest__isnull', False), ('receipt_digest__isnull', False)), _connector='OR'), name='ballot_online_has_code_and_receipt'),
                    ),
                    migrations.AddConstraint(
                        model_name='ballot',
                        constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', 'paper'), _negated=True), ('paper__isnull', False), _connector='OR'), name='ballot_paper_has_paper'),
                    ),
                    migrations.AddConstraint(
                        model_name='resultoverride',
                        constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='resultoverride_has_reason'),
                    ),
                    migrations.AddConstraint(
                        model_name='voteoption',
                        constraint=models.UniqueConstraint(fields=('vote', 'position'), name='voteoption_unique_position'),
                    ),
                    migrations.AddConstraint(
                        model_name='voteoption',
                        constraint=models.UniqueConstraint(fields=('vote', 'project_id'), name='voteoption_unique_project_id'),
                    ),
                    migrations.AddConstraint(
                        model_name='voteoption',
                        constraint=models.UniqueConstraint(condition=models.Q(('bid__isnull', False)), fields=('vote', 'bid'), name='voteoption_unique_bid'),
                    ),
                    migrations.AddIndex(
                        model_name='votingcode',
                        index=models.Index(fields=['vote', 'state'], name='budgeting_v_vote_id_628cff_idx'),
                    ),
                    migrations.AddConstraint(
                        model_name='votingcode',
                        constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'issued'), _negated=True), ('eligibility_declared', True), _connector='OR'), name='votingcode_issued_only_when_eligible'),
                    ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
