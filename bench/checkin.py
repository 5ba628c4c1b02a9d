"""Check-in under load: N volunteers checking in 600 people at once, through gunicorn and
PostgreSQL, every code sent by two volunteers at about the same time.

    python -m tests.harness.services -- .venv/bin/python bench/checkin.py [--volunteers 8]

Prints check-ins per second, p50 and p99 latency, and proves there were no duplicate and no
lost check-ins (exactly one "checked in" answer per person, 600 people checked in).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

PEOPLE = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_world(volunteers: int):
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from engagement.models import Area, Event, Programme, Registration, Role, RoleAssignment, User
    from engagement.models.registrations import CODE_ALPHABET

    call_command("migrate", verbosity=0, interactive=False)
    programme, _ = Programme.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "status": Programme.Status.ACTIVE}
    )
    area, _ = Area.objects.get_or_create(
        programme=programme, slug="bench", defaults={"name": "Bench"}
    )
    start = timezone.now() + timezone.timedelta(minutes=5)
    event = Event.objects.create(
        kind=Event.Kind.PB_EVENT,
        programme=programme,
        area=area,
        title="Bench PB event",
        slug=f"bench-checkin-{int(time.time())}",
        purpose="Bench",
        venue_name="Hall",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=3),
        capacity=PEOPLE,
        status=Event.Status.PUBLISHED,
    )
    rng = random.Random(600)
    codes: set[str] = set(Registration.objects.values_list("code", flat=True))
    rows = []
    while len(rows) < PEOPLE:
        code = "".join(rng.choice(CODE_ALPHABET) for _i in range(6))
        if code in codes:
            continue
        codes.add(code)
        rows.append(
            Registration(
                event=event,
                name=f"Person {len(rows)}",
                email=f"p{len(rows)}@example.org",
                code=code,
                status=Registration.Status.CONFIRMED,
            )
        )
    Registration.objects.bulk_create(rows)
    sessions = []
    for i in range(volunteers):
        user, _ = User.objects.get_or_create(
            email=f"volunteer{i}@bench.test", defaults={"name": f"Volunteer {i}"}
        )
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.VOLUNTEER, programme=programme, area=area
        )
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    return event, [r.code for r in rows], sessions


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accessibility/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("gunicorn did not start")


class Volunteer(threading.Thread):
    def __init__(self, port, slug, session, work: queue.Queue, results: list, lock):
        super().__init__(daemon=True)
        self.port, self.path, self.session = port, f"/events/{slug}/checkin/", session
        self.work, self.results, self.lock = work, results, lock

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", self.path, headers={"Cookie": f"sessionid={self.session}"})
        response = conn.getresponse()
        response.read()
        csrf = response.headers.get("Set-Cookie", "").split("csrftoken=")[1].split(";")[0]
        cookie = f"sessionid={self.session}; csrftoken={csrf}"
        while True:
            try:
                code = self.work.get_nowait()
            except queue.Empty:
                break
            body = urlencode({"code": code})
            started = time.perf_counter()
            conn.request(
                "POST",
                self.path,
                body=body,
                headers={
                    "Cookie": cookie,
                    "X-CSRFToken": csrf,
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = conn.getresponse()
            answer = response.read()
            elapsed = time.perf_counter() - started
            data = json.loads(answer) if response.status in (200, 400) else {}
            with self.lock:
                self.results.append((code, response.status, data.get("newly"), elapsed))
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under tests.harness.services so DATABASE_URL points at PostgreSQL.")
    event, codes, sessions = setup_world(args.volunteers)
    from django.db import connection

    connection.close()
    port = _free_port()
    server = start_gunicorn(port, args.workers)
    try:
        # Every code twice, the two copies close together: two volunteers scanning one person.
        rng = random.Random(1)
        order = codes[:]
        rng.shuffle(order)
        work: queue.Queue = queue.Queue()
        for code in order:
            work.put(code)
            work.put(code)
        results: list = []
        lock = threading.Lock()
        threads = [Volunteer(port, event.slug, s, work, results, lock) for s in sessions]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)

    from engagement.models import Registration

    latencies = sorted(r[3] for r in results)
    newly = [r for r in results if r[2] is True]
    failures = [r for r in results if r[1] != 200]
    per_code: dict[str, int] = {}
    for code, _status, is_new, _t in results:
        per_code[code] = per_code.get(code, 0) + (1 if is_new else 0)
    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False).count()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(
        f"volunteers {args.volunteers}, gunicorn workers {args.workers} (gthread x4), "
        f"people {PEOPLE}"
    )
    print(f"requests {len(results)} in {wall:.2f}s: {len(results) / wall:.0f} requests/s")
    print(f"check-ins/s {len(newly) / wall:.0f}  p50 {p50:.1f} ms  p99 {p99:.1f} ms")
    duplicates = [c for c, n in per_code.items() if n > 1]
    lost = [c for c in codes if per_code.get(c, 0) == 0]
    print(
        f"checked in (database) {checked_in}, 'checked in' answers {len(newly)}, "
        f"duplicates {len(duplicates)}, lost {len(lost)}, HTTP errors {len(failures)}"
    )
    ok = (
        checked_in == PEOPLE
        and len(newly) == PEOPLE
        and not duplicates
        and not lost
        and not failures
    )
    print("OK: no duplicates, no lost check-ins" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
