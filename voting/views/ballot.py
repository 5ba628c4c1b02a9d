"""The attendee's side of a PB vote: code, ballot, review, cast, receipt; the hall screens.

No account is needed: the voting code is the permission, and the service checks it. The code
travels in a hidden field from page to page, never in the session, so nothing on the server
ties a browser to a ballot. Every page works without JavaScript; ``static/voting/voting.js``
adds the offline queue (a ballot cast with no signal is kept on the phone and sent later).
"""

from __future__ import annotations

from functools import lru_cache

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.generic import TemplateView

from budgeting.models import BidAttachment

from ..digests import grouped, normalise, normalise_receipt, receipt_for, vote_key
from ..forms import BallotForm, CodeForm, ProposalRejectForm, read_posted_ballot
from ..models import PBVote
from ..selectors.votes import (
    CONFIRMED,
    PROVISIONAL,
    receipt_digests,
    results_visibility,
    vote_ballot_options,
    vote_live,
    vote_options,
    vote_results,
    vote_reveal,
)
from ..services.ballots import (
    BallotRejected,
    CodeCheck,
    ballot_validate,
    code_already_used,
    receipt_is_counted,
)
from ..services.casting import ballot_submit, ballot_vote, code_check_guarded, too_many_guesses
from ..services.limits import client_ip

RECEIPT_SLOT = "RECEIPT"

# The voter's pages go out compressed: a hall's one router shares a few hundred kilobits between
# everyone. Django's gzip pads each response by a random length (its BREACH mitigation), which
# matters here because the pages carry the voting code and the CSRF token.
compressed = method_decorator(gzip_page, name="dispatch")


@lru_cache(maxsize=64)
def _receipt_url(pk: int) -> str:
    """The receipt page's URL with a slot for the receipt: reversing a URL costs more than the
    rest of answering a cast, and this one only changes with the vote."""
    return reverse("voting:vote_receipt", kwargs={"pk": pk, "receipt": RECEIPT_SLOT})


