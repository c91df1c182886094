"""``sahelkg load FILE --graph IRI``: any RDF file into a named graph, as a new store version.

The file is parsed completely first (a syntax error names file, line and column and changes
nothing), copied into ``<store>/loaded/`` (so a full build re-loads it: nothing is lost), and
written into a copy of the current version, which is then switched in like a build's.
By default the graph's previous content is replaced; ``append=True`` adds to it.
Graphs the build manages (letter graphs, the ontology graph) cannot be loaded into.
"""

from __future__ import annotations

import gc
import json
import shutil
import time
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from sahelkg.config import Settings
from sahelkg.errors import SahelkgError, StoreError
from sahelkg.graph.corpus import file_sha256
from sahelkg.graph.records import Records
from sahelkg.graph.versions import StoreLayout, write_atomic
from sahelkg.namespaces import Iris

FORMAT_NAMES = {
    "turtle": RdfFormat.TURTLE, "ttl": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
    "nq": RdfFormat.N_QUADS, "ntriples": RdfFormat.N_TRIPLES, "nt": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML, "xml": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD, "n3": RdfFormat.N3,
}


def rdf_format(path: str | Path, fmt: str | None = None) -> RdfFormat:
    """The format named by ``fmt`` (a name above or a media type), else guessed from the file name."""
    if fmt:
        f = FORMAT_NAMES.get(fmt.lower()) or RdfFormat.from_media_type(fmt)
        if f is None:
            raise SahelkgError(f"unknown RDF format {fmt!r}; choose one of {', '.join(sorted(set(FORMAT_NAMES)))}")
        return f
    name = str(path).lower().removesuffix(".gz")
    f = RdfFormat.from_extension(name.rsplit(".", 1)[-1]) if "." in name else None
    if f is None:
        raise SahelkgError("cannot tell the RDF format from the file name; give --format", where=str(path))
    return f


def quads_of_file(path: str | Path, fmt: RdfFormat | str, graph: str | None) -> list[Quad]:
    """Every statement of the file, put into ``graph`` (None: the file's own graphs, or the default graph)."""
    if isinstance(fmt, str):
        fmt = FORMAT_NAMES.get(fmt) or RdfFormat.from_media_type(fmt)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise SahelkgError(f"cannot read: {e.strerror}", where=str(p)) from None
    if p.suffix == ".gz":
        import gzip

        raw = gzip.decompress(raw)
    try:
        quads = list(parse(raw, format=fmt, base_iri=p.resolve().as_uri()))
    except SyntaxError as e:
        raise SahelkgError(f"not valid {fmt.name}: {e}", where=str(p)) from None
    if graph is not None:
        g = NamedNode(graph)
        quads = [Quad(q.subject, q.predicate, q.object, g) for q in quads]
    return list(dict.fromkeys(quads))


def load_file(settings: Settings, path: str | Path, graph: str | None, fmt: str | None = None,
              append: bool = False) -> dict:
    """Load ``path`` into ``graph`` of the store, as a new version. Returns {"quads", "graph", "version"}."""
    iris = Iris(settings.base_iri)
    if graph is not None:
        try:
            NamedNode(graph)
        except ValueError as e:
            raise SahelkgError(f"--graph is not an IRI: {e}") from None
        if graph == iris.ontology_graph or graph.startswith(iris.base + "graph/letter/"):
            raise SahelkgError(f"{graph} is managed by `sahelkg build`; load into another graph")
    rdf_fmt = rdf_format(path, fmt)
    quads = quads_of_file(path, rdf_fmt, graph)
    layout = StoreLayout(settings.store)
    with layout.build_lock():
        layout.discard_partials()
        records = Records(layout.root)
        try:
            records.recover(layout.current_version())  # the build records must describe `current`
        finally:
            records.close()
        prev = layout.manifest()
        version, partial = layout.new_partial()
        key = graph or ""
        index_path = layout.loaded_dir / "index.json"
        index = json.loads(index_path.read_bytes()) if index_path.is_file() else {}
        try:
            if prev:
                Store.read_only(str(layout.versions / prev["version"])).backup(str(partial))
            store = Store(str(partial))
            target = NamedNode(graph) if graph else DefaultGraph()
            if not append:
                if graph:
                    store.remove_graph(target)
                else:
                    store.clear_graph(target)
            store.bulk_extend(quads)
            store.flush()
            count = sum(1 for _ in store.quads_for_pattern(None, None, None, target)) if graph else len(quads)
            del store
            gc.collect()
            # keep the file, so a full build re-loads it
            layout.loaded_dir.mkdir(parents=True, exist_ok=True)
            stored = f"{file_sha256(path)[:16]}.{rdf_fmt.file_extension}"
            raw = Path(path).read_bytes()
            if str(path).endswith(".gz"):
                import gzip

                raw = gzip.decompress(raw)
            if append and key in index:
                # an appended file joins the graph's earlier content: keep both as one N-Quads file
                from pyoxigraph import serialize

                old = quads_of_file(layout.loaded_dir / index[key]["file"], index[key]["format"], graph)
                raw = serialize(list(dict.fromkeys(old + quads)), format=RdfFormat.N_QUADS)
                stored, media = f"{file_sha256(path)[:16]}-merged.nq", RdfFormat.N_QUADS.media_type
            else:
                media = rdf_fmt.media_type
            write_atomic(layout.loaded_dir / stored, raw)
            index[key] = {"file": stored, "format": media, "quads": count, "source": str(path),
                          "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            manifest = dict(prev or {"base_iri": iris.base, "quads": 0, "ontology": None})
            manifest["loaded"] = index
            manifest["quads"] = _count(partial)
            write_atomic(index_path, json.dumps(index, indent=1, sort_keys=True).encode())
            layout.commit(version, manifest)
        except OSError as e:
            shutil.rmtree(partial, ignore_errors=True)
            raise StoreError(f"load failed, nothing changed: {e}", where=str(layout.root)) from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        layout.prune(keep=2)
    return {"quads": len(quads), "graph": graph, "version": version}


def _count(path: Path) -> int:
    s = Store.read_only(str(path))
    n = len(s)
    del s
    return n
