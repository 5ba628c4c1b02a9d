"""Upgrade tests: move the test database to chosen migrations, and always back to the latest."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def migrate_to_latest() -> MigrationExecutor:
    return migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def back_to_the_latest_migrations():
    """A failing upgrade test must not leave the database on an old schema for later tests."""
    yield
    migrate_to_latest()
