"""A deploy check: production must not publish 360Giving data under the placeholder prefix."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def registered_360giving_prefix(app_configs, **kwargs):
    from .exports import publishing_problem

    problem = publishing_problem()
    if problem:
        return [checks.Warning(problem, id="reports.W001")]
    return []
