"""``sahelkg serve``: the app under gunicorn (never Flask's development server).

Workers are gunicorn *gthread* workers: several processes, each serving requests on ``SAHELKG_THREADS``
threads (pyoxigraph releases the GIL while it evaluates). Expensive work takes one of the server's
few heavy turns, so cheap requests never queue behind it (:mod:`.lanes`). A query that runs past
the time limit is answered 503 and its process ends after its other requests are finished
(:mod:`.watchdog`); gunicorn replaces the process at once. Each process opens the store read-only
and reopens it when its ``current`` version changes (:mod:`.store`).
Environment, besides the ``SAHELKG_*`` settings: ``SAHELKG_MAX_BODY`` (bytes, default 1 MiB),
``SAHELKG_THREADS`` (default 32), ``SAHELKG_HEAVY_SLOTS`` and ``SAHELKG_HEAVY_WAIT`` (:mod:`.lanes`).
On a public network put a buffering reverse proxy (nginx, Caddy) in front.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from sahelkg.config import Settings


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _post_fork(server, worker) -> None:
    """In each new worker: its watchdog, and the store opened before the first request."""
    from sahelkg.server import watchdog
    from sahelkg.server.store import read_only_store

    app = worker.app.application
    sys.setswitchinterval(switch_interval())
    watchdog.install(app.config["QUERY_TIMEOUT"], worker)
    read_only_store(app.config["STORE_PATH"])


def switch_interval() -> float:
    """Seconds a request thread may hold a worker's GIL before another thread gets a turn
    (``SAHELKG_SWITCH_INTERVAL``, default 0.001; Python's own default is 0.005). A cheap request
    must not wait 5 ms a time behind a thread serialising a heavy answer: in 90 s soak runs
    (docs/reliability.md) 1 ms cut the light requests' p99 from 347 to 203 ms and the heavy ones'
    from 1.9 to 1.3 s, with more requests served."""
    return max(0.0001, float(os.environ.get("SAHELKG_SWITCH_INTERVAL", "0.001")))


def threads() -> int:
    """Request threads per worker (``SAHELKG_THREADS``, default 32): enough that requests waiting for
    a heavy turn (:mod:`.lanes`) never keep a cheap request from a thread."""
    return max(1, int(os.environ.get("SAHELKG_THREADS", "32")))


def gunicorn_options(settings: Settings) -> dict:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": threads(),
        # gunicorn's own heartbeat timeout is only a backstop behind the watchdog
        "timeout": int(settings.query_timeout) + 10,
        "graceful_timeout": int(settings.query_timeout) + 5,
        "limit_request_line": 8190,
        "limit_request_field_size": 16384,
        "backlog": 2048,
        "accesslog": None,  # one structured line per request comes from the app (sahelkg.access)
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "sahelkg-serve",
        "post_fork": _post_fork,
        "control_socket_disable": True,  # several servers (tests, benchmarks) may run side by side
    }


def serve(settings: Settings, *, host=None, port=None, store=None, workers=None, backend=None) -> None:
    """Serve ``settings.store`` read-only until interrupted."""
    from sahelkg.server import create_app
    from sahelkg.server import store as server_store

    changes = {k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v is not None}
    if store is not None:
        changes["store"] = Path(store)
    extra = dict(settings.extra)
    extra.setdefault("max_body", int(os.environ.get("SAHELKG_MAX_BODY", str(1024 * 1024))))
    settings = settings.with_(extra=extra, **changes)
    if backend:  # a remote SPARQL endpoint instead of the embedded store (backend.py)
        from sahelkg.server.backend import open_backend

        open_backend(backend)  # fail now, with a clear message, if it does not answer
        settings = settings.with_(extra={**settings.extra, "backend": backend})
    else:
        # fail now, with a clear message, if there is no store; but never open RocksDB in the arbiter:
        # workers forked from a process that had it open crash (SIGSEGV) when they exit
        server_store.store_version(settings.store)
        from sahelkg.server.startcheck import check_opens

        check_opens(settings.store)  # a corrupt store: one clear line now (opened in a child, see startcheck.py)
    server_store.forget()  # each worker opens its own handle
    app = create_app(settings)
    _Gunicorn(app, gunicorn_options(settings)).run()
