"""The SPARQL 1.1 Protocol endpoint: ``/sparql`` (GET, POST form, POST direct), read-only.

A GET without ``query`` returns the service description. Queries run in the request's thread
(:mod:`.query`) under the row limit, one of the server's heavy turns held (:mod:`.lanes`; answers
from the response cache need none); :mod:`.watchdog` enforces the time limit.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, redirect, request, url_for

from sahelkg.server import guard, lanes
from sahelkg.server.description import DESCRIPTION_PREFIXES, service_description
from sahelkg.server.negotiate import FORMS, GRAPH_TYPES, SPARQL_TYPES, accept_from, choose, prefers_html
from sahelkg.errors import StoreError
from sahelkg.server.query import run
from sahelkg.server.store import get_store
from sahelkg.server.protocol import ProtocolError, read_request
from sahelkg.server.rdfout import rdf_response

bp = Blueprint("sparql", __name__)

TRUNCATED = "X-SPARQL-Results-Truncated"
ROW_LIMIT = "X-SPARQL-Row-Limit"


def error(status: int, message: str) -> Response:
    """A plain-text error body clients show as is (SPARQLWrapper, YASGUI, curl)."""
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


_EMPTY = None


def syntax_error(query: str, base_iri: str | None = None) -> str | None:
    """The query's syntax error, found by the store's own parser against an empty in-memory store
    (``query`` parses and plans; the solutions are lazy and never read), or None. Costs ~0.1 ms, so
    a malformed query gets its 400 at once instead of waiting for a heavy turn."""
    global _EMPTY
    from pyoxigraph import Store

    if _EMPTY is None:
        _EMPTY = Store()
    try:
        _EMPTY.query(query, base_iri=base_iri, use_default_graph_as_union=True)
    except SyntaxError as e:
        return f"SPARQL syntax {e}"
    except Exception:  # noqa: BLE001 - anything else is for the real run to report
        return None
    return None


def run_query(query: str, accept, default_graph=None, named_graphs=None) -> dict:
    """Run ``query`` on this request's store; the reply (status, body, …). See :mod:`.query`."""
    cfg = current_app.config
    req = {
        "query": query,
        "default_graph": default_graph,
        "named_graphs": named_graphs,
        "union": not guard.has_dataset_clause(query),
        "accept": list(accept),
        "row_limit": cfg["ROW_LIMIT"],
        "base_iri": f"{request.scheme}://{request.host}{request.script_root}/sparql",
    }
    try:
        store = get_store()
    except StoreError as e:
        return {"status": 503, "message": f"store unavailable: {e}"}
    if (why := syntax_error(query, req["base_iri"])) is not None:
        return {"status": 400, "message": why}  # found without a heavy turn: a typo never queues
    try:
        with lanes.heavy_turn():  # a query not answered from the cache is heavy work (lanes.py)
            return run(store, req)
    except lanes.Busy:
        return {"status": 503, "message": "the server is busy with expensive queries; retry shortly"}


@bp.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
@bp.route("/sparql/", methods=["GET", "POST"])
def endpoint():
    try:
        qr = read_request(request)
    except ProtocolError as e:
        return error(e.status, e.message)
    accept = accept_from(request.headers.get("Accept"), request.values.get("format") or request.values.get("output"))
    if qr.query is None:
        if request.method == "GET" and prefers_html(accept, GRAPH_TYPES) and not request.args:
            return redirect(url_for("pages.query_page"), code=303)
        return rdf_response(service_description(), accept, prefixes=DESCRIPTION_PREFIXES)
    if request.method == "GET" and prefers_html(accept, SPARQL_TYPES) and "format" not in request.args:
        return redirect(url_for("pages.query_page", **request.args), code=303)
    form = guard.query_form(qr.query)
    offered = FORMS.get(form, SPARQL_TYPES)
    if choose(accept, offered) is None:
        return error(406, f"cannot answer with {request.headers.get('Accept') or request.values.get('format')}; "
                          f"this query can be answered as {', '.join(offered)}")
    reply = run_query(qr.query, accept, qr.default_graph, qr.named_graphs)
    g.query_ms = reply.get("query_ms")
    g.query_rows = reply.get("rows")
    if reply["status"] != 200:
        return error(reply["status"], reply["message"])
    resp = Response(reply["body"], status=200, content_type=reply["content_type"])
    resp.headers["Vary"] = "Accept"
    resp.headers[ROW_LIMIT] = str(current_app.config["ROW_LIMIT"])
    if reply["truncated"]:
        resp.headers[TRUNCATED] = "true"
    return resp
