from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0005_remove_project_reminder_sent_for'),
    ]

    # PB votes moved to the ``voting`` app. Only Django's idea of where the models live changes:
    # the tables keep their names and no data moves (see voting/migrations/0001).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                    migrations.RemoveField(
                        model_name='codebatch',
                        name='created_by',
                    ),
                    migrations.RemoveField(
                        model_name='codebatch',
                        name='document',
                    ),
                    migrations.RemoveField(
                        model_name='codebatch',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='votingcode',
                        name='batch',
                    ),
                    migrations.RemoveField(
                        model_name='paperballot',
                        name='resolved_by',
                    ),
                    migrations.RemoveField(
                        model_name='paperballot',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='paperentry',
                        name='paper',
                    ),
                    migrations.RemoveField(
                        model_name='paperentry',
                        name='entered_by',
                    ),
                    migrations.RemoveField(
                        model_name='pbvote',
                        name='area',
                    ),
                    migrations.RemoveField(
                        model_name='pbvote',
                        name='created_by',
                    ),
                    migrations.RemoveField(
                        model_name='pbvote',
                        name='event',
                    ),
                    migrations.RemoveField(
                        model_name='pbvote',
                        name='round',
                    ),
                    migrations.RemoveField(
                        model_name='voteoption',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='resultoverride',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='tallyrecord',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='votingcode',
                        name='vote',
                    ),
                    migrations.RemoveField(
                        model_name='resultoverride',
                        name='made_by',
                    ),
                    migrations.RemoveField(
                        model_name='voteoption',
                        name='bid',
                    ),
                    migrations.DeleteModel(
                        name='Ballot',
                    ),
                    migrations.DeleteModel(
                        name='CodeBatch',
                    ),
                    migrations.DeleteModel(
                        name='PaperBallot',
                    ),
                    migrations.DeleteModel(
                        name='PaperEntry',
                    ),
                    migrations.DeleteModel(
                        name='TallyRecord',
                    ),
                    migrations.DeleteModel(
                        name='PBVote',
                    ),
                    migrations.DeleteModel(
                        name='VotingCode',
                    ),
                    migrations.DeleteModel(
                        name='ResultOverride',
                    ),
                    migrations.DeleteModel(
                        name='VoteOption',
                    ),
            ],
            database_operations=[],
        ),
    ]
