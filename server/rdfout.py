"""RDF responses for our own descriptions and resources: negotiate, serialise with prefixes."""

from __future__ import annotations

from flask import Response

from sahelkg.server.negotiate import GRAPH_TYPES, choose
from sahelkg.server.results import serialise_triples


def rdf_response(triples, accept, offered: dict[str, str] = GRAPH_TYPES, prefixes: dict | None = None) -> Response:
    """``triples`` in the best RDF format the client accepts, or 406."""
    media_type = choose(accept, offered)
    if media_type is None:
        return Response(f"cannot answer with that Accept; available: {', '.join(offered)}\n", status=406,
                        mimetype="text/plain")
    body, content_type = serialise_triples(triples, media_type, prefixes)
    resp = Response(body, content_type=content_type)
    resp.headers["Vary"] = "Accept"
    return resp
