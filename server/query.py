"""Running one SPARQL query on the store and serialising its result, for the endpoint and pages.

Runs in the request's own thread (pyoxigraph releases the GIL while evaluating, and a result must
be consumed in the thread that made it). Never raises for a bad query: the reply carries a status
and message. The time limit is enforced around it by :mod:`.watchdog`.
"""

from __future__ import annotations

import time

from pyoxigraph import NamedNode
from werkzeug.datastructures import MIMEAccept

from sahelkg.server.negotiate import FORMS, choose
from sahelkg.server.results import form_of, serialise


def run(store, req: dict) -> dict:
    """``req``: query, default_graph, named_graphs (lists of IRIs or None), union (bool),
    accept (list of (media type, q)), row_limit, base_iri. Reply: status, body, content_type, …"""
    kwargs = {}
    if req.get("default_graph") is not None or req.get("named_graphs") is not None:
        # a protocol dataset replaces the query's own and the union (SPARQL 1.1 Protocol 2.1.4)
        kwargs["default_graph"] = [NamedNode(i) for i in req.get("default_graph") or []]
        if req.get("named_graphs") is not None:
            kwargs["named_graphs"] = [NamedNode(i) for i in req["named_graphs"]]
    elif req.get("union", True):
        kwargs["use_default_graph_as_union"] = True
    if req.get("base_iri"):
        kwargs["base_iri"] = req["base_iri"]  # relative IRIs resolve against the endpoint's own URL
    t0 = time.perf_counter()
    try:
        result = store.query(req["query"], **kwargs)
    except SyntaxError as e:
        return {"status": 400, "message": f"SPARQL syntax {e}"}
    except ValueError as e:
        return {"status": 400, "message": f"bad query: {e}"}
    except RuntimeError as e:
        if "is not supported" in str(e):  # e.g. an unknown function IRI: the query's fault, not ours
            return {"status": 400, "message": f"bad query: {e}"}
        return {"status": 500, "message": f"query failed: {e}"}
    except OSError as e:
        return {"status": 500, "message": f"query failed: {e}"}
    form = form_of(result)
    media_type = choose(MIMEAccept(req["accept"]), FORMS[form])
    if media_type is None:
        return {"status": 406, "message": f"a {form} query can be answered as {', '.join(FORMS[form])}",
                "form": form}
    try:
        out = serialise(result, media_type, req["row_limit"])
    except (OSError, ValueError, RuntimeError, SyntaxError) as e:
        return {"status": 500, "message": f"query failed: {e}"}
    return {"status": 200, "body": out.body, "content_type": out.content_type, "form": out.form,
            "rows": out.rows, "truncated": out.truncated, "query_ms": (time.perf_counter() - t0) * 1000}