class AlreadyCast(Exception):
    """The code has voted: the person is sent to their receipt, never to an error (after
    casting, Back or the card's link again must not read as "your vote failed")."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _receipt_redirect(exc: AlreadyCast) -> HttpResponseRedirect:
    response = HttpResponseRedirect(exc.url)
    response.status_code = 303  # a GET of the receipt, whatever was posted
    return response


class VoteMixin:
    """The vote named in the URL; 404 for votes still being set up (and for imports)."""

    @cached_property
    def vote(self) -> PBVote:
        try:
            return ballot_vote(vote_id=self.kwargs["pk"])
        except PBVote.DoesNotExist:
            raise Http404 from None

    @cached_property
    def options(self):
        """With the bids and their photos: for pages that show the ballot."""
        return vote_options(vote=self.vote)

    @cached_property
    def plain_options(self):
        """Just the options: enough to check and record marks (review and cast)."""
        return vote_ballot_options(vote=self.vote)

    def refuse(self, request, exc: BallotRejected, *, status: int = 400):
        if exc.reason == "blocked":
            return self.too_many(request)
        return render(
            request,
            "voting/refused.html",
            {"vote": self.vote, "message": exc.messages[0], "reason": exc.reason},
            status=status,
        )

    def too_many(self, request):
        return render(
            request,
            "voting/refused.html",
            {"vote": self.vote, "reason": "blocked", "message": too_many_guesses().messages[0]},
            status=429,
        )

    def check(self, request, code: str) -> CodeCheck:
        check = code_check_guarded(vote=self.vote, code=code, client_ip=client_ip(request))
        if code_already_used(vote=self.vote, code=check.code):
            receipt = receipt_for(vote_key(self.vote.salt), check.code)
            url = _receipt_url(self.vote.pk).replace(RECEIPT_SLOT, receipt)
            raise AlreadyCast(url + "?again=1")
        return check

    def ballot_page(self, request, form: BallotForm, *, status: int = 200):
        return render(
            request,
            "voting/ballot.html",
            {"vote": self.vote, "form": form, "options": self.options},
            status=status,
        )

    def ballot_form(self, check: CodeCheck, data=None, *, plain: bool = False) -> BallotForm:
        return BallotForm(
            data,
            vote=self.vote,
            options=self.plain_options if plain else self.options,
            excluded=check.excluded,
            initial={"code": grouped(check.code)},
        )


@compressed
@method_decorator(never_cache, name="dispatch")
class VoteStartView(VoteMixin, View):
    """Type the code (or arrive from the card's QR with ``?code=``) to get the ballot."""

    def get(self, request, pk):
        code = request.GET.get("code", "")
        if code:
            return self.start(request, code)
        return self.code_page(request, CodeForm())

    def post(self, request, pk):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.code_page(request, form, status=400)
        return self.start(request, form.cleaned_data["code"], form=form)

    def start(self, request, code: str, form: CodeForm | None = None):
        try:
            check = self.check(request, code)
        except AlreadyCast as exc:
            return _receipt_redirect(exc)
        except BallotRejected as exc:
            if exc.reason in ("closed", "blocked"):
                return self.refuse(request, exc)
            if form is None:  # from the QR link: show the code so they can check it
                form = CodeForm({"code": code})
                form.is_valid()
            form.add_error("code", exc.messages[0])
            return self.code_page(request, form, status=400)
        return self.ballot_page(request, self.ballot_form(check))

    def code_page(self, request, form: CodeForm, *, status: int = 200):
        return render(
            request,
            "voting/code.html",
            {"vote": self.vote, "form": form, "live": vote_live(vote=self.vote)},
            status=status,
        )


@compressed
@method_decorator(never_cache, name="dispatch")
class VoteReviewView(VoteMixin, View):
    """POST from the ballot page: check the marks and show them back before casting. The
    "change" button comes back here and shows the ballot again with the marks kept."""

    def post(self, request, pk):
        try:
            check = self.check(request, request.POST.get("code", ""))
        except AlreadyCast as exc:
            return _receipt_redirect(exc)
        except BallotRejected as exc:
            return self.refuse(request, exc)
        if "change" in request.POST:  # the marks came from a valid review: no errors to show
            return self.ballot_page(request, self.ballot_form(check, request.POST))
        # Checking the marks needs only the options; the ballot page again (with photos) is
        # built only when there is something to correct.
        form = self.ballot_form(check, request.POST, plain=True)
        if not form.is_valid():
            return self.ballot_page(request, self.ballot_form(check, request.POST), status=400)
        choices, points = form.marks()
        try:
            ballot_validate(
                vote=self.vote,
                choices=choices,
                points=points,
                excluded=check.excluded,
                options=self.plain_options,
            )
        except BallotRejected as exc:
            form = self.ballot_form(check, request.POST)
            form.add_error(None, exc.messages[0])
            return self.ballot_page(request, form, status=400)
        return render(
            request,
            "voting/review.html",
            {"vote": self.vote, "form": form, "summary": form.summary()},
        )


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class VoteCastView(VoteMixin, View):
    """POST the ballot. Answers JSON to the offline queue (``Accept: application/json``) and
    redirects browsers to the receipt. Safe to repeat: see ``voting.services.casting``.

    No CSRF check: a forged cross-site request could only cast with a code the forger already
    holds, since nothing here acts on the visitor's cookies; the code is the credential. It also
    lets the offline queue replay a ballot whose page's CSRF token has since been rotated.
    """

    def post(self, request, pk):
        # META, not request.headers: building the headers object costs more than it looks.
        wants_json = "application/json" in request.META.get("HTTP_ACCEPT", "")
        try:
            result = ballot_submit(
                vote_id=pk, data=request.POST, client_ip=client_ip(request), read=read_posted_ballot
            )
        except PBVote.DoesNotExist:
            raise Http404 from None
        except BallotRejected as exc:
            if wants_json:
                status = {"used": 409, "replayed": 409, "closed": 409, "blocked": 429}
                return JsonResponse(
                    {"ok": False, "reason": exc.reason, "message": exc.messages[0]},
                    status=status.get(exc.reason, 400),
                )
            if exc.reason == "used":  # Back and "resend": the first cast counted
                code = normalise(request.POST.get("code", "")) or ""
                receipt = receipt_for(vote_key(self.vote.salt), code)
                url = _receipt_url(pk).replace(RECEIPT_SLOT, receipt) + "?again=1"
                return _receipt_redirect(AlreadyCast(url))
            return self.refuse(request, exc)
        return self.cast_answer(pk, result, wants_json)

    def cast_answer(self, pk, result, wants_json: bool):
        url = _receipt_url(pk).replace(RECEIPT_SLOT, result.receipt)
        if wants_json:
            return JsonResponse({"ok": True, "receipt": result.receipt, "receipt_url": url})
        return HttpResponseRedirect(url)


@compressed
class VoteReceiptView(VoteMixin, TemplateView):
    template_name = "voting/receipt.html"

    def get_context_data(self, **kwargs):
        receipt = normalise_receipt(self.kwargs["receipt"])
        if receipt is None:
            raise Http404
        return super().get_context_data(
            vote=self.vote,
            receipt=receipt,
            counted=receipt_is_counted(vote=self.vote, receipt=receipt),
            again="again" in self.request.GET,
        )


@compressed
class ReceiptCheckView(VoteMixin, TemplateView):
    """After the vote: check a receipt against the published list, or download the list."""

    template_name = "voting/receipts.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "txt":
            if not self.vote.is_closed():
                raise Http404
            body = "\n".join(receipt_digests(vote=self.vote)) + "\n"
            return HttpResponse(body, content_type="text/plain; charset=utf-8")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        receipt = self.request.GET.get("receipt", "")
        found = receipt_is_counted(vote=self.vote, receipt=receipt) if receipt else None
        return super().get_context_data(
            vote=self.vote, receipt=receipt, found=found, closed=self.vote.is_closed()
        )


class BallotPhotoView(VoteMixin, View):
    """Photos of the bids on this ballot, for anyone voting (the bid pages are private)."""

    def get(self, request, pk, attachment):
        bid_ids = [o.bid_id for o in self.options if o.bid_id]
        photo = get_object_or_404(
            BidAttachment, pk=attachment, bid_id__in=bid_ids, kind=BidAttachment.Kind.PHOTO
        )
        response = FileResponse(photo.file.open("rb"))
        response["Cache-Control"] = "public, max-age=86400"
        return response


class LiveView(VoteMixin, TemplateView):
    """The hall screen: turnout against attendance and time left, refreshed every few seconds
    (by voting_live.js, or a no-script meta refresh). Never any totals."""

    template_name = "voting/live.html"

    def get_context_data(self, **kwargs):
        import segno
        from django.conf import settings

        start = (
            f"{settings.SITE_URL.rstrip('/')}{reverse('voting:vote_start', args=[self.vote.pk])}"
        )
        return super().get_context_data(
            vote=self.vote,
            live=vote_live(vote=self.vote),
            qr_svg=segno.make(start, error="m").svg_inline(scale=1, border=2, omitsize=True),
            short_url=start.split("://", 1)[-1].rstrip("/"),
        )


class LiveJsonView(VoteMixin, View):
    def get(self, request, pk):
        response = JsonResponse(vote_live(vote=self.vote))
        response["Cache-Control"] = "no-store"
        return response


class RevealView(VoteMixin, TemplateView):
    """The results reveal screen for the hall's projector: the funded bids one at a time
    (voting/reveal.js), only once the results are confirmed; until then it says they are being
    checked and shows nothing of them."""

    template_name = "voting/reveal.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            vote=self.vote, reveal=vote_reveal(vote=self.vote), live=vote_live(vote=self.vote)
        )


class ResultsView(VoteMixin, TemplateView):
    """Results once counted (and the announcement screen, with ``announce=True``)."""

    template_name = "voting/results.html"
    announce = False

    def get_context_data(self, **kwargs):
        visibility = results_visibility(vote=self.vote, user=self.request.user)
        shown = visibility in (PROVISIONAL, CONFIRMED)
        results = vote_results(vote=self.vote) if shown else None
        if self.announce:
            self.template_name = "voting/announce.html"
        user = self.request.user
        waiting = results["waiting"] if results else None
        return super().get_context_data(
            vote=self.vote,
            results=results,
            visibility=visibility,
            options=self.options,
            live=vote_live(vote=self.vote),
            can_decide=waiting is not None and user.has_perm("voting.decide_result", self.vote),
            reject_form=ProposalRejectForm(
                action=reverse(
                    "voting:vote_proposal_decide",
                    kwargs={"pk": self.vote.pk, "proposal": waiting.pk, "decision": "reject"},
                )
            )
            if waiting is not None
            else None,
        )
