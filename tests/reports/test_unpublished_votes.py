"""A cancelled vote, and results still being checked, appear in no report and no export: not
the dashboard, the PDF, 360Giving, the bids CSV or the pabulib files. Only confirmed results
do."""

from __future__ import annotations

import datetime as dt
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from budgeting.models import BidStatus
from engagement.models import Event, Role
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role
from tests.voting.voting_helpers import confirm_results, issued_codes, key
from voting.models import PBVote
from voting.services import ballot_cast, vote_cancel, vote_close, vote_create, vote_open, vote_tally

pytestmark = pytest.mark.django_db


def counted(area, title: str, bid_titles: list[str]) -> PBVote:
    round_ = BidRoundFactory(area=area, phase="voting")
    fund(round_.pot, 200_000)
    for name in bid_titles:
        submitted_bid(
            round=round_, title=name, amount_requested_pence=80_000, status=BidStatus.SHORTLISTED
        )
    event = EventFactory(
        area=area,
        kind=Event.Kind.PB_EVENT,
        title=f"{title} night",
        starts_at=timezone.now() - dt.timedelta(hours=2),
    )
    vote = vote_create(
        actor=None,
        event=event,
        round=round_,
        title=title,
        ballot_type="approval",
        rule="greedy",
        budget_pence=200_000,
    )
    vote = vote_open(actor=None, vote=vote)
    for code in issued_codes(vote, 2):
        ballot_cast(vote=vote, code=code, choices=[0, 1], points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    return vote


@pytest.fixture
def votes():
    programme = ProgrammeFactory(name="Safer Shires", slug="safer-shires")
    area = AreaFactory(programme=programme, name="South", slug="south")
    kept = counted(area, "Kept vote", ["Walking bus", "Speed watch"])
    confirm_results(kept)
    stray = counted(area, "Validation test", ["Evening youth hub", "Youth boxing nights"])
    vote_cancel(actor=None, vote=stray, reason="A stray test vote.")
    checking = counted(area, "Still checking", ["Seafront lights", "Litter pick"])
    return programme, kept, stray, checking


def test_only_confirmed_votes_reach_the_report_selectors(votes):
    _programme, kept, stray, checking = votes
    assert list(PBVote.objects.publishable()) == [kept]
    assert stray not in PBVote.objects.live() and checking in PBVote.objects.live()


def test_the_dashboard_and_exports_leave_them_out(client, votes, settings):
    settings.REPORTS_360G_PREFIX = "360G-safershires"  # a registered prefix: 360Giving opens
    programme, kept, stray, checking = votes
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=programme))
    dashboard = client.get(f"/reports/{programme.slug}/").content.decode()
    assert "Kept vote" in dashboard
    assert "Validation test" not in dashboard and "Still checking" not in dashboard

    assert client.get(f"/reports/votes/{kept.pk}/pabulib/").status_code == 200
    for vote in (stray, checking):
        assert client.get(f"/reports/votes/{vote.pk}/pabulib/").status_code == 404

    for kind in ("360giving.json", "360giving.csv"):
        response = client.get(f"/reports/{programme.slug}/export/{kind}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Walking bus" in body and "Speed watch" in body
        for title in ("Evening youth hub", "Youth boxing nights", "Seafront lights"):
            assert title not in body


def test_the_pdf_report_leaves_them_out(tmp_path, votes):
    programme, _kept, _stray, _checking = votes
    out = tmp_path / "report.pdf"
    call_command("impact_report", programme.slug, "--output", str(out), stdout=StringIO())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(text.split())
    assert "Kept vote" in text
    assert "Validation test" not in text and "Still checking" not in text
