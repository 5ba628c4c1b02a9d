"""A funded project's payment schedule and the checking of the group's progress updates."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from budgeting.models import Milestone, MonitoringUpdate
from budgeting.selectors import funded_project_list, waiting_update_list
from budgeting.services import (
    contribution_update,
    grant_letter_request,
    milestone_add,
    milestone_pay,
    milestone_remove,
    milestone_update,
    monitoring_update_approve,
    monitoring_update_reject,
    monitoring_update_submit,
    payment_schedule_problem,
)
from budgeting.validators import clean_upload
from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.factories import user_with_role

from .test_projects import funded_project


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("kids.png", buffer.getvalue(), content_type="image/png")


def _update(project, **kwargs):
    values = {"progress": "Sessions started.", "spend_pence": 10_000, "people_reached": 12}
    values.update(kwargs)
    return monitoring_update_submit(actor=project.bid.applicant, project=project, **values)


def test_payments_cannot_fall_due_before_the_award(db):
    project = funded_project()
    before = timezone.localdate(project.award.created) - dt.timedelta(days=1)
    with pytest.raises(DomainError, match="before the grant was awarded"):
        milestone_add(actor=None, project=project, title="Old", amount_pence=100, due_date=before)
    assert not project.milestones.exists()


def test_schedule_must_add_up_to_the_award_before_the_letter(db):
    project = funded_project(amount=200_000)
    today = timezone.localdate()
    milestone_add(actor=None, project=project, title="Start", amount_pence=120_000, due_date=today)
    problem = payment_schedule_problem(project)
    assert "£1,200" in problem and "£2,000" in problem and "£800 more" in problem
    with pytest.raises(DomainError, match="add up to £1,200"):
        grant_letter_request(actor=None, project=project)
    milestone_add(actor=None, project=project, title="End", amount_pence=80_000, due_date=today)
    assert payment_schedule_problem(project) == ""


def test_unpaid_payments_can_be_changed_and_removed_with_an_audit_trail(db):
    project = funded_project(amount=100_000)
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    today = timezone.localdate()
    first = milestone_add(
        actor=coordinator, project=project, title="Start", amount_pence=60_000, due_date=today
    )
    second = milestone_add(
        actor=coordinator, project=project, title="End", amount_pence=40_000, due_date=today
    )
    with pytest.raises(DomainError, match="more than the £1,000 awarded"):
        milestone_update(
            actor=coordinator, milestone=first, title="Start", amount_pence=70_000, due_date=today
        )
    milestone_update(
        actor=coordinator,
        milestone=first,
        title="Start-up",
        amount_pence=50_000,
        due_date=today + dt.timedelta(days=7),
    )
    first.refresh_from_db()
    assert (first.title, first.amount_pence) == ("Start-up", 50_000)
    milestone_pay(actor=coordinator, milestone=first)
    with pytest.raises(DomainError, match="has been made"):
        milestone_update(
            actor=coordinator, milestone=first, title="x", amount_pence=1, due_date=today
        )
    with pytest.raises(DomainError, match="has been made"):
        milestone_remove(actor=coordinator, milestone=first)
    milestone_remove(actor=coordinator, milestone=second)
    assert list(Milestone.objects.filter(project=project)) == [first]
    actions = list(
        AuditEntry.objects.filter(object_id=str(project.pk), action__startswith="milestone.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "milestone.add",
        "milestone.add",
        "milestone.update",
        "milestone.pay",
        "milestone.remove",
    ]
    update_entry = AuditEntry.objects.get(action="milestone.update")
    assert update_entry.data["before"]["amount"] == 60_000
    assert update_entry.data["after"]["amount"] == 50_000


def test_paying_asks_to_confirm_first(client, db):
    project = funded_project()
    milestone = milestone_add(
        actor=None,
        project=project,
        title="All",
        amount_pence=100_000,
        due_date=timezone.localdate(),
    )
    client.force_login(user_with_role("coordinator", area=project.bid.round.area))
    url = reverse("budgeting:milestone_pay", args=[milestone.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, record the payment" in page.content.decode()
    milestone.refresh_from_db()
    assert milestone.paid_at is None
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.paid_at is not None


def test_updates_are_not_public_until_a_coordinator_approves_them(db, client):
    project = funded_project()
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    update = _update(project, progress="First session held.")
    assert update.status == MonitoringUpdate.Status.WAITING
    assert funded_project_list().get(pk=project.pk).spent_pence == 0
    page = client.get(project.get_absolute_url()).content.decode()
    assert "First session held." not in page
    assert list(waiting_update_list(user=coordinator)) == [update]
    assert list(waiting_update_list(user=user_with_role("coordinator"))) == []
    assert update.flags == ["over_paid"]  # nothing paid to the group yet
    monitoring_update_approve(
        actor=coordinator,
        update=update,
        progress="First session held at the hall.",
        note="Spent from the group's own reserves until the first payment.",
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "First session held at the hall." in page
    assert funded_project_list().get(pk=project.pk).spent_pence == 10_000
    assert AuditEntry.objects.get(action="project.update_approve").data["edited"] is True
    with pytest.raises(DomainError, match="already been published"):
        monitoring_update_approve(actor=coordinator, update=update)


def test_a_rejected_update_stays_private_with_the_reason(db):
    project = funded_project()
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    update = _update(project)
    with pytest.raises(DomainError, match="Say why"):
        monitoring_update_reject(actor=coordinator, update=update, note="  ")
    monitoring_update_reject(actor=coordinator, update=update, note="Names a child in full.")
    update.refresh_from_db()
    assert update.status == MonitoringUpdate.Status.REJECTED
    assert update.moderator_note == "Names a child in full."
    assert funded_project_list().get(pk=project.pk).update_count == 0


@pytest.mark.parametrize(
    ("received", "spend", "happened", "flags"),
    [
        (200_000, 150_000, None, ["over_awarded", "over_paid"]),  # £1,500 spent of £1,000
        (200_000, 60_000, None, ["over_paid"]),  # only £500 paid so far
        (200_000, 40_000, -1, ["before_award"]),
        (200_000, 40_000, 0, []),
    ],
)
def test_implausible_figures_are_flagged_and_need_a_note(db, received, spend, happened, flags):
    project = funded_project(received=received, amount=100_000)
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    paid = milestone_add(
        actor=None,
        project=project,
        title="First",
        amount_pence=50_000,
        due_date=timezone.localdate(),
    )
    milestone_pay(actor=None, milestone=paid)
    on = None if happened is None else timezone.localdate() + dt.timedelta(days=happened)
    update = _update(project, spend_pence=spend, happened_on=on)
    assert update.flags == flags
    if flags:
        with pytest.raises(DomainError, match="Write a note"):
            monitoring_update_approve(actor=coordinator, update=update)
        assert funded_project_list().get(pk=project.pk).spent_pence == 0
        monitoring_update_approve(
            actor=coordinator, update=update, note="Match funding paid for the rest."
        )
    else:
        monitoring_update_approve(actor=coordinator, update=update)
    assert funded_project_list().get(pk=project.pk).spent_pence == spend


def test_negative_figures_are_refused_in_words(db):
    project = funded_project()
    with pytest.raises(DomainError, match="cannot be less than £0"):
        _update(project, spend_pence=-100)
    with pytest.raises(DomainError, match="cannot be less than 0"):
        _update(project, people_reached=-3)


def test_a_photo_needs_the_groups_confirmation_of_consent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = funded_project()
    with pytest.raises(DomainError, match="agreed to it being published"):
        _update(project, photo=clean_upload(_png()), photo_description="The youth club")
    update = _update(
        project,
        photo=clean_upload(_png()),
        photo_description="The youth club",
        photo_consent=True,
    )
    assert update.photo_consent and update.photo


def test_a_waiting_photo_is_seen_by_staff_not_the_public(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = funded_project()
    update = _update(
        project, photo=clean_upload(_png()), photo_description="Hall", photo_consent=True
    )
    url = reverse("budgeting:update_photo", args=[update.pk])
    assert client.get(url).status_code == 404
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    client.force_login(coordinator)
    _assert_served(client, url)
    response = client.post(
        reverse("budgeting:update_moderate", args=[update.pk]),
        {"progress": update.progress, "note": "Receipts seen.", "decision": "approve"},
    )
    assert response.status_code == 302
    client.logout()
    _assert_served(client, url)


def _assert_served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_the_moderation_page_shows_the_flags_and_refuses_without_a_note(db, client):
    project = funded_project(received=200_000)
    update = _update(project, spend_pence=500_000)
    client.force_login(user_with_role("coordinator", area=project.bid.round.area))
    url = reverse("budgeting:update_moderate", args=[update.pk])
    page = client.get(url).content.decode()
    assert "more than the £1,000 awarded" in page
    response = client.post(url, {"progress": update.progress, "note": "", "decision": "approve"})
    assert response.status_code == 200
    assert "Write a note saying why they stand" in response.content.decode()
    update.refresh_from_db()
    assert update.status == MonitoringUpdate.Status.WAITING


def test_contribution_update_still_pays_received_money(db):
    # The schedule rules do not change the pot's own guard on paying received money only.
    project = funded_project(received=0)
    milestone = milestone_add(
        actor=None,
        project=project,
        title="All",
        amount_pence=100_000,
        due_date=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="Only £0 has arrived"):
        milestone_pay(actor=None, milestone=milestone)
    contribution = project.award.pot.contributions.get()
    contribution_update(
        actor=None, contribution=contribution, pledged_pence=200_000, received_pence=100_000
    )
    milestone_pay(actor=None, milestone=milestone)


def test_the_group_accepts_the_offer_online_once_with_who_and_when(db):
    from budgeting.services import grant_offer_accept

    project = funded_project()
    with pytest.raises(DomainError, match="Only the group"):
        grant_offer_accept(
            actor=user_with_role("coordinator", area=project.bid.round.area),
            project=project,
            name="X",
            role="Y",
        )
    with pytest.raises(DomainError, match="needed to accept"):
        grant_offer_accept(actor=project.bid.applicant, project=project, name=" ", role="Chair")
    project = grant_offer_accept(
        actor=project.bid.applicant, project=project, name="Jo Tenants", role="Treasurer"
    )
    assert (project.accepted_name, project.accepted_by) == ("Jo Tenants", project.bid.applicant)
    assert project.accepted_at is not None
    with pytest.raises(DomainError, match="was accepted on"):
        grant_offer_accept(actor=project.bid.applicant, project=project, name="A", role="B")
    assert AuditEntry.objects.get(action="project.offer_accept").data == {"online": True}


def test_a_signed_copy_can_be_uploaded_through_the_page(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = funded_project()
    client.force_login(project.bid.applicant)
    response = client.post(
        reverse("budgeting:grant_signed", args=[project.pk]), {"signed_copy": _png()}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.signed_copy and project.accepted_at is not None
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Signed copy of the offer returned on" in page


def test_the_letter_has_letterhead_period_contact_and_acceptance(celery_worker, tmp_path):
    import subprocess

    from tests.documents import wait_for_document

    project = funded_project()
    programme = project.bid.round.area.programme
    programme.funder_name = "Lincolnshire Police and Crime Commissioner"
    logo = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(logo, format="PNG")
    programme.funder_logo.save("logo.png", SimpleUploadedFile("logo.png", logo.getvalue()))
    programme.save()
    bid = project.bid
    bid.group_address = "12 Westholme Road\nSleaford NG34 7AA"
    bid.save()
    milestone_add(
        actor=None,
        project=project,
        title="All",
        amount_pence=project.award.amount_pence,
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    coordinator = user_with_role("coordinator", area=bid.round.area)
    coordinator.name = "Chris Coordinator"
    coordinator.save()
    letter = wait_for_document(grant_letter_request(actor=coordinator, project=project).pk)
    assert letter.status == "ready", letter.error
    pdf = tmp_path / "letter.pdf"
    with letter.file.open("rb") as handle:
        pdf.write_bytes(handle.read())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Lincolnshire Police and Crime Commissioner",
        "12 Westholme Road",
        "Grant period",
        "Chris Coordinator",
        coordinator.email,
        "Acceptance",
        "Signature",
    ):
        assert expected in text, expected
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    programme.funder_logo.delete(save=False)
    assert len(images.strip().splitlines()) >= 3  # header lines plus the logo
