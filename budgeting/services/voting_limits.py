"""Slowing down anyone guessing voting codes: a counter per IP address in the cache.

A wrong code (unknown, malformed) adds one to the caller's counter for the window; past the
limit every code from that address is refused until the window ends, and each refusal is
logged. 65-bit codes cannot be guessed anyway; this keeps the logs meaningful and stops a
script from hammering the database.

The cache is Redis. Ballots must be accepted while Redis is down, so the limiter *fails open*:
if the cache cannot be reached, it logs and lets the request through.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("budgeting.voting.guessing")

WINDOW_SECONDS = getattr(settings, "VOTING_GUESS_WINDOW_SECONDS", 600)
LIMIT = getattr(settings, "VOTING_GUESS_LIMIT", 20)


def _key(ip: str) -> str:
    return f"budgeting:code-guess:{ip}"


def client_ip(request) -> str:
    """The client address; behind a proxy, the first hop it reports (set the proxy to
    overwrite X-Forwarded-For, as the production settings assume)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "USE_X_FORWARDED_FOR", False):
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def guesses_blocked(ip: str) -> bool:
    try:
        count = cache.get(_key(ip), 0)
    except Exception:  # noqa: BLE001 - Redis down: fail open, never block voting
        logger.warning("Code-guessing limiter unavailable (cache down); allowing %s", ip)
        return False
    if count >= LIMIT:
        logger.warning("Code guessing blocked for %s (%s wrong codes)", ip, count)
        return True
    return False


def guess_failed(ip: str, vote_id: int, reason: str) -> int:
    """Count one wrong code from ``ip``; returns the count so far (0 if the cache is down)."""
    logger.info("Wrong voting code for vote %s from %s: %s", vote_id, ip, reason)
    try:
        if cache.add(_key(ip), 1, WINDOW_SECONDS):
            return 1
        return cache.incr(_key(ip))
    except ValueError:  # expired between add and incr
        cache.set(_key(ip), 1, WINDOW_SECONDS)
        return 1
    except Exception:  # noqa: BLE001 - Redis down: fail open
        logger.warning("Code-guessing limiter unavailable (cache down)")
        return 0
