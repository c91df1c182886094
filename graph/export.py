"""``sahelkg export``: the whole graph, one letter, the ontology, or a CONSTRUCT result, in a file or on stdout."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryTriples

from sahelkg.errors import QueryError, SahelkgError
from sahelkg.graph.serialise import serialise_quads
from sahelkg.graph.store import open_current
from sahelkg.graph.versions import write_atomic
from sahelkg.namespaces import PREFIXES, Iris


def select_quads(store, base_iri: str, *, letter: str | None = None, ontology: bool = False,
                 construct: str | None = None) -> list[Quad]:
    """The quads to export: all of them, one letter's graph, the ontology graph, or a CONSTRUCT result.

    A CONSTRUCT query sees the union of all graphs as its default graph, with the usual prefixes declared.
    """
    iris = Iris(base_iri)
    if construct is not None:
        try:
            res = store.query(construct, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"malformed query: {' '.join(str(e).split())}") from None
        except OSError as e:
            raise QueryError(f"query failed: {e}") from None
        if not isinstance(res, QueryTriples):
            raise QueryError("--construct needs a CONSTRUCT or DESCRIBE query")
        return [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in res]
    if letter is not None or ontology:
        g = NamedNode(iris.ontology_graph if ontology else iris.letter_graph(letter))
        quads = list(store.quads_for_pattern(None, None, None, g))
        if not quads:
            what = "the ontology" if ontology else f"letter {letter!r}"
            raise SahelkgError(f"the store holds no graph for {what} (<{g.value}>)"
                               + ("; `sahelkg stats` lists the letters" if letter else ""))
        return quads
    return list(store.quads_for_pattern(None, None, None, None))


def export(store_path: str | Path, base_iri: str, fmt: str, *, output: str | None = None, gz: bool = False,
           letter: str | None = None, ontology: bool = False, construct: str | None = None) -> int:
    """Export from the current version of the store; returns the number of quads written."""
    store = open_current(store_path)
    quads = select_quads(store, base_iri, letter=letter, ontology=ontology, construct=construct)
    data = serialise_quads(quads, fmt, base_iri)
    if gz:
        data = gzip.compress(data, mtime=0)  # no timestamp: the same graph gives the same bytes
    if output and output != "-":
        try:
            write_atomic(Path(output), data)
        except OSError as e:
            raise SahelkgError(f"cannot write: {e.strerror}", where=output) from None
    else:
        out = sys.stdout.buffer
        out.write(data)
        out.flush()
    return len(quads)


def default_gzip(output: str | None) -> bool:
    return bool(output) and os.fspath(output).endswith(".gz")
