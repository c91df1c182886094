"""One structured (JSON) access-log line per request, with its duration and the query's own time.

Logger ``sahelkg.access``; fields: ts, method, path, status, bytes, duration_ms, query_ms (time inside
the store, when a query ran), rows, query_chars (GET) or body_bytes (POST), cache (``hit`` or ``miss`` when the answer could
be cached, see :mod:`.cache`), remote, pid. The query text is not logged (it can be large and
private); its length is. The same duration goes back to the client as ``Server-Timing: app;dur=<ms>``
(time from the first before-request hook to the response, excluding gunicorn's queue and the write),
with ``cache;desc=hit`` or ``cache;desc=miss`` after it when the answer could be cached.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from flask import Flask, g, request

log = logging.getLogger("sahelkg.access")


def init_app(app: Flask) -> None:
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def start():
        g.t0 = time.perf_counter()

    @app.after_request
    def line(resp):
        t0 = g.get("t0")
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
            "method": request.method,
            "path": request.path,
            "status": resp.status_code,
            "bytes": resp.calculate_content_length(),
            "duration_ms": round((time.perf_counter() - t0) * 1000, 3) if t0 else None,
            "query_ms": round(g.query_ms, 3) if g.get("query_ms") is not None else None,
            "rows": g.get("query_rows"),
            "query_chars": len(request.args.get("query", "")) or None,
            "body_bytes": request.content_length or None,
            "cache": g.get("cache"),
            "remote": request.remote_addr,
            "pid": os.getpid(),
        }
        log.info(json.dumps({k: v for k, v in entry.items() if v is not None}, separators=(",", ":")))
        if entry["duration_ms"] is not None:  # clients (and benchmarks/soak.py) can tell queueing from work
            timing = f"app;dur={entry['duration_ms']:.1f}"
            resp.headers["Server-Timing"] = timing + (f", cache;desc={entry['cache']}" if entry.get("cache") else "")
        return resp
