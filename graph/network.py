"""The actor graph as networkx, and ``export --format graphml|gexf`` for Gephi and Cytoscape.

Nodes are actors and places with their class, labels, Wikidata id and ISO code; edges are the
reified relations (``rdf:Statement``), one edge per statement, with relation type, dates, source
letter and quote. Filters: relation types, a date range (on the relation's date, or its letter's
date when the relation has none), letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from pyoxigraph import Store

from sahelkg.graph.facts import rows


def _as_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def actor_network(store: Store, *, types: Iterable[str] | None = None, start: dt.date | None = None,
                  end: dt.date | None = None, letters: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The actor graph: a MultiDiGraph keyed by IRI; edge key = the statement's IRI."""
    types = set(types) if types else None
    letters = set(letters) if letters else None
    letter_dates = {r["iri"]: _as_date(r["date"]) for r in rows(store, "letters")}
    g = nx.MultiDiGraph(name="sahelkg actor network")
    for e in rows(store, "entities"):
        g.add_node(e["iri"], **{k: v for k, v in {
            "class": e["class"], "label": e["label_en"] or e["label_nl"] or e["iri"].rsplit("/", 1)[-1],
            "label_en": e["label_en"], "label_nl": e["label_nl"], "wikidata": e["wikidata"],
            "iso3166": e["iso3166"], "unlinked": bool(e["unlinked"]),
        }.items() if v is not None})
    for r in rows(store, "relations"):
        if types and r["predicate"] not in types:
            continue
        if letters and r["letter"] not in letters:
            continue
        when = _as_date(r["date"] or r["start_date"]) or letter_dates.get(r["letter"])
        if (start or end) and (when is None or (start and when < start) or (end and when > end)):
            continue
        for node in (r["subject"], r["object"]):
            if node not in g:
                g.add_node(node, label=node.rsplit("/", 1)[-1])
        g.add_edge(r["subject"], r["object"], key=r["statement"], **{k: v for k, v in {
            "relation": r["predicate"], "date": r["date"], "start_date": r["start_date"], "end_date": r["end_date"],
            "letter": r["letter"], "quote": r["quote"], "start": r["start"], "end": r["end"],
        }.items() if v is not None})
    return g


def write_network(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> Path:
    """Write ``graph`` as GraphML or GEXF (both keep node and edge attributes)."""
    p = Path(path)
    if fmt == "graphml":
        nx.write_graphml(graph, p)
    elif fmt == "gexf":
        nx.write_gexf(graph, p)
    else:
        raise ValueError(f"unknown network format {fmt!r}")
    return p
