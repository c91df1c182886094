"""``sahelkg push``: publish the graph to an existing SPARQL 1.1 server.

Each named graph of the local store is sent whole with the SPARQL 1.1 Graph Store HTTP Protocol
(``PUT <graph-store>?graph=<iri>``, replacing what the server held under that name); graphs under
our ``graph/`` namespace that the server holds but the store no longer has (removed letters) are
dropped with SPARQL 1.1 Update (``DROP SILENT GRAPH``). Afterwards the triple count of every graph
is read back with a SPARQL query and compared, so a push that lost data fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests
from pyoxigraph import NamedNode, RdfFormat, Store

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import Iris


@dataclass(frozen=True)
class Remote:
    """Where to push: the query endpoint, the Graph Store endpoint and the Update endpoint."""

    endpoint: str
    graph_store: str
    update: str
    auth: tuple[str, str] | None = None
    timeout: float = 120.0


@dataclass
class PushReport:
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples sent (and read back)
    dropped: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def _request(method: str, url: str, remote: Remote, **kw) -> requests.Response:
    try:
        resp = requests.request(method, url, auth=remote.auth, timeout=remote.timeout, **kw)
    except requests.RequestException as e:
        raise SahelkgError(f"cannot reach the server: {e.__class__.__name__}", where=url) from None
    if resp.status_code >= 400:
        raise SahelkgError(f"{method} answered {resp.status_code}: {resp.text.strip()[:200]}", where=url)
    return resp


def remote_select(remote: Remote, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT on the remote endpoint; rows as {variable: value}."""
    resp = _request("POST", remote.endpoint, remote, data={"query": sparql},
                    headers={"Accept": "application/sparql-results+json"})
    try:
        bindings = resp.json()["results"]["bindings"]
    except (ValueError, KeyError):
        raise SahelkgError("the endpoint did not answer with SPARQL JSON results", where=remote.endpoint) from None
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def remote_graph_sizes(remote: Remote, prefix: str) -> dict[str, int]:
    """Triple counts of the remote named graphs whose IRI starts with ``prefix``."""
    rows = remote_select(remote, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                 f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g')
    return {r["g"]: int(r["n"]) for r in rows}


def push(store: Store, remote: Remote, base_iri: str) -> PushReport:
    """Replace, graph by graph, what ``remote`` holds under our graph namespace with the store's graphs."""
    prefix = Iris(base_iri).base + "graph/"
    report = PushReport()
    local: dict[str, int] = {}
    for graph in store.named_graphs():
        if not isinstance(graph, NamedNode):
            continue
        body = store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph)
        local[graph.value] = body.count(b"\n")
        # N-Triples is Turtle, and every Graph Store implementation reads Turtle.
        _request("PUT", remote.graph_store, remote, params={"graph": graph.value}, data=body,
                 headers={"Content-Type": "text/turtle; charset=utf-8"})
    for g in sorted(set(remote_graph_sizes(remote, prefix)) - set(local)):
        _request("POST", remote.update, remote, data={"update": f"DROP SILENT GRAPH <{g}>"})
        report.dropped.append(g)
    held = remote_graph_sizes(remote, prefix)
    for g, n in sorted(local.items()):
        if g.startswith(prefix) and held.get(g, 0) != n:
            raise SahelkgError(f"graph {g}: sent {n} triples, the server holds {held.get(g, 0)}", where=remote.endpoint)
        report.graphs[g] = n
    return report
