"""About the service: ``/void`` (VoID), ``/dumps/<file>`` (whole-store exports), ``/health``."""

from __future__ import annotations

import os

from flask import Blueprint, Response, abort, current_app, jsonify, request
from pyoxigraph import RdfFormat

from sahelkg.errors import StoreError
from sahelkg.server.description import DESCRIPTION_PREFIXES, DUMPS, void_description
from sahelkg.server.negotiate import accept_from
from sahelkg.server.pool import pool_for
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
    """200 when the store opens and an executor answers a trivial query; 503 otherwise."""
    cfg = current_app.config
    info = {"pid": os.getpid(), "store": cfg["STORE_PATH"]}
    try:
        info["version"] = store_version(cfg["STORE_PATH"])
        get_store()
    except StoreError as e:
        return jsonify(status="unavailable", error=str(e), **info), 503
    pool = pool_for(cfg["STORE_PATH"], cfg["EXECUTORS"])
    try:
        reply = pool.run({"query": "ASK {}", "default_graph": None, "named_graphs": None, "union": True,
                          "accept": [("application/sparql-results+json", 1)], "row_limit": 1},
                         min(cfg["QUERY_TIMEOUT"], 10.0))
    except Exception as e:  # noqa: BLE001 - any failure here means "not healthy"
        return jsonify(status="unavailable", error=f"executor: {type(e).__name__} {e}", **info), 503
    if reply.get("status") != 200:
        return jsonify(status="unavailable", error=reply.get("message"), **info), 503
    info.update(executors=pool.size, executors_replaced=pool.killed)
    return jsonify(status="ok", **info)
