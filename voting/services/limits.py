"""Slowing down anyone guessing voting codes: a counter per vote and client address in the cache.

A wrong code (unknown, malformed) adds one to the caller's counter for that vote and window;
past the limit every *wrong* code from that address for that vote is refused as "too many"
until the window ends, and each refusal is logged. A code that is real is always checked first
and never refused by the limiter (``voting.services.casting.code_check_guarded``), so nobody can
stop others voting by guessing: at worst a guesser blocks their own wrong guesses. The address
is ``engagement.network.client_address`` (the proxy's ``X-Forwarded-For`` only when trusted).
65-bit codes cannot be guessed anyway; this keeps the logs meaningful and stops a
script from hammering the database.

The cache is Redis. Ballots must be accepted while Redis is down, so the limiter *fails open*:
if the cache cannot be reached, it logs and lets the request through.

Every attendee request asks "is this address blocked?", and in a hall every phone shares the
venue router's address: a worker remembers the answer for ``RECHECK_SECONDS`` rather than asking
Redis hundreds of times a second. A wrong code seen by a worker makes it ask again at once, so
it blocks as soon as the limit is reached; other workers follow within a second (a second's
extra guesses against 65-bit codes is nothing).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from engagement.network import client_address

logger = logging.getLogger("voting.guessing")

# The limit and its window are settings (config/settings/features.py), read at call time.
RECHECK_SECONDS = 1.0
_MEMO_SIZE = 10_000

_recent: dict[str, tuple[float, bool]] = {}  # counter key -> (when looked up, blocked then)
_recent_lock = threading.Lock()


def _key(ip: str, vote_id: int) -> str:
    return f"voting:code-guess:{vote_id}:{ip}"


def client_ip(request) -> str:
    """The client address the limiter counts (see ``engagement.network``)."""
    return client_address(request)


def guesses_blocked(ip: str, vote_id: int) -> bool:
    """Has ``ip`` made too many wrong guesses at codes of this vote in the window?"""
    key = _key(ip, vote_id)
    now = time.monotonic()
    seen = _recent.get(key)
    if seen is not None and now - seen[0] < RECHECK_SECONDS:
        if seen[1]:
            logger.warning("Code guessing blocked for %s on vote %s", ip, vote_id)
        return seen[1]
    blocked = _look_up(key, ip)
    with _recent_lock:
        if len(_recent) >= _MEMO_SIZE:
            _recent.clear()
        _recent[key] = (now, blocked)
    return blocked


def guesses_forget() -> None:
    """Forget what this worker remembers (tests that clear the cache call it too)."""
    with _recent_lock:
        _recent.clear()


def _look_up(key: str, ip: str) -> bool:
    try:
        count = cache.get(key, 0)
    except Exception:  # noqa: BLE001 - Redis down: fail open, never block voting
        logger.warning("Code-guessing limiter unavailable (cache down); allowing %s", ip)
        return False
    if count >= settings.VOTING_GUESS_LIMIT:
        logger.warning("Code guessing blocked for %s (%s wrong codes)", ip, count)
        return True
    return False


def guess_failed(ip: str, vote_id: int, reason: str) -> int:
    """Count one wrong code from ``ip`` for this vote; returns the count so far (0 if the
    cache is down)."""
    logger.info("Wrong voting code for vote %s from %s: %s", vote_id, ip, reason)
    key = _key(ip, vote_id)
    with _recent_lock:
        _recent.pop(key, None)  # look again next time: this may be the one over the limit
    try:
        if cache.add(key, 1, settings.VOTING_GUESS_WINDOW_SECONDS):
            return 1
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.VOTING_GUESS_WINDOW_SECONDS)
        return 1
    except Exception:  # noqa: BLE001 - Redis down: fail open
        logger.warning("Code-guessing limiter unavailable (cache down)")
        return 0
