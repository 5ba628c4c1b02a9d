"""Hashed static files are cached by phones for a year (WhiteNoise's ``immutable`` header) and
go out compressed, under ``make run`` (runserver with config.settings.local) as in production;
a plain name is never cached for long. Each server is started as its command starts it, on a
throwaway STATIC_ROOT collected the way ``make run`` and the Dockerfile collect it."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
YEAR = "max-age=315360000, public, immutable"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, **headers) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}", **headers})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@contextlib.contextmanager
def serving(command: list[str], env: dict, port: int, log: Path):
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, log.read_text()
            with contextlib.suppress(OSError):
                get(port, "/static/img/favicon.svg")
                break
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)


def settings_env(module: str, static_root: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
    }
    if module.endswith("local"):
        env["DATABASE_URL"] = f"sqlite:///{static_root.parent / 'db.sqlite3'}"
    return env


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_hashed_static_files_are_cached_for_a_year_and_compressed(tmp_path, module):
    static_root = tmp_path / "static"
    env = settings_env(module, static_root)
    python = sys.executable
    subprocess.run(
        # Without the big vendor folders the voter's pages never use: seconds, not minutes.
        [python, "manage.py", "collectstatic", "--noinput", "-v0"]
        + ["-i", "admin", "-i", "leaflet", "-i", "bootstrap"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    css = "/static/" + hashed["voting/voter.css"]
    assert css != "/static/voting/voter.css"
    port = free_port()
    if module.endswith("local"):  # what `make run` starts
        command = [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:  # what the Dockerfile starts
        command = [
            str(Path(python).with_name("gunicorn")),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
        ]
    with serving(command, env, port, tmp_path / "server.log"):
        response = get(port, css, **{"Accept-Encoding": "gzip"})
        assert response.status == 200
        assert response.getheader("Cache-Control") == YEAR
        assert response.getheader("Content-Encoding") == "gzip"
        plain = get(port, "/static/voting/voter.css")
        assert plain.status == 200
        assert "immutable" not in plain.getheader("Cache-Control")
