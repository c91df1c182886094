"""Admin operations: ``POST /admin/reload`` - a graceful reload of every worker, without refusing a request.

Normally nothing needs reloading: each worker checks the store's ``current`` version before every
request and reopens it when a build or ``add`` switched it (:mod:`.store`). A reload is for the
rest (a changed configuration, an upgraded package, a backend that moved): it sends SIGHUP to
gunicorn's arbiter, which starts new workers and lets the old ones finish their requests first;
the listening socket stays open throughout, so no connection is refused.

Who may: a client on the loopback interface (127.0.0.0/8, ::1), or anyone presenting the token set
in ``SAHELKG_ADMIN_TOKEN`` as ``Authorization: Bearer <token>``. Everyone else gets 403.
``X-Forwarded-For`` is ignored: behind a reverse proxy every client would look local, so a proxy
in front must not forward ``/admin/`` (or a token must be set and the proxy's address not be loopback).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import signal

from flask import Blueprint, Flask, abort, current_app, jsonify, request

bp = Blueprint("admin", __name__)


def _is_loopback(addr: str | None) -> bool:
    try:
        return ipaddress.ip_address((addr or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def allowed() -> bool:
    """True when this request may run admin operations (loopback, or the configured token)."""
    token = current_app.config.get("ADMIN_TOKEN") or os.environ.get("SAHELKG_ADMIN_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        return True
    return _is_loopback(request.remote_addr)


@bp.post("/admin/reload")
def reload():
    """Gracefully replace the workers (under gunicorn), or drop this process's store handles (in-process)."""
    if not allowed():
        abort(403, "admin operations are allowed from the loopback interface or with the admin token only")
    from sahelkg.server import store

    arbiter = current_app.config.get("ARBITER_PID")
    cfg = current_app.config
    info = {"store": cfg["STORE_PATH"]}
    try:
        info["version"] = store.store_version(cfg["STORE_PATH"])
    except Exception as e:  # noqa: BLE001 - reported, the reload still happens
        info["version_error"] = str(e)
    if arbiter and os.getppid() == arbiter:  # a gunicorn worker: its parent created the app
        os.kill(arbiter, signal.SIGHUP)
        return jsonify(status="reloading", mode="graceful worker restart", arbiter=arbiter, **info), 202
    store.forget()
    return jsonify(status="reloaded", mode="store handles reopened", **info), 200


def init_app(app: Flask) -> None:
    # create_app runs in the process that becomes gunicorn's arbiter (the app is not preloaded
    # per worker), so this pid is the one to signal from a worker.
    app.config.setdefault("ARBITER_PID", os.getpid())
    app.register_blueprint(bp)
