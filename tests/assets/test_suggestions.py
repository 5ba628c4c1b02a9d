"""Reading days and sizes from what offerers wrote."""

import pytest

from assets.suggestions import parse_days, parse_size


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Tuesday evenings", {"tue"}),
        ("Tues and Thurs mornings", {"tue", "thu"}),
        ("Saturdays only", {"sat"}),
        ("weekdays 9 to 5", {"mon", "tue", "wed", "thu", "fri"}),
        ("Weekends", {"sat", "sun"}),
        ("Open daily", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}),
        ("Bob ar ddydd Llun", {"mon"}),
        ("Bob dydd Llun a dydd Gwener", {"mon", "fri"}),
        ("When you like", set()),
        ("", set()),
    ],
)
def test_days_people_write(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("A warm hall with a kitchen, seats 60.", 60),
        ("a room for 60 people", 60),
        ("Small room for 12 people, or the big hall for 150 people", 150),
        ("holds 30", 30),
        ("4 hours a month", None),
        ("", None),
    ],
)
def test_sizes_people_write(text, size):
    assert parse_size(text) == size
