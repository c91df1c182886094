"""Reading a SPARQL 1.1 Protocol query request: where the query is, its dataset, what is refused.

Raises :class:`ProtocolError` (status + message) for anything the protocol says is a client error,
so the endpoint has one place that turns requests into a :class:`QueryRequest`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request

from sahelkg.server import guard


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    query: str | None  # None: a GET without a query (the service description)
    default_graph: list[str] | None
    named_graphs: list[str] | None


FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is not accepted"


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"give exactly one '{name}' parameter, not {len(values)}")
    return values[0] if values else None


def _charset_ok(request: Request) -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"the query must be UTF-8 encoded, not {charset}")


def read_request(request: Request) -> QueryRequest:
    """The query and dataset of a GET or POST protocol request."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise ProtocolError(403, READ_ONLY)
        query = _one(args.getlist("query"), "query")
        dataset_src = [args]
    else:
        mt = request.mimetype
        if mt == FORM:
            _charset_ok(request)
            try:
                form = request.form
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form body is not valid UTF-8") from None
            if "update" in form or "update" in args:
                raise ProtocolError(403, READ_ONLY)
            query = _one(form.getlist("query"), "query")
            if query is None:
                raise ProtocolError(400, "the form has no 'query' field")
            dataset_src = [args, form]
        elif mt == DIRECT:
            _charset_ok(request)
            try:
                query = request.get_data(cache=False).decode("utf-8")
            except UnicodeDecodeError as e:
                raise ProtocolError(400, f"the query is not valid UTF-8 (byte {e.start})") from None
            dataset_src = [args]
        elif mt == UPDATE:
            raise ProtocolError(403, READ_ONLY)
        elif not mt:
            raise ProtocolError(400, f"POST needs a Content-Type: {FORM} or {DIRECT}")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {mt!r}; use {FORM} or {DIRECT}")
    default_graph = [v for src in dataset_src for v in src.getlist("default-graph-uri")]
    named_graphs = [v for src in dataset_src for v in src.getlist("named-graph-uri")]
    from pyoxigraph import NamedNode

    for iri in default_graph + named_graphs:
        try:
            NamedNode(iri)
        except ValueError as e:
            raise ProtocolError(400, f"default-graph-uri / named-graph-uri {iri[:200]!r} is not an IRI: {e}") from None
    if query is not None:
        check_query(query)
    return QueryRequest(query, default_graph or None, named_graphs or None)


def check_query(query: str) -> None:
    """Refuse what a read-only, local endpoint must not run (403), before it reaches the store."""
    if guard.looks_like_update(query):
        raise ProtocolError(403, READ_ONLY)
    if guard.uses_service(query):
        raise ProtocolError(403, "SERVICE (federated query) is not allowed on this endpoint")
    from sahelkg.server.limits import too_complex  # a query that would crash the parser (limits.py)

    if (why := too_complex(query)) is not None:
        raise ProtocolError(400, why)
