"""The voter's phone on a village hall's slow Wi-Fi: a phone with an empty cache opens the QR
link on the card, ticks bids, reviews and casts, on the production stack.

    python -m tests.harness.services -- .venv/bin/python bench/slow_hall.py [--runs 3]

It creates a fresh database ``bench_slow_hall`` on the PostgreSQL of ``DATABASE_URL``, migrates
it with ``config.settings.production``, collects the static files (hashed and compressed, as
the Dockerfile does), loads the demo (``manage.py seed_demo``: its open PB vote and the cards it
prints) and serves the app with gunicorn (``config/gunicorn.py``). Then Playwright drives
Debian's Chromium as a 360 px phone with the connection emulated over the DevTools protocol
(``Network.emulateNetworkConditions``: 400 kbit/s both ways, 400 ms latency) and times, for
each card (a new browser context, so an empty cache every time):

1. **QR link → ballot visible**: from opening ``/pb/vote/<id>/?code=…`` until the ballot's
   "Review my choices" button is on screen with the page's stylesheet and scripts loaded.
2. **Review**: ticking two bids and pressing "Review my choices" until "Cast my vote" shows.
3. **Cast → receipt**: from pressing "Cast my vote" until the receipt code is on screen.

Bytes are what crossed the emulated link, compressed (``encodedDataLength`` of every
response, from ``Network.loadingFinished``), for the whole journey and per response.

Targets: ballot under 3 s, cast under 1.5 s, the voter's pages under 60 KB in all. It exits
non-zero when a target is missed (the slowest run counts).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DB_NAME = "bench_slow_hall"

# 400 kbit/s is 50,000 bytes per second; the latency is added to every request.
LINK = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
TARGETS = {"ballot": 3.0, "cast": 1.5, "kilobytes": 60.0}


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(base: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def production_env(db_url: str, tmp: Path, port: int) -> dict[str, str]:
    redis_url = os.environ.get("REDIS_URL") or sys.exit("REDIS_URL is not set")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "VOTING_CODE_SECRET": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS (Chromium keeps Secure cookies there).
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def demo_vote(env: dict) -> tuple[int, list[str]]:
    """The demo's open vote and the codes of the cards it printed."""
    out = manage(env, "seed_demo")
    found = re.search(r"/pb/vote/(\d+)/ with a code: ([A-Z0-9, -]+)", out)
    if not found:
        sys.exit("seed_demo did not print the open vote's codes:\n" + out)
    return int(found.group(1)), [c.strip() for c in found.group(2).split(",") if c.strip()]


def wait_http(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited at start")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request(
                "GET",
                "/i18n/setlang/",
                headers={"Host": f"127.0.0.1:{port}", "Accept": "application/json"},
            )
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def stop(proc: subprocess.Popen | None) -> None:
    """Stop the server this script started, and its workers (its own process group)."""
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


# --- the phone ---------------------------------------------------------------------------------


