"""About the service: ``/void`` (VoID), ``/dumps/<file>`` (whole-store exports), ``/health``."""

from __future__ import annotations

import os

from flask import Blueprint, Response, abort, current_app, jsonify, request
from pyoxigraph import RdfFormat

from sahelkg.errors import StoreError
from sahelkg.server.description import DESCRIPTION_PREFIXES, DUMPS, void_description
from sahelkg.server.negotiate import accept_from
from sahelkg.server import watchdog
from sahelkg.server.rdfout import rdf_response
from sahelkg.server.store import get_store, store_version

bp = Blueprint("meta", __name__)


@bp.get("/void")
@bp.get("/.well-known/void")
def void():
    """The dataset's VoID description (Turtle by default)."""
    return rdf_response(void_description(), accept_from(request.headers.get("Accept"), request.args.get("format")),
                        prefixes=DESCRIPTION_PREFIXES)


@bp.get("/dumps/<name>")
def dump(name: str):
    """The whole store (every named graph) as N-Quads or TriG, streamed from the store."""
    if name not in DUMPS:
        abort(404)
    fmt = RdfFormat.N_QUADS if name.endswith(".nq") else RdfFormat.TRIG
    body = get_store().dump(format=fmt)
    resp = Response(body, content_type=DUMPS[name] + ("; charset=utf-8"))
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@bp.get("/health")
def health():
    """200 when the store opens and answers a trivial query; 503 otherwise."""
    cfg = current_app.config
    info = {"pid": os.getpid(), "store": cfg["STORE_PATH"], "query_timeout_s": cfg["QUERY_TIMEOUT"],
            "row_limit": cfg["ROW_LIMIT"], "watchdog": watchdog.current is not None}
    try:
        info["version"] = store_version(cfg["STORE_PATH"])
        bool(get_store().query("ASK {}"))
    except (StoreError, OSError) as e:
        return jsonify(status="unavailable", error=str(e), **info), 503
    return jsonify(status="ok", **info)
