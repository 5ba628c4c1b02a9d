"""A real Celery worker process for the tests, consuming from the test Redis and writing to the
test database that pytest-django created."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    def __init__(self, database_name: str):
        self.database_name = database_name
        self.proc: subprocess.Popen | None = None
        self.log_path = ROOT / ".test-artifacts" / "celery-worker.log"
        self.name = f"test-{os.getpid()}@{socket.gethostname()}"

    def env(self) -> dict[str, str]:
        base, _name = os.environ["DATABASE_URL"].rsplit("/", 1)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"{base}/{self.database_name}",
            "CG_TEST_WORKER": "1",
        }

    def start(self) -> None:
        from config.celery import app

        self._close_log()
        app.control.purge()
        self.log_path.parent.mkdir(exist_ok=True)
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--include",
                "tests.harness.worker_hooks",
                "--loglevel=INFO",
                "-n",
                self.name,
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        from engagement.tasks import ping

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker exited; see {self.log_path}")
            try:
                if ping.delay("ready").get(timeout=2) == "pong:ready":
                    return
            except Exception:  # noqa: BLE001,S112 - not up yet
                continue
        raise RuntimeError(f"Celery worker did not answer within {timeout}s; see {self.log_path}")

    def consume(self) -> None:
        """Start taking tasks, after dropping any queued by earlier tests (whose data is gone)."""
        from config.celery import app

        app.control.purge()
        app.control.add_consumer("celery", destination=[self.name], reply=True, timeout=5)

    def pause(self, timeout: float = 30) -> None:
        """Finish the task in hand, then stop taking new ones: between tests the database is
        flushed, and a task running during the flush could deadlock with it."""
        from config.celery import app

        inspector = app.control.inspect(destination=[self.name], timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            active = (inspector.active() or {}).get(self.name, [])
            reserved = (inspector.reserved() or {}).get(self.name, [])
            if not active and not reserved:
                break
            time.sleep(0.1)
        app.control.cancel_consumer("celery", destination=[self.name], reply=True, timeout=5)

    def kill(self) -> None:
        """Kill -9, as a crashed machine would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._close_log()

    def _close_log(self) -> None:
        log = getattr(self, "_log", None)
        if log is not None and not log.closed:
            log.close()
