"""How IRIs show up in pages: short names (``skg:Mission``) and where a click goes.

IRIs under the base (``…/id/…``, ``…/graph/…``) and the ontology open on this server; any other IRI
opens its page here through ``/describe?iri=`` (statements we hold about it) with the original IRI
linked beside it.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app

from sahelkg.namespaces import ONTOLOGY_IRI, PREFIXES

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    """``skg:Mission`` for a known namespace, else the IRI itself."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    base = current_app.config["BASE_IRI"]
    if iri.startswith(base + "id/"):
        return iri[len(base):]
    return iri


def local_path(iri: str) -> str | None:
    """The path on this server that dereferences ``iri``, if it is one of ours."""
    base = current_app.config["BASE_IRI"]
    if iri.startswith(base + "id/") or iri.startswith(base + "graph/"):
        return "/" + iri[len(base):]
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return "/ontology" + iri[len(ONTOLOGY_IRI):]
    return None


def href(iri: str) -> str:
    return local_path(iri) or "/describe?iri=" + quote(iri, safe="")


def iri_for_path(path: str) -> str:
    """The IRI a local path stands for (inverse of :func:`local_path` for ``id/`` and ``graph/``)."""
    return current_app.config["BASE_IRI"] + path.lstrip("/")
