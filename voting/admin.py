"""Admin for superusers: PB votes, counts and overrides, read-only."""

from django.contrib import admin

from engagement.admin_readonly import ReadOnlyAdmin

from .models import PBVote, ResultProposal, TallyRecord


# PB votes. Codes and ballots are left out on purpose: they hold only hashes, and the ballot
# table must never be browsed next to anything that could identify a voter.
@admin.register(PBVote)
class PBVoteAdmin(ReadOnlyAdmin):
    """Readable, never editable here. A vote is set up, opened and closed through its own pages
    (the services), which copy the shortlist onto the ballot, take the locks that keep ballots
    and the count consistent, and audit-log; the ballot's fixed parts (type, rule, budget,
    options) must not change while phones are casting against them."""

    list_display = ["title", "area", "ballot_type", "rule", "status", "opens_at"]
    list_filter = ["status", "ballot_type", "rule"]
    search_fields = ["title"]
    raw_id_fields = ["event", "round"]


@admin.register(TallyRecord)
class TallyRecordAdmin(ReadOnlyAdmin):
    """Counts are evidence: readable, never editable."""

    list_display = ["vote", "rule", "ballots_counted", "spent_pence", "checksum", "created"]


@admin.register(ResultProposal)
class ResultProposalAdmin(TallyRecordAdmin):
    list_display = ["vote", "kind", "state", "reason", "made_by", "decided_by", "created"]