class Wire:
    """Counts what crosses the emulated link: the compressed bytes of every response."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.encodings: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event):
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def _finished(self, event):
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def total(self) -> int:
        return sum(self.sizes.values())

    def rows(self) -> list[tuple[str, int, str]]:
        return [
            (self.urls.get(rid, rid), size, self.encodings.get(rid, ""))
            for rid, size in self.sizes.items()
        ]


def mark(page) -> None:
    """Fill the ballot as a voter would, whatever its kind: tick two bids, or score every bid
    (the demo's vote is a scoring ballot)."""
    boxes = page.locator("input[name=choice]")
    for i in range(min(2, boxes.count())):
        boxes.nth(i).check()
    scales = page.locator(".score-options")
    for i in range(scales.count()):
        labels = scales.nth(i).locator("label")
        labels.nth((i * 3 + 2) % labels.count()).click()


def one_phone(browser, base: str, vote: int, code: str, shots: Path | None) -> dict:
    context = browser.new_context(
        base_url=base,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", LINK)
    wire = Wire(cdp)
    try:
        began = time.perf_counter()
        page.goto(f"/pb/vote/{vote}/?code={code}", wait_until="load")
        page.get_by_role("button", name="Review my choices").wait_for(state="visible")
        ballot = time.perf_counter() - began
        if shots:
            page.screenshot(path=shots / "ballot-360.png", full_page=True)

        mark(page)
        began = time.perf_counter()
        page.get_by_role("button", name="Review my choices").click()
        page.get_by_role("button", name="Cast my vote").wait_for(state="visible")
        page.wait_for_load_state("load")
        review = time.perf_counter() - began
        if shots:
            page.screenshot(path=shots / "review-360.png", full_page=True)

        began = time.perf_counter()
        page.get_by_role("button", name="Cast my vote").click()
        page.wait_for_url(re.compile(r"/receipt/"))
        page.locator(".receipt-code").wait_for(state="visible")
        page.wait_for_load_state("load")
        cast = time.perf_counter() - began
        if shots:
            page.screenshot(path=shots / "receipt-360.png", full_page=True)
        # The last responses' loadingFinished events arrive a moment after the page's load.
        page.wait_for_timeout(500)
        return {
            "ballot": ballot,
            "review": review,
            "cast": cast,
            "bytes": wire.total(),
            "rows": wire.rows(),
        }
    finally:
        context.close()


def drive(base: str, vote: int, codes: list[str], runs: int, shots: Path | None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.harness.browser import CHROMIUM_FLAGS, chromium_path

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            for i, code in enumerate(codes[:runs]):
                results.append(one_phone(browser, base, vote, code, shots if i == 0 else None))
        finally:
            browser.close()
    return results


# --- the report --------------------------------------------------------------------------------


def report(results: list[dict]) -> int:
    print(
        f"\nEmulated link: {LINK['downloadThroughput'] * 8 // 1000} kbit/s down and up, "
        f"{LINK['latency']} ms latency; a 360 px phone with an empty cache per run.\n"
    )
    heads = ("run", "QR link → ballot", "review", "cast → receipt", "bytes")
    print("{:>3}  {:>17}  {:>7}  {:>15}  {:>9}".format(*heads))
    for i, r in enumerate(results, start=1):
        print(
            f"{i:>3}  {r['ballot']:>16.2f}s  {r['review']:>6.2f}s  {r['cast']:>14.2f}s  "
            f"{r['bytes'] / 1024:>7.1f}KB"
        )
    first = results[0]
    print("\nWhat the first phone downloaded (compressed bytes on the wire; files it took")
    print("again from its cache, unasked thanks to the immutable header, are left out):")
    for url, size, encoding in sorted(first["rows"], key=lambda row: -row[1]):
        if size == 0:
            continue  # from the phone's cache: nothing crossed the link
        path = re.sub(r"^https?://[^/]+", "", url)
        path = re.sub(r"code=[^&]+", "code=…", path)
        path = re.sub(r"/receipt/[^/]+/", "/receipt/…/", path)
        print(f"  {size / 1024:>6.1f}KB  {encoding or '-':<5}  {path}")

    worst = {
        "ballot": max(r["ballot"] for r in results),
        "cast": max(r["cast"] for r in results),
        "kilobytes": max(r["bytes"] for r in results) / 1024,
    }
    labels = {
        "ballot": "QR link → ballot visible",
        "cast": "cast → receipt",
        "kilobytes": "the voter's pages in all",
    }
    units = {"ballot": "s", "cast": "s", "kilobytes": " KB"}
    missed = 0
    print("\nTargets (the slowest run):")
    for key, target in TARGETS.items():
        ok = worst[key] < target
        missed += not ok
        print(
            f"  {labels[key]:<26} {worst[key]:>6.2f}{units[key]:<3} under {target:g}{units[key]}: "
            + ("met" if ok else "MISSED")
        )
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="phones, one card each (max 5)")
    parser.add_argument(
        "--screenshots", type=Path, help="save the first phone's pages as PNGs in this folder"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Run under tests.harness.services so DATABASE_URL points at PostgreSQL.")
    base_db = url.rsplit("/", 1)[0]
    tmp = Path(tempfile.mkdtemp(prefix="cg-slow-hall-"))
    port = free_port()
    env = production_env(f"{base_db}/{DB_NAME}", tmp, port)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        t0 = time.perf_counter()
        recreate_database(base_db)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        vote, codes = demo_vote(env)
        print(f"set-up (database, migrations, static files, demo): {time.perf_counter() - t0:.0f}s")
        server = subprocess.Popen(
            [
                str(Path(PY).with_name("gunicorn")),
                "-c",
                "config/gunicorn.py",
                "config.wsgi",
                "--log-level",
                "warning",
                "--access-logfile",
                os.devnull,
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_http(port, server)
        base = f"http://127.0.0.1:{port}"
        results = drive(base, vote, codes, min(args.runs, 5), args.screenshots)
    finally:
        stop(server)
        try:
            recreate_database(base_db, drop_only=True)
        except Exception as exc:  # noqa: BLE001 - report; the figures still stand
            print(f"could not drop {DB_NAME}: {exc}")
        shutil.rmtree(tmp, ignore_errors=True)
    return report(results)


if __name__ == "__main__":
    raise SystemExit(main())
