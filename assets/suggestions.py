"""How well an offer fits a need: category, distance, days and size, each with its reason.

Offers record their days and size in words ("Tuesday evenings", "a room for 60 people"), so
those are read from the text; a need records them as fields. What an offer does not say counts
neither for nor against it, but a clash (a Saturdays-only hall for a Tuesday need, a room for 20
for 60 people) pushes it down the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .geo import haversine_km

DAYS: list[tuple[str, object]] = [
    ("mon", gettext_lazy("Monday")),
    ("tue", gettext_lazy("Tuesday")),
    ("wed", gettext_lazy("Wednesday")),
    ("thu", gettext_lazy("Thursday")),
    ("fri", gettext_lazy("Friday")),
    ("sat", gettext_lazy("Saturday")),
    ("sun", gettext_lazy("Sunday")),
]
DAY_CODES = [code for code, _label in DAYS]

# English day names and their Welsh forms after "dydd" (Llun, Mawrth...), as people write them.
_DAY_WORDS = {
    "mon": r"mon(day)?s?|d?dydd llun",
    "tue": r"tue(s|sday)?s?|d?dydd mawrth",
    "wed": r"wed(nesday)?s?|d?dydd mercher",
    "thu": r"thu(r|rs|rsday)?s?|d?dydd iau",
    "fri": r"fri(day)?s?|d?dydd gwener",
    "sat": r"sat(urday)?s?|d?dydd sadwrn",
    "sun": r"sun(day)?s?|d?dydd sul",
}
_DAY_RES = {
    code: re.compile(rf"\b({words})\b", re.IGNORECASE) for code, words in _DAY_WORDS.items()
}
_WEEKDAYS_RE = re.compile(r"\bweekdays?\b|\bmonday to friday\b|\bmon-fri\b", re.IGNORECASE)
_WEEKENDS_RE = re.compile(r"\bweekends?\b|\bpenwythnos", re.IGNORECASE)
_ANY_DAY_RE = re.compile(r"\b(any day|every day|daily|7 days)\b", re.IGNORECASE)
_SIZE_RE = re.compile(
    r"(?:\b(?:seats|sits|holds|up to|for)\s+(\d{1,5})\b)"
    r"|(?:\b(\d{1,5})\s*(?:people|persons|seats|seated|places|guests|adults|children|pobl)\b)",
    re.IGNORECASE,
)

# How much each part counts. Distance fades to nothing at ``DISTANCE_SCALE_KM``.
KIND_POINTS = 3.0
CATEGORY_POINTS = 2.0
SAME_AREA_POINTS = 1.0
DISTANCE_POINTS = 3.0
DISTANCE_SCALE_KM = 25.0
DAYS_POINTS = 2.0
DAYS_CLASH = -3.0
SIZE_POINTS = 1.5
SIZE_CLASH = -2.0


def parse_days(text: str) -> set[str]:
    """Day codes a text mentions; every day for "daily", Monday to Friday for "weekdays"."""
    if not text:
        return set()
    if _ANY_DAY_RE.search(text):
        return set(DAY_CODES)
    days = {code for code, rx in _DAY_RES.items() if rx.search(text)}
    if _WEEKDAYS_RE.search(text):
        days |= set(DAY_CODES[:5])
    if _WEEKENDS_RE.search(text):
        days |= {"sat", "sun"}
    return days


def parse_size(text: str) -> int | None:
    """The largest number of people a text says something is for, or None."""
    numbers = [int(a or b) for a, b in _SIZE_RE.findall(text or "")]
    return max(numbers) if numbers else None


def need_days(need) -> set[str]:
    return {d for d in (need.days or "").split(",") if d in DAY_CODES}


def days_display(codes) -> str:
    labels = dict(DAYS)
    return ", ".join(str(labels[c]) for c in DAY_CODES if c in codes)


@dataclass
class Fit:
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def offer_fit(offer, need, *, need_point: tuple[float, float] | None) -> Fit:
    """Score ``offer`` for ``need``; the reasons say, in words, what counted."""
    fit = Fit()
    if need.wanted_kind and offer.kind == need.wanted_kind:
        fit.score += KIND_POINTS
        fit.reasons.append(str(offer.get_kind_display()))
    if need.wanted_category and offer.category == need.wanted_category:
        fit.score += CATEGORY_POINTS
        fit.reasons.append(str(offer.get_category_display()))
    if offer.area_id == need.area_id:
        fit.score += SAME_AREA_POINTS
    if need_point and offer.latitude is not None and offer.longitude is not None:
        km = haversine_km(need_point, (offer.latitude, offer.longitude))
        fit.distance_km = km
        fit.score += DISTANCE_POINTS * max(0.0, 1.0 - km / DISTANCE_SCALE_KM)
        fit.reasons.append(_("about %(km).0f km away") % {"km": km})
    wanted_days = need_days(need)
    if wanted_days:
        offered = parse_days(f"{offer.schedule} {offer.description}")
        if offered & wanted_days:
            fit.score += DAYS_POINTS
            fit.reasons.append(_("on %(days)s") % {"days": days_display(offered & wanted_days)})
        elif offered:
            fit.score += DAYS_CLASH
            fit.reasons.append(_("only %(days)s") % {"days": days_display(offered)})
    if need.size:
        size = parse_size(f"{offer.capacity} {offer.description}")
        if size is not None and size >= need.size:
            fit.score += SIZE_POINTS
            fit.reasons.append(_("room for %(n)d") % {"n": size})
        elif size is not None:
            fit.score += SIZE_CLASH
            fit.reasons.append(_("only room for %(n)d") % {"n": size})
    return fit
