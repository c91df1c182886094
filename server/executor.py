"""A query executor: a child process that runs SPARQL queries one at a time and can be killed.

pyoxigraph cannot cancel a running query from Python, so each query runs here, in a process the
web worker owns (see :mod:`sahelkg.server.pool`); on timeout the worker kills this process and
starts another. Framing: ``multiprocessing.connection`` messages on stdin (requests) and stdout
(replies); stray prints go to stderr. Exits when stdin closes (its web worker is gone).

Request: dict(query, default_graph, named_graphs, accept, row_limit). Reply: dict(status, ...).
"""

from __future__ import annotations

import os
import sys
import time
from multiprocessing.connection import Connection


def handle(store_path: str, req: dict) -> dict:
    """Run one request; never raises (errors become a status and message)."""
    from pyoxigraph import NamedNode
    from werkzeug.datastructures import MIMEAccept

    from sahelkg.errors import StoreError
    from sahelkg.server.negotiate import FORMS, choose
    from sahelkg.server.results import form_of, serialise
    from sahelkg.server.store import read_only_store

    try:
        store = read_only_store(store_path)
    except StoreError as e:
        return {"status": 503, "message": f"store unavailable: {e}"}
    kwargs = {}
    if req.get("default_graph") is not None or req.get("named_graphs") is not None:
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
    except (OSError, ValueError, RuntimeError) as e:
        return {"status": 500, "message": f"query failed: {e}"}
    form = form_of(result)
    media_type = choose(MIMEAccept(req["accept"]), FORMS[form])
    if media_type is None:
        return {"status": 406, "message": f"a {form} query can be answered as {', '.join(FORMS[form])}",
                "form": form}
    try:
        out = serialise(result, media_type, req["row_limit"])
    except (OSError, ValueError, RuntimeError) as e:
        return {"status": 500, "message": f"query failed: {e}"}
    return {"status": 200, "body": out.body, "content_type": out.content_type, "form": out.form,
            "rows": out.rows, "truncated": out.truncated, "query_ms": (time.perf_counter() - t0) * 1000}


def main(argv: list[str]) -> None:
    store_path = argv[1]
    rx = Connection(os.dup(0), writable=False)
    tx = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stdout belongs to the frames now; prints go to stderr
    sys.stdout = sys.stderr
    from sahelkg.server import store as _warm  # noqa: F401  (import before the first query)
    import sahelkg.server.results  # noqa: F401

    tx.send({"status": "ready", "pid": os.getpid()})
    while True:
        try:
            req = rx.recv()
        except (EOFError, OSError):
            return
        try:
            tx.send(handle(store_path, req))
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    main(sys.argv)
