"""``sahelkg serve``: the app under gunicorn (never Flask's development server).

Workers: ``gthread`` (each worker process serves several requests at once on threads). Each
worker owns ``executors`` query processes (:mod:`.pool`) that it kills on timeout. The store is
opened read-only, per process, and reopened when its ``current`` version changes.
Environment (besides the ``SAHELKG_*`` settings): ``SAHELKG_THREADS`` (threads per worker,
default 8), ``SAHELKG_EXECUTORS`` (query processes per worker, default 4), ``SAHELKG_MAX_BODY``
(bytes, default 1 MiB).
"""

from __future__ import annotations

import os
from pathlib import Path

from gunicorn.app.base import BaseApplication

from sahelkg.config import Settings
from sahelkg.errors import StoreError


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


def _worker_exit(server, worker) -> None:
    from sahelkg.server.pool import close_all

    close_all()


def _post_worker_init(worker) -> None:
    """Start this worker's query executors now, so the first queries don't wait for them."""
    from sahelkg.server.pool import pool_for

    app = worker.app.application
    pool_for(app.config["STORE_PATH"], app.config["EXECUTORS"])


def gunicorn_options(settings: Settings, threads: int) -> dict:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": threads,
        # gthread workers heartbeat from their main loop, so this only catches a wedged worker;
        # queries are stopped by the executor pool at query_timeout.
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": int(settings.query_timeout) + 5,
        "keepalive": 5,
        "limit_request_line": 8190,
        "limit_request_field_size": 16384,
        "accesslog": None,  # one structured line per request comes from the app (sahelkg.access)
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "sahelkg-serve",
        "worker_exit": _worker_exit,
        "post_worker_init": _post_worker_init,
        "control_socket_disable": True,  # several servers (tests, benchmarks) may run side by side
        "preload_app": False,
    }


def serve(settings: Settings, *, host=None, port=None, store=None, workers=None) -> None:
    """Serve ``settings.store`` read-only until interrupted."""
    from sahelkg.server import create_app
    from sahelkg.server.store import read_only_store

    changes = {k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v is not None}
    if store is not None:
        changes["store"] = Path(store)
    extra = dict(settings.extra)
    extra.setdefault("executors", int(os.environ.get("SAHELKG_EXECUTORS", "4")))
    extra.setdefault("max_body", int(os.environ.get("SAHELKG_MAX_BODY", str(1024 * 1024))))
    settings = settings.with_(extra=extra, **changes)
    threads = int(os.environ.get("SAHELKG_THREADS", "8"))
    read_only_store(settings.store)  # fail now, with a clear message, if there is no store
    from sahelkg.server import store as server_store

    server_store.forget()  # workers open their own handles
    app = create_app(settings)
    _Gunicorn(app, gunicorn_options(settings, threads)).run()


__all__ = ["serve", "StoreError"]
