"""``sahelkg export``: the whole graph, one letter, the ontology, or a CONSTRUCT result, in a file or on stdout."""

from __future__ import annotations

import contextlib
import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryTriples

from sahelkg.errors import QueryError, SahelkgError
from sahelkg.graph.serialise import prefixes_for, serialise_quads
from sahelkg.graph.store import open_current
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


def _graph_chunks(store, fmt: str, base_iri: str) -> Iterator[bytes]:
    """The whole store as N-Quads or TriG, one graph at a time (memory: the largest graph, not the store).

    Graphs in the order :func:`serialise_quads` sorts them, each sorted the same way; TriG's
    ``@prefix`` header is written once (every chunk is serialised with the same prefixes).
    """
    prefixes = prefixes_for(store.quads_for_pattern(None, None, None, None), base_iri) if fmt == "trig" else None
    graphs = sorted(store.named_graphs(), key=str)
    first = True
    for g in [DefaultGraph(), *graphs]:
        quads = list(store.quads_for_pattern(None, None, None, g))
        if not quads:
            continue
        data = serialise_quads(quads, fmt, base_iri, prefixes=prefixes)
        if fmt == "trig" and not first:
            lines = data.split(b"\n")
            i = 0
            while i < len(lines) and lines[i].startswith(b"@prefix "):
                i += 1
            data = b"\n".join(lines[i:])
        first = False
        yield data


def export(store_path: str | Path, base_iri: str, fmt: str, *, output: str | None = None, gz: bool = False,
           letter: str | None = None, ontology: bool = False, construct: str | None = None) -> int:
    """Export from the current version of the store; returns the number of quads written.

    The whole store as N-Quads or TriG is streamed graph by graph; the other selections and
    formats are serialised in memory (Turtle and JSON-LD sort across graphs).
    """
    store = open_current(store_path)
    whole = letter is None and not ontology and construct is None
    if whole and fmt in ("nquads", "trig"):
        chunks: Iterable[bytes] = _graph_chunks(store, fmt, base_iri)
        count = len(store)
    else:
        quads = select_quads(store, base_iri, letter=letter, ontology=ontology, construct=construct)
        chunks, count = [serialise_quads(quads, fmt, base_iri)], len(quads)
    if output and output != "-":
        target = Path(output)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                _write(fh, chunks, gz)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as e:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise SahelkgError(f"cannot write: {e.strerror or e}", where=output) from None
    else:
        _write(sys.stdout.buffer, chunks, gz)
        sys.stdout.buffer.flush()
    return count


def _write(fh, chunks: Iterable[bytes], gz: bool) -> None:
    if gz:  # no name, no timestamp: the same graph gives the same bytes
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as z:
            for c in chunks:
                z.write(c)
    else:
        for c in chunks:
            fh.write(c)


def default_gzip(output: str | None) -> bool:
    return bool(output) and os.fspath(output).endswith(".gz")
