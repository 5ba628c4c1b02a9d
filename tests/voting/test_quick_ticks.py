"""``quick_ticks`` reads a tick ballot without a form: it must read exactly what ``BallotForm``
reads, or give up (``None``) and leave it to the form. Checked on generated posts."""

from __future__ import annotations

import uuid

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from voting.forms import BallotForm, quick_ticks
from voting.models import BallotType, PBVote, VoteOption

OPTIONS = [VoteOption(position=i, title=f"Bid {i}", cost_pence=100) for i in range(5)]
POSITIONS = frozenset(str(o.position) for o in OPTIONS)
CODE = "ABCD-EFGH-JKMNP"

codes = st.one_of(
    st.just(CODE),
    st.just("abcd efgh jkmnp"),
    st.just(" ABCDEFGHJKMNP "),
    st.just("ABCD-EFGH-JKMN"),  # too short
    st.just("OIL0-EFGH-JKMNP"),  # look-alikes
    st.just("x" * 41),
    st.just(CODE + "-" * 30),  # a real code, but longer than the form's field allows
    st.text(max_size=45),
)
keys = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: u.hex),
    st.uuids().map(lambda u: f" {u} "),
    st.just("not-a-uuid"),
    st.just(""),
)
choices = st.lists(
    st.one_of(st.sampled_from(sorted(POSITIONS)), st.just("9"), st.just("-1"), st.just(" 1")),
    max_size=6,
)


def posted(code: str, key: str, picked: list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    data["code"] = code
    data["idempotency_key"] = key
    data.setlist("choice", picked)
    return data


@pytest.mark.parametrize("kind", [BallotType.APPROVAL, BallotType.KNAPSACK, BallotType.CHOOSE_ONE])
@settings(max_examples=300, deadline=None)
@given(code=codes, key=keys, picked=choices)
def test_quick_ticks_reads_what_the_form_reads(kind, code, key, picked):
    data = posted(code, key, picked)
    quick = quick_ticks(kind=kind, positions=POSITIONS, data=data)
    form = BallotForm(data, vote=PBVote(ballot_type=kind, params={}), options=OPTIONS)
    valid = form.is_valid()
    if quick is None:
        return  # the form decides; nothing to compare
    assert valid, f"quick_ticks accepted what the form refuses: {form.errors}"
    expected_choices, expected_points = form.marks()
    assert quick == (
        form.cleaned_data["code"],
        form.cleaned_data["idempotency_key"],
        expected_choices,
    )
    assert expected_points is None


def test_the_ordinary_post_is_read_without_the_form():
    key = uuid.uuid4()
    quick = quick_ticks(
        kind=BallotType.APPROVAL, positions=POSITIONS, data=posted(CODE, str(key), ["3", "0"])
    )
    assert quick == ("ABCDEFGHJKMNP", key, [0, 3])


@pytest.mark.parametrize("kind", [BallotType.SCORE, BallotType.CUMULATIVE, BallotType.ORDINAL])
def test_other_ballot_types_are_left_to_the_form(kind):
    data = posted(CODE, str(uuid.uuid4()), [])
    assert quick_ticks(kind=kind, positions=POSITIONS, data=data) is None
