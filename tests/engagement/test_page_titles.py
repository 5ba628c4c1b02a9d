"""Every page's <title> follows one convention: the page, then what it belongs to, then the
site, each part separated by " – " ("Bookings – Sleaford World Café – Common Ground"). Crawled
from the demo a newcomer gets from `make run`, as the administrator and as an area's
coordinator, following the links the pages themselves offer."""

import html
import re
from collections import deque
from urllib.parse import urlsplit

from django.urls import reverse

from engagement.demo import seed_demo
from engagement.models import Event, User

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HREF = re.compile(r'href="(/[^"#]*)"')
# Downloads, the admin, signing out and one-off token links are not pages with a title.
SKIP = re.compile(
    r"^/(admin|static|media|accounts/logout|i18n)/|\.(csv|pdf|json|ics|png|svg|xlsx|zip)(\?|$)"
    r"|/(download|export|live\.json|photo)/?"
)
LIMIT = 160


def title_of(body: str) -> str:
    found = TITLE.search(body)
    assert found, "no <title>"
    return html.unescape(" ".join(found.group(1).split()))


def check_title(title: str, url: str) -> None:
    site = "Common Ground"
    assert title == site or title.endswith(f" – {site}"), f"{url}: {title!r}"
    parts = title.split(" – ")
    assert all(part.strip() == part and part for part in parts), f"{url}: {title!r}"
    # A separator is one spaced dash: never a bare one between words, nor two in a row.
    assert not re.search(r"\S–\S|– –|- -", title), f"{url}: {title!r}"


def crawl(client, start: list[str]) -> dict[str, str]:
    seen, titles, queue = set(start), {}, deque(start)
    while queue and len(titles) < LIMIT:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        if "<html" not in body:
            continue  # a fragment for a script
        titles[url] = title_of(body)
        for href in HREF.findall(body):
            href = html.unescape(href)
            path = urlsplit(href).path
            if SKIP.search(href) or path in seen:
                continue
            seen.add(path)
            queue.append(path)
    return titles


def test_every_page_title_is_separated(client, db):
    seed_demo(log=lambda _line: None)
    start = ["/", reverse("dashboard"), reverse("engagement:event_list")]
    titles = {}
    for email in ("admin@demo.commonground.test", "coordinator.skegness@demo.commonground.test"):
        client.force_login(User.objects.get(email=email))
        titles.update(crawl(client, start))
    client.logout()
    titles.update(crawl(client, ["/", reverse("account_login"), reverse("account_signup")]))
    assert len(titles) > 60, sorted(titles)
    for url, title in titles.items():
        check_title(title, url)

    event = Event.objects.filter(area__slug="sleaford").order_by("starts_at").last()
    client.force_login(User.objects.get(email="admin@demo.commonground.test"))
    bookings = reverse("engagement:event_registrations", kwargs={"slug": event.slug})
    assert title_of(client.get(bookings).content.decode()) == (
        f"Bookings – {event.title} – Common Ground"
    )
