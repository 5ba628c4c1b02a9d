"""A PB vote under load on the production stack: N attendees vote through the real HTTP flow.

    python -m tests.harness.services -- .venv/bin/python bench/vote_burst.py \\
        [--voters 600 --seconds 60 --workers N --worker-class sync --clients 32]

It creates a fresh database ``bench_votes`` on the PostgreSQL of ``DATABASE_URL``, migrates it
with ``config.settings.production``, sets up a vote (approval ballot, eight shortlisted bids,
Method of Equal Shares) with codes through the services, and starts gunicorn (sync workers, as
many as ``config/gunicorn.py`` starts: one per CPU) and a Celery worker, all on 127.0.0.1. Then:

1. **Burst**: N attendees arrive at random over the window; each, as the pages do: scans the QR
   link (half of them) or opens the code page and types the code, gets the ballot, ticks bids,
   reviews, casts (``Accept: application/json``, as ``voting.js`` does) and opens the receipt.
   One in twenty taps "cast" twice. Latency is each attendee's cast request.
2. **Capacity, same concurrency**: as many attendees again are brought up to the review page,
   then all cast at once from ``--clients`` threads; and the same number of requests go to a
   trivial endpoint (``GET /i18n/setlang/``: the whole Django middleware stack, no database,
   no template, a 204) from the same number of threads. For context, also a small page
   (``/accessibility/``) and a static file served by WhiteNoise.
3. Checks that no ballot was lost or duplicated (database against the receipts the attendees
   got), closes the vote as the coordinator does and times the Celery count.

Goals: ballot throughput at least half the trivial endpoint's; p99 under 250 ms at
600 voters in one minute. The harness's PostgreSQL runs with fsync off: commit costs less
than on a real disk.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import html
import http.client
import json
import os
import random
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DB_NAME = "bench_votes"
BIDS = [
    ("Seafront CCTV survey", 90_000),
    ("Teen boxing nights", 150_000),
    ("Safe walk home scheme", 120_000),
    ("Park lighting", 200_000),
    ("Youth café", 110_000),
    ("Neighbourhood watch signs", 40_000),
    ("Bike marking days", 30_000),
    ("Knife bin and workshop", 70_000),
]
BUDGET_PENCE = 400_000
MAX_CHOICES = 3


# --- set-up (runs in a subprocess with Django and the production settings) -------------------


def setup_vote(codes_wanted: int) -> dict:
    import django

    django.setup()
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from budgeting.models import Bid, BidRound, BidStatus, FundingPot, GroupType
    from engagement.models import Area, Event, Programme, Role, RoleAssignment, User
    from voting.services import codes_generate, vote_create, vote_open
    from voting.services.cards import codes_issue_all

    programme, _ = Programme.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "status": Programme.Status.ACTIVE}
    )
    area, _ = Area.objects.get_or_create(
        programme=programme, slug="bench", defaults={"name": "Bench"}
    )
    now = timezone.now()
    day = dt.timedelta(days=1)
    pot = FundingPot.objects.create(area=area, name="Bench pot", target_pence=BUDGET_PENCE)
    round_ = BidRound.objects.create(
        area=area,
        pot=pot,
        name="Bench PB round",
        slug="bench-pb-round",
        published=True,
        submission_opens=now - 30 * day,
        submission_closes=now - 20 * day,
        review_closes=now - 10 * day,
        shortlist_closes=now - 5 * day,
        voting_opens=now - dt.timedelta(hours=1),
        voting_closes=now + day,
        results_at=now + 2 * day,
        max_amount_pence=250_000,
    )
    for number, (title, pence) in enumerate(BIDS, start=1):
        Bid.objects.create(
            round=round_,
            number=number,
            status=BidStatus.SHORTLISTED,
            ballot_position=number,
            group_name=f"{title} group",
            group_type=GroupType.COMMUNITY_GROUP,
            title=title,
            summary=f"{title}: a bid from a local group.",
            amount_requested_pence=pence,
            submitted_at=now - 25 * day,
        )
    event = Event.objects.create(
        kind=Event.Kind.PB_EVENT,
        programme=programme,
        area=area,
        title="Bench PB event",
        slug="bench-pb-event",
        purpose="Bench",
        venue_name="Hall",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
        capacity=2000,
        status=Event.Status.PUBLISHED,
    )
    coordinator = User.objects.create(email="coordinator@bench.test", name="Bench coordinator")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.COORDINATOR, programme=programme, area=area
    )
    vote = vote_create(
        actor=coordinator,
        event=event,
        round=round_,
        title="Bench decides",
        ballot_type="approval",
        rule="equalshares/add1",
        budget_pence=BUDGET_PENCE,
        params={"max_choices": MAX_CHOICES},
    )
    vote = vote_open(actor=coordinator, vote=vote)
    codes = codes_generate(vote=vote, count=codes_wanted)
    codes_issue_all(actor=coordinator, vote=vote)
    client = Client()
    client.force_login(coordinator)
    return {
        "vote": vote.pk,
        "codes": codes,
        "session": client.cookies["sessionid"].value,
    }


# --- HTTP, as a phone does it ----------------------------------------------------------------


def kind_of(method: str, path: str) -> str:
    if "/cast/" in path:
        return "cast"
    if "/review/" in path:
        return "review"
    if "/receipt/" in path:
        return "receipt"
    if "?code=" in path:
        return "QR link → ballot"
    if re.fullmatch(r"/pb/vote/\d+/", path):
        return "code page" if method == "GET" else "typed code → ballot"
    return path


class Browser:
    """One attendee's phone: a keep-alive connection and its cookies (sent by hand: the
    production cookies are ``Secure`` and this is plain HTTP on 127.0.0.1)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = dict(cookies or {})
        self.log: list[tuple[str, float]] = []  # (request kind, seconds)

    def request(self, method: str, path: str, data=None, accept: str = "text/html"):
        headers = {"Accept": accept, "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # a dropped keep-alive connection: once more on a fresh one
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.log.append((kind_of(method, path), time.perf_counter() - started))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, text

    def close(self):
        self.conn.close()


CAST_FORM_RE = re.compile(r'<form[^>]*id="cast-form"[^>]*>(.*?)</form>', re.S)
BALLOT_FORM_RE = re.compile(r'<form[^>]*id="ballot-form"[^>]*>(.*?)</form>', re.S)
HIDDEN_RE = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CHOICE_RE = re.compile(r'name="choice" value="(\d+)"')


def hidden_fields(page: str, form_re: re.Pattern | None = None) -> list[tuple[str, str]]:
    if form_re is not None:
        found = form_re.search(page)
        page = found.group(1) if found else ""
    return [(html.unescape(n), html.unescape(v)) for n, v in HIDDEN_RE.findall(page)]


class Failed(Exception):
    pass


def expect(status: int, wanted: int, step: str, text: str = "") -> None:
    if status != wanted:
        raise Failed(f"{step}: HTTP {status} {text[:200]!r}")


def ballot_page(b: Browser, vote: int, code: str, by_qr: bool) -> str:
    if by_qr:
        status, _h, page = b.request("GET", f"/pb/vote/{vote}/?code={code}")
        expect(status, 200, "QR link", page)
        return page
    status, _h, page = b.request("GET", f"/pb/vote/{vote}/")
    expect(status, 200, "code page", page)
    token = dict(hidden_fields(page))["csrfmiddlewaretoken"]
    status, _h, page = b.request(
        "POST", f"/pb/vote/{vote}/", {"csrfmiddlewaretoken": token, "code": code}
    )
    expect(status, 200, "typed code", page)
    return page


def review(b: Browser, vote: int, page: str, rng: random.Random) -> list[tuple[str, str]]:
    """Tick bids and review; returns the cast form's fields, as the review page has them."""
    fields = hidden_fields(page, BALLOT_FORM_RE)
    options = CHOICE_RE.findall(page)
    ticks = rng.sample(options, rng.randint(1, MAX_CHOICES))
    data = fields + [("choice", t) for t in ticks] + [("review", "1")]
    status, _h, page = b.request("POST", f"/pb/vote/{vote}/review/", data)
    expect(status, 200, "review", page)
    cast_fields = hidden_fields(page, CAST_FORM_RE)
    if not cast_fields:
        raise Failed("review: no cast form")
    return cast_fields


def cast(b: Browser, vote: int, fields) -> tuple[float, dict]:
    started = time.perf_counter()
    status, _h, text = b.request(
        "POST", f"/pb/vote/{vote}/cast/", fields, accept="application/json"
    )
    elapsed = time.perf_counter() - started
    expect(status, 200, "cast", text)
    answer = json.loads(text)
    if not answer.get("ok"):
        raise Failed(f"cast refused: {answer}")
    return elapsed, answer


# --- the run -----------------------------------------------------------------------------------


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of process ``root`` and its children so far, from /proc:
    the server's own cost, whatever else the machine is running."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == root or int(fields[1]) == root:  # fields[1] is the parent
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def wait_http(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited at start")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/i18n/setlang/", headers={"Accept": "application/json"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def wait_log(path: Path, needle: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the Celery worker exited at start; see {path}")
        if path.exists() and needle in path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    sys.exit(f"the Celery worker did not start; see {path}")


def stop(proc: subprocess.Popen | None) -> None:
    """Stop a process this script started, and its children (its own process group)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def database_urls() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Run under tests.harness.services so DATABASE_URL points at PostgreSQL.")
    base = url.rsplit("/", 1)[0]
    return base, f"{base}/{DB_NAME}"


def recreate_database(base: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def django_env(db_url: str, tmp: Path) -> dict[str, str]:
    redis_url = os.environ.get("REDIS_URL") or sys.exit("REDIS_URL is not set")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "VOTING_CODE_SECRET": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def warm_up(port: int, vote: int, threads: int) -> None:
    """A server that has been up for a while: every gunicorn thread has its database
    connection and the templates are compiled (as before the doors open at a real event)."""
    paths = [f"/pb/vote/{vote}/", f"/pb/vote/{vote}/live/", "/accessibility/", "/i18n/setlang/"]

    def get(b, path):
        b.request("GET", path)

    run_parallel(threads, paths * threads * 2, get, lambda: Browser(port))


def burst(port, vote, codes, seconds, clients, seed) -> dict:
    """Phase 1: attendees arriving at random over ``seconds``."""
    rng = random.Random(seed)
    starts = sorted(rng.uniform(0, seconds) for _ in codes)
    results: list[dict] = []
    lock = threading.Lock()

    def attendee(i: int, code: str, due: float, t0: float) -> None:
        local = random.Random(seed * 1000 + i)
        late = time.perf_counter() - t0 - due
        b = Browser(port)
        row = {"code": code, "late": late}
        began = time.perf_counter()
        try:
            page = ballot_page(b, vote, code, by_qr=i % 2 == 0)
            fields = review(b, vote, page, local)
            row["latency"], answer = cast(b, vote, fields)
            row["receipt"] = answer["receipt"]
            if i % 20 == 7:  # a double tap: the same request again gets the same receipt
                _t, again = cast(b, vote, fields)
                row["repeat_ok"] = again["receipt"] == answer["receipt"]
            status, _h, text = b.request("GET", answer["receipt_url"])
            expect(status, 200, "receipt", text)
        except (Failed, OSError, http.client.HTTPException, ValueError) as exc:
            row["error"] = str(exc)
        finally:
            b.close()
        row["flow"] = time.perf_counter() - began
        row["requests"] = b.log
        with lock:
            results.append(row)

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        t0 = time.perf_counter()
        futures = []
        for i, (code, due) in enumerate(zip(codes, starts, strict=True)):
            delay = t0 + due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(attendee, i, code, due, t0))
        concurrent.futures.wait(futures)
        wall = time.perf_counter() - t0
    return {"results": results, "wall": wall}


def run_parallel(clients: int, jobs: list, do, make=None) -> tuple[float, list]:
    """``do(state, job)`` for every job from ``clients`` threads released together; each
    thread's ``state`` is ``make()`` (a connection), closed at the end."""
    barrier = threading.Barrier(clients + 1)
    chunks = [jobs[i::clients] for i in range(clients)]
    out: list = []
    lock = threading.Lock()

    def thread(chunk):
        state = make() if make else None
        barrier.wait()
        mine = [do(state, job) for job in chunk]
        if state is not None:
            state.close()
        with lock:
            out.extend(mine)

    threads = [threading.Thread(target=thread, args=(c,), daemon=True) for c in chunks]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, out


def capacity(port, vote, codes, clients, seed) -> dict:
    """Phase 2: ballots per second with every attendee ready to cast, against trivial requests
    from the same number of threads."""
    rng = random.Random(seed)
    prepared = []
    for i, code in enumerate(codes):  # brought up to the review page, untimed
        b = Browser(port)
        fields = review(b, vote, ballot_page(b, vote, code, by_qr=i % 2 == 0), rng)
        b.close()
        prepared.append((b.cookies, fields))

    def cast_one(b, job):
        # One keep-alive connection per thread, as for the reference requests below; each
        # ballot with its own attendee's cookies.
        b.cookies, fields = dict(job[0]), job[1]
        try:
            elapsed, answer = cast(b, vote, fields)
            return {"latency": elapsed, "receipt": answer["receipt"]}
        except (Failed, OSError, http.client.HTTPException, ValueError) as exc:
            return {"error": str(exc)}

    wall, casts = run_parallel(clients, prepared, cast_one, lambda: Browser(port))

    def getter(path, wanted):
        def get(b, _job):
            started = time.perf_counter()
            status, _h, _t = b.request("GET", path, accept="application/json")
            return {"ok": status == wanted, "latency": time.perf_counter() - started}

        return get

    references = {}
    for name, path, wanted in [
        ("trivial", "/i18n/setlang/", 204),
        ("page", "/accessibility/", 200),
        ("static", "/static/js/app.js", 200),
    ]:
        ref_wall, answers = run_parallel(
            clients, list(range(len(codes))), getter(path, wanted), lambda: Browser(port)
        )
        references[name] = {
            "path": path,
            "rate": len(answers) / ref_wall,
            "failed": sum(1 for a in answers if not a["ok"]),
            "p50": statistics.median(a["latency"] for a in answers),
        }
    return {"casts": casts, "wall": wall, "references": references}


def close_and_count(port, vote, session, db_url) -> tuple[float, dict]:
    import psycopg

    b = Browser(port, {"sessionid": session})
    status, _h, page = b.request("GET", f"/pb/votes/{vote}/")
    expect(status, 200, "manage page", page)
    token = dict(hidden_fields(page))["csrfmiddlewaretoken"]
    started = time.perf_counter()
    status, _h, page = b.request(
        "POST", f"/pb/votes/{vote}/do/close/", {"csrfmiddlewaretoken": token}
    )
    expect(status, 302, "close", page)
    b.close()
    deadline = time.monotonic() + 300
    with psycopg.connect(db_url, autocommit=True) as conn:
        while True:
            state, error = conn.execute(
                "SELECT tally_state, tally_error FROM budgeting_pbvote WHERE id = %s", [vote]
            ).fetchone()
            if state in ("done", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        took = time.perf_counter() - started
        row = conn.execute(
            "SELECT ballots_counted, selected, spent_pence FROM budgeting_tallyrecord "
            "WHERE vote_id = %s",
            [vote],
        ).fetchone()
    return took, {"state": state, "error": error, "record": row}


def ballots_in_db(db_url: str, vote: int) -> tuple[int, int, set[str]]:
    import psycopg

    with psycopg.connect(db_url) as conn:
        total, unique = conn.execute(
            "SELECT count(*), count(DISTINCT receipt_digest) FROM budgeting_ballot "
            "WHERE vote_id = %s",
            [vote],
        ).fetchone()
        digests = {
            r[0]
            for r in conn.execute(
                "SELECT receipt_digest FROM budgeting_ballot WHERE vote_id = %s", [vote]
            )
        }
    return total, unique, digests


def receipt_digest(receipt: str) -> str:
    # voting.digests.receipt_digest (kept here so this process needs no Django settings)
    return hashlib.sha256(f"pb-receipt:{receipt}".encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--workers",
        type=int,
        default=runpy.run_path(str(ROOT / "config" / "gunicorn.py"))["workers"],
        help="gunicorn worker processes (default: as config/gunicorn.py)",
    )
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn worker class (sync, as the Dockerfile)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--clients", type=int, default=32, help="attendees at once (threads)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep-db", action="store_true", help="keep bench_votes afterwards")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.setup is not None:
        print(json.dumps(setup_vote(args.setup)))
        return 0

    base, db_url = database_urls()
    tmp = Path(tempfile.mkdtemp(prefix="cg-vote-burst-"))
    env = django_env(db_url, tmp)
    server = worker = None
    try:
        t0 = time.perf_counter()
        recreate_database(base)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        setup = subprocess.run(
            [PY, __file__, "--setup", str(2 * args.voters)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        world = json.loads(setup.stdout.strip().splitlines()[-1])
        vote, codes = world["vote"], world["codes"]
        print(f"set-up (database, migrations, static files, vote): {time.perf_counter() - t0:.1f}s")

        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(PY).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        worker_log = tmp / "celery.log"
        worker = subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"bench-{os.getpid()}@%h",
                "--logfile",
                str(worker_log),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_http(port, server)
        wait_log(worker_log, " ready.", worker)
        print(
            f"gunicorn {args.workers} {args.worker_class} workers"
            + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
            + ", Celery worker, "
            f"PostgreSQL and Redis on 127.0.0.1; {os.cpu_count()} CPUs for all of it and the "
            "attendees"
        )

        warm_up(port, vote, args.workers * args.threads)
        cpu0 = cpu_seconds(server.pid)
        one = burst(port, vote, codes[: args.voters], args.seconds, args.clients, args.seed)
        one["cpu"] = cpu_seconds(server.pid) - cpu0
        two = capacity(port, vote, codes[args.voters :], args.clients, args.seed + 1)
        count_time, count = close_and_count(port, vote, world["session"], db_url)
        total, unique, digests = ballots_in_db(db_url, vote)
    finally:
        stop(server)
        stop(worker)
        if not args.keep_db:
            try:
                recreate_database(base, drop_only=True)
            except Exception as exc:  # noqa: BLE001 - report, the run's figures still stand
                print(f"could not drop {DB_NAME}: {exc}")
        shutil.rmtree(tmp, ignore_errors=True)

    return report(args, one, two, count_time, count, total, unique, digests)


def report(args, one, two, count_time, count, total, unique, digests) -> int:
    rows = one["results"]
    ok = [r for r in rows if "receipt" in r]
    errors = [r["error"] for r in rows if "error" in r]
    lat = [r["latency"] * 1000 for r in ok]
    flows = [r["flow"] * 1000 for r in ok]
    late = max((r["late"] for r in rows), default=0)
    repeats = [r["repeat_ok"] for r in rows if "repeat_ok" in r]
    casts = [c for c in two["casts"] if "receipt" in c]
    errors += [c["error"] for c in two["casts"] if "error" in c]
    rate = len(casts) / two["wall"]
    refs = two["references"]
    trivial = refs["trivial"]["rate"]
    receipts = [r["receipt"] for r in ok] + [c["receipt"] for c in casts]
    p50, p99 = statistics.median(lat), percentile(lat, 0.99)

    print(
        f"\n1. burst: {len(rows)} attendees over {args.seconds:.0f}s "
        f"({len(rows) / one['wall']:.1f} ballots/s offered), {len(ok)} cast, "
        f"{len(errors)} errors, {args.clients} client threads "
        f"(most late start {late * 1000:.0f} ms)"
    )
    print(f"   cast request  p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {max(lat):.1f} ms")
    print(
        f"   whole visit (code page → receipt, 5 requests)  p50 {statistics.median(flows):.0f} ms  "
        f"p99 {percentile(flows, 0.99):.0f} ms"
    )
    kinds: dict[str, list[float]] = {}
    for r in rows:
        for kind, seconds in r.get("requests", []):
            kinds.setdefault(kind, []).append(seconds * 1000)
    for kind, values in kinds.items():
        print(
            f"     {kind:22s} {len(values):4d} requests  p50 {statistics.median(values):6.1f} ms  "
            f"p99 {percentile(values, 0.99):6.1f} ms  max {max(values):6.1f} ms"
        )
    print(f"   double taps: {len(repeats)}, all given the first receipt: {all(repeats)}")
    print(
        f"   gunicorn CPU time: {one['cpu']:.1f}s for {len(rows)} visits = "
        f"{one['cpu'] / max(len(rows), 1) * 1000:.0f} ms per attendee (PostgreSQL not included); "
        f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"\n2. capacity, {args.clients} threads at once, {len(two['casts'])} requests each:\n"
        f"   ballots/s {rate:.0f} (cast p50 "
        f"{statistics.median(c['latency'] for c in casts) * 1000:.0f} ms)"
    )
    for name, ref in refs.items():
        print(
            f"   {name:8s} GET {ref['path']:20s} {ref['rate']:6.0f} req/s  "
            f"(p50 {ref['p50'] * 1000:.0f} ms, {ref['failed']} failed)  "
            f"ballots/s ÷ this = {rate / ref['rate']:.2f}"
        )
    lost = len(receipts) - len({receipt_digest(r) for r in receipts} & digests)
    print(
        f"\n3. integrity: ballots in the database {total}, successful casts {len(receipts)}, "
        f"unique receipts {unique}; lost {lost}, duplicates {total - unique}, "
        f"ballots nobody got a receipt for {total - len(set(receipts))}"
    )
    record = count["record"]
    print(
        f"   close → Celery count done in {count_time:.2f}s: state {count['state']}"
        + (f", {record[0]} ballots counted, funded {record[1]}" if record else "")
        + (f", error {count['error']}" if count["error"] else "")
    )
    if errors:
        print("   first errors:", *errors[:5], sep="\n     ")

    integrity = (
        not errors
        and total == len(receipts) == len(set(receipts)) == unique
        and lost == 0
        and all(repeats)
        and count["state"] == "done"
        and record is not None
        and record[0] == total
    )
    ratio_ok = rate >= trivial / 2
    p99_ok = p99 < 250
    print(
        f"\ngoal: ballots/s ≥ half the trivial endpoint's: {rate:.0f} vs {trivial / 2:.0f} → "
        f"{'met' if ratio_ok else 'MISSED'};  p99 < 250 ms: {p99:.0f} ms → "
        f"{'met' if p99_ok else 'MISSED'}"
    )
    print("OK: zero lost, zero duplicates, counted" if integrity else "FAILED: integrity")
    return 0 if integrity else 1


if __name__ == "__main__":
    raise SystemExit(main())
