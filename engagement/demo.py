"""Demo data built from the seed documents, for ``make run`` and for tests that need a world.

Each app adds its own step in ``<app>/demo.py`` with :func:`demo_step`; ``seed_demo`` runs them
in order. Every step must be idempotent (get-or-create by natural keys): running the command
twice leaves the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "common-ground-demo"  # noqa: S105 - printed for the demo; local data only


@dataclass
class DemoWorld:
    """What the core step made, handed to later steps so they need not look it up."""

    programme: object = None
    areas: dict[str, object] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    partners: dict[str, object] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed after the logins
    extra: dict[str, object] = field(default_factory=dict)


_STEPS: list[tuple[int, str, Callable[[DemoWorld], None]]] = []


def demo_step(order: int):
    """Register a demo step; lower orders run first (the core is 0)."""

    def decorator(func: Callable[[DemoWorld], None]):
        if not any(name == func.__qualname__ and o == order for o, name, _f in _STEPS):
            _STEPS.append((order, func.__qualname__, func))
        return func

    return decorator


def seed_demo(*, log: Callable[[str], None] = print) -> DemoWorld:
    from .demo_core import seed_core

    autodiscover_modules("demo")
    from . import demo_events  # noqa: F401

    world = DemoWorld()
    with transaction.atomic():
        seed_core(world)
        for _order, name, step in sorted(_STEPS, key=lambda s: (s[0], s[1])):
            log(f"  demo: {name}")
            step(world)
    return world
