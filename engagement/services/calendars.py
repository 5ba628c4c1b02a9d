"""iCalendar (.ics) files and feeds, made with the ``icalendar`` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from ..models import Area, Event, Programme


def feed_events(*, programme: Programme, area: Area | None = None):
    since = timezone.now() - dt.timedelta(days=90)
    qs = Event.objects.listed().filter(programme=programme, ends_at__gte=since)
    if area is not None:
        qs = qs.filter(area=area)
    return qs.select_related("area").order_by("starts_at")


def calendar_for(events: Iterable[Event], *, name: str, request) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Common Ground//Events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("method", "PUBLISH")
    host = request.get_host()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", event.modified)
        location = ", ".join(
            p
            for p in [
                event.venue_name,
                event.venue_address.replace("\n", ", "),
                event.venue_postcode,
            ]
            if p
        )
        item.add("location", location)
        item.add("description", event.purpose)
        item.add("url", request.build_absolute_uri(event.get_absolute_url()))
        item.add(
            "status",
            {"cancelled": "CANCELLED", "draft": "TENTATIVE"}.get(event.status, "CONFIRMED"),
        )
        cal.add_component(item)
    return cal.to_ical()
