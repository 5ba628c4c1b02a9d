"""Replay the security probe's failures against the production stack; print held/failed.

    python -m tests.harness.services -- .venv/bin/python bench/security_probe.py

Like ``bench/vote_burst.py`` (whose set-up and HTTP client it reuses), it makes a fresh database
on the harness's PostgreSQL, migrates it with ``config.settings.production``, and starts gunicorn
with ``config/gunicorn.py`` (its access log included) and a Celery worker on 127.0.0.1, with
``TRUSTED_PROXIES=127.0.0.1``: this script plays the TLS proxy and sends an ``X-Forwarded-For``
per pretend client, as the probe did. Each check prints ``held`` or ``FAILED`` with what it saw;
the exit status is the number that failed. Every loop has a fixed size and all traffic stays on
127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vote_burst as vb  # noqa: E402

ROOT = vb.ROOT
PY = vb.PY
PASSWORD = "probe-" + "correct-horse-battery"
CLIENT_A, CLIENT_B = "203.0.113.66", "198.51.100.7"


# --- set-up and database checks, run with the production settings in a child process --------


def setup() -> dict:
    world = vb.setup_vote(4)
    from engagement.models import Event, Registration, User
    from engagement.services.tokens import registration_token

    user = User.objects.create(email="pcc@bench.test", name="Probe PCC")
    user.set_password(PASSWORD)
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    event = Event.objects.get(slug="bench-pb-event")
    booking = Registration.objects.create(
        event=event, name="Private Person", phone="07700900123", code="PROBE1"
    )
    world["event"] = event.slug
    world["booking_token"] = registration_token(booking)
    return world


def database_checks() -> dict:
    """F6 (equality answers joined by xmin) and F8 (erasure for staff who keyed a paper ballot),
    through the services, on the same database."""
    import django

    django.setup()
    from django.db import connection

    from engagement.models import Event, Registration, Role, RoleAssignment, User
    from engagement.services import equality
    from engagement.services.people import user_erase
    from voting.models import PBVote
    from voting.services.cards import code_issue, codes_generate
    from voting.services.paper import paper_entry_add

    out = {}
    event = Event.objects.get(slug="bench-pb-event")
    for n in range(3):
        booking = Registration.objects.create(
            event=event, name=f"Ellie Equality {n}", code=f"EQUAL{n}"
        )
        equality.equality_response_submit(registration=booking, consent=True, age_band="16_24")
    release = getattr(equality, "equality_answers_release", None)  # absent before the fix
    if release is not None:
        release(minimum=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.name FROM engagement_registration r "
            "JOIN engagement_equalityresponse e ON r.xmin = e.xmin"
        )
        out["equality_join"] = [row[0] for row in cursor.fetchall()]
    vote = PBVote.objects.get(title="Bench decides")
    staff = User.objects.create(email="keyer@bench.test", name="Paper keyer")
    RoleAssignment.objects.create(
        user=staff, role=Role.COORDINATOR, programme=vote.area.programme, area=vote.area
    )
    (card,) = codes_generate(vote=vote, count=1)
    code_issue(actor=None, vote=vote, code=card, eligible=True)
    paper_entry_add(actor=staff, vote=vote, number=7, card=card, choices=[0])
    try:
        user_erase(user=staff)
        out["erase_paper_keyer"] = "erased"
    except Exception as exc:  # noqa: BLE001 - the probe reports it
        out["erase_paper_keyer"] = type(exc).__name__
    return out


# --- HTTP --------------------------------------------------------------------------------------


def request(port, method, path, *, data=None, client=CLIENT_A, cookies=None, accept="text/html"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Host": "127.0.0.1",
        "Accept": accept,
        "X-Forwarded-For": client,
        "X-Forwarded-Proto": "https",
    }
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urlencode(data, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = "https://127.0.0.1"
        headers["Referer"] = "https://127.0.0.1/"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    jar = dict(cookies or {})
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return response.status, response.headers, text, jar


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(port, email, password, client):
    _s, _h, page, jar = request(port, "GET", "/accounts/login/", client=client)
    token = CSRF_RE.search(page).group(1)
    status, headers, text, jar = request(
        port,
        "POST",
        "/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        client=client,
        cookies=jar,
    )
    return status, text


def probe_guessing(port, world) -> tuple[bool, str]:
    vote = world["vote"]
    answers = []
    for _ in range(101):
        data = {"code": secrets.token_hex(6), "idempotency_key": str(uuid.uuid4()), "choice": "0"}
        answers.append(
            request(port, "POST", f"/pb/vote/{vote}/cast/", data=data, accept="application/json")[0]
        )
    code = world["codes"][0]
    start = request(port, "GET", f"/pb/vote/{vote}/?code={code}", client=CLIENT_B)[0]
    data = {"code": code, "idempotency_key": str(uuid.uuid4()), "choice": "0"}
    cast = request(
        port,
        "POST",
        f"/pb/vote/{vote}/cast/",
        data=data,
        client=CLIENT_B,
        accept="application/json",
    )[0]
    held = start == 200 and cast == 200
    return (
        held,
        f"client A's 101st wrong code: {answers[-1]}; client B's card: page {start}, cast {cast}",
    )


def probe_sign_in_lockout(port, world) -> tuple[bool, str]:
    for n in range(12):
        login(port, f"nobody{n}@example.test", "wrong", CLIENT_A)
    status, text = login(port, "pcc@bench.test", PASSWORD, CLIENT_B)
    held = status == 302
    return held, f"pcc from client B after 12 failures from A: {status}"


def probe_admin_login(port, world) -> tuple[bool, str]:
    status, headers, _t, _j = request(port, "GET", "/admin/login/?next=/admin/")
    location = headers.get("Location", "")
    held = status == 302 and location.startswith("/accounts/login/")
    return held, f"/admin/login/ answers {status} {location}"


def probe_healthz(port, world) -> tuple[bool, str]:
    request(port, "GET", "/healthz")
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        request(port, "GET", "/healthz")
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return median < 0.05, f"median {median * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"


def probe_oversized_upload(port, world) -> tuple[bool, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {60 * 1024 * 1024}\r\n\r\n".encode()
        )
        started = time.monotonic()
        try:
            answer = conn.recv(100)
        except TimeoutError:
            answer = b"(no answer in 5 s)"
    took = time.monotonic() - started
    held = answer.startswith(b"HTTP/1.1 413")
    return held, f"{answer[:20]!r} after {took:.2f}s without sending the body"


def probe_nul_search(port, world) -> tuple[bool, str]:
    cookies = {"sessionid": world["session"]}
    status = request(
        port, "GET", f"/events/{world['event']}/registrations/?q=%00", cookies=cookies
    )[0]
    return status == 400, f"?q=%00 answers {status}"


def probe_access_log(port, world, log: Path) -> tuple[bool, str]:
    token = world["booking_token"]
    request(port, "GET", f"/bookings/{token}/")
    request(port, "GET", f"/pb/vote/{world['vote']}/receipt/PROBERECEIPT1/")
    time.sleep(0.5)
    text = log.read_text(errors="replace")
    leaked = [s for s in (token, "PROBERECEIPT1") if s in text]
    return not leaked, f"in the access log: {leaked or 'neither the token nor the receipt'}"


def main() -> int:
    if "--setup" in sys.argv:
        print(json.dumps(setup()))
        return 0
    if "--database-checks" in sys.argv:
        print(json.dumps(database_checks()))
        return 0
    base, db_url = vb.database_urls()
    tmp = Path(tempfile.mkdtemp(prefix="cg-security-probe-"))
    env = {**vb.django_env(db_url, tmp), "TRUSTED_PROXIES": "127.0.0.1"}
    server = worker = None
    results: list[tuple[str, bool, str]] = []
    try:
        vb.recreate_database(base)
        vb.manage(env, "migrate", "--noinput")
        vb.manage(env, "collectstatic", "--noinput")

        def child(flag):
            run = subprocess.run(
                [PY, __file__, flag], cwd=ROOT, env=env, capture_output=True, text=True
            )
            if run.returncode:
                sys.exit(f"{flag} failed:\n{run.stderr[-3000:]}")
            return json.loads(run.stdout.strip().splitlines()[-1])

        world = child("--setup")
        port = vb.free_port()
        access_log = tmp / "access.log"
        server = subprocess.Popen(
            [str(Path(PY).with_name("gunicorn")), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            start_new_session=True,
            stdout=access_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        worker_log = tmp / "celery.log"
        worker = subprocess.Popen(
            [PY, "-m", "celery", "-A", "config", "worker", "--concurrency=1", "--without-gossip",
             "--without-mingle", "--loglevel=INFO", "-n", f"probe-{os.getpid()}@%h",
             "--logfile", str(worker_log)],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        vb.wait_http(port, server)
        vb.wait_log(worker_log, " ready.", worker)
        probes = [
            ("F2 wrong codes from one client stop nobody else voting", probe_guessing),
            ("F3 failed sign-ins from one client lock nobody else out", probe_sign_in_lockout),
            ("F4 the admin signs in through the rate-limited page", probe_admin_login),
            ("F5 /healthz answers in under 50 ms", probe_healthz),
            ("P3 an oversized upload is refused before it is read", probe_oversized_upload),
            ("P5 a NUL byte in a search is a clear error", probe_nul_search),
        ]
        for name, probe in probes:
            results.append((name, *probe(port, world)))
        held, seen = probe_access_log(port, world, access_log)
        results.append(("P1/P2 no booking token or receipt in the access log", held, seen))
        checks = child("--database-checks")
        results.append(
            (
                "F6 equality answers cannot be joined to a booking by xmin",
                checks["equality_join"] == [],
                f"rows joined: {checks['equality_join']}",
            )
        )
        results.append(
            (
                "F8 staff who keyed a paper ballot can erase their account",
                checks["erase_paper_keyer"] == "erased",
                checks["erase_paper_keyer"],
            )
        )
    finally:
        vb.stop(server)
        vb.stop(worker)
        try:
            vb.recreate_database(base, drop_only=True)
        except Exception as exc:  # noqa: BLE001
            print(f"could not drop {vb.DB_NAME}: {exc}")
        shutil.rmtree(tmp, ignore_errors=True)
    for name, held, seen in results:
        print(f"{'held  ' if held else 'FAILED'}  {name}: {seen}")
    failed = sum(1 for _n, held, _s in results if not held)
    print(f"{len(results) - failed} held, {failed} failed")
    return failed


if __name__ == "__main__":
    sys.exit(main())
