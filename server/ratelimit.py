"""Per-client rate limiting, shared by all worker processes: 429 with ``Retry-After`` when over.

A token bucket per client address (``request.remote_addr``; ``X-Forwarded-For`` is not trusted):
``rate`` requests per second on average, bursts up to ``burst``. The buckets live in one shared
memory table (a file-backed ``mmap`` made when the app is created, before gunicorn forks its
workers), so the limit holds across workers instead of multiplying by their number. Each slot is
guarded by a POSIX record lock (``lockf`` on its bytes: released by the kernel if a worker dies
holding it, so a SIGKILLed worker cannot wedge the others) plus a per-process thread lock.

Table: ``SLOTS`` slots of (client hash: u64, tokens: f64, last refill: f64 monotonic seconds, a
clock all processes share). A client whose hash lands on a slot held by another client takes the
slot over with a full bucket (collisions are rare: 2^16 slots).

Settings: ``SAHELKG_RATE_LIMIT`` - ``<n>/<s|m|h>`` (e.g. ``20/s``, ``600/m``) or ``off``; default
``30/s``. ``SAHELKG_RATE_BURST`` - bucket size, default 4 x the per-second rate (at least 10).
``/health`` is never limited (monitoring must see a limited server as alive).
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import os
import re
import struct
import tempfile
import threading
import time

from flask import Flask, Response, current_app, jsonify, request

SLOTS = 1 << 16
SLOT = struct.Struct("<Qdd")
DEFAULT = "30/s"
EXEMPT = ("/health",)
_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


def parse_rate(text: str | None) -> float | None:
    """Requests per second from ``"<n>/<unit>"``; None for ``off``/``0``. ValueError if unreadable."""
    text = (text or DEFAULT).strip().lower()
    if text in ("off", "0", "none", "false", "no"):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*/\s*([a-z]+)", text)
    if not m or m.group(2) not in _UNITS:
        raise ValueError(f"SAHELKG_RATE_LIMIT must look like 20/s, 600/m or off, not {text!r}")
    rate = float(m.group(1)) / _UNITS[m.group(2)]
    return rate if rate > 0 else None


class Buckets:
    """The shared table of token buckets."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._file = tempfile.TemporaryFile(prefix="sahelkg-ratelimit-")
        self._file.truncate(SLOTS * SLOT.size)
        self._map = mmap.mmap(self._file.fileno(), SLOTS * SLOT.size, mmap.MAP_SHARED)
        self._tlock = threading.Lock()

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 if allowed, else the seconds until one is available."""
        h = int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "little") or 1
        slot = h % SLOTS
        off = slot * SLOT.size
        fd = self._file.fileno()
        with self._tlock:
            fcntl.lockf(fd, fcntl.LOCK_EX, SLOT.size, off)
            try:
                key, tokens, last = SLOT.unpack_from(self._map, off)
                now = time.monotonic()
                if key != h:
                    tokens, last = self.burst, now
                tokens = min(self.burst, tokens + (now - last) * self.rate)
                if tokens >= 1.0:
                    SLOT.pack_into(self._map, off, h, tokens - 1.0, now)
                    return 0.0
                SLOT.pack_into(self._map, off, h, tokens, now)
                return (1.0 - tokens) / self.rate
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN, SLOT.size, off)


def init_app(app: Flask) -> None:
    """Install the limiter (config RATE_LIMIT / RATE_BURST, else the environment)."""
    rate = parse_rate(str(app.config.get("RATE_LIMIT") or os.environ.get("SAHELKG_RATE_LIMIT") or DEFAULT))
    if rate is None:
        app.extensions["sahelkg.ratelimit"] = None
        return
    burst = float(app.config.get("RATE_BURST") or os.environ.get("SAHELKG_RATE_BURST") or max(10.0, 4 * rate))
    buckets = app.extensions["sahelkg.ratelimit"] = Buckets(rate, max(burst, 1.0))

    @app.before_request
    def limit():
        if request.path in EXEMPT:
            return None
        wait = buckets.take(request.remote_addr or "-")
        if wait <= 0:
            return None
        retry = max(1, math.ceil(wait))
        msg = (f"too many requests from {request.remote_addr}: the limit is {buckets.rate:g} per second "
               f"(bursts of {buckets.burst:g}); retry after {retry} s")
        if request.path.startswith("/api/"):
            resp = jsonify(error=msg)
            resp.status_code = 429
        else:
            resp = Response(msg + "\n", status=429, mimetype="text/plain")
        resp.headers["Retry-After"] = str(retry)
        current_app.logger.debug(msg)
        return resp
