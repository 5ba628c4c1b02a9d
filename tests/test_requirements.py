"""The two lock files: production installs the runtime set only, a checkout adds the dev set.

The image must not carry the test runner, the browser driver, the linters or the reference tally,
and the application must start without them; the dev set must pin every runtime package at the
version production runs, so the tests exercise what is deployed.
"""

import os
import re
import secrets
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
DEV_LOCK = ROOT / "requirements" / "dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text())}


def declared(group: str | None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {canonicalize_name(Requirement(spec).name) for spec in specs}


def test_runtime_lock_holds_every_runtime_dependency_and_no_dev_tool():
    runtime = pins(RUNTIME_LOCK)
    assert declared(None) <= runtime.keys()
    assert not declared("dev") & runtime.keys()
    for tool in ["pytest", "playwright", "hypothesis", "pabutools", "ruff", "import-linter"]:
        assert tool not in runtime, tool


def test_dev_lock_pins_the_runtime_set_at_the_same_versions():
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    assert declared("dev") <= dev.keys()
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_image_installs_the_runtime_lock_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-deps -r requirements/runtime.lock" in dockerfile
    assert "dev.lock" not in dockerfile


# Refuses every import of a dev-only distribution, then loads production settings, every module
# of every first-party app (views, tasks, management commands, migrations) and runs the deploy
# checks: what a gunicorn or Celery process in the image could import.
WITHOUT_DEV_TOOLS = """
import importlib, pkgutil, sys
from pathlib import Path
BLOCKED = set(sys.argv[1].split(","))

class RefuseDevTools:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{name} is a development tool, not in runtime.lock")

sys.meta_path.insert(0, RefuseDevTools())
import django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.urls import get_resolver

get_resolver().url_patterns
root = Path.cwd()
for app in apps.get_app_configs():
    # Our apps only: the virtualenv may live inside the checkout (.venv), as make install puts it.
    if Path(app.path).is_relative_to(root) and "site-packages" not in Path(app.path).parts:
        importlib.import_module(app.name)
        for module in pkgutil.walk_packages([app.path], app.name + "."):
            if not module.name.endswith(".__main__"):
                importlib.import_module(module.name)
call_command("check", deploy=True, fail_level="DEBUG")
print("started without", len(BLOCKED), "dev-only modules")
"""


def dev_only_modules() -> set[str]:
    dev_only = pins(DEV_LOCK).keys() - pins(RUNTIME_LOCK).keys()
    return {
        module
        for module, distributions in packages_distributions().items()
        if {canonicalize_name(d) for d in distributions} <= dev_only
    }


def test_production_starts_with_the_runtime_set_only():
    blocked = dev_only_modules()
    assert {"pytest", "playwright", "hypothesis", "pabutools", "importlinter"} <= blocked
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "commonground.example.org",
        "REPORTS_360G_PREFIX": "360G-safershires",
    }
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_DEV_TOOLS, ",".join(sorted(blocked))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
