"""Per-letter extraction cache: a letter is extracted once per (content, name, base IRI, extractor version).

Entries live in ``<store>/cache/<EXTRACTOR_VERSION>/<key[:2]>/<key>.nq`` (the letter's quads,
N-Quads, sorted, blank nodes renamed apart per letter so files can be concatenated) and
``<key>.json`` (what the build and ``add`` need without parsing the quads: counts, entity records,
letter metadata). Both are written by rename, the JSON last, without fsync: an entry counts only
if its JSON parses and records the N-Quads file's size (``has``), so a torn entry is re-extracted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

from pyoxigraph import BlankNode, Quad, RdfFormat, serialize

from sahelkg.errors import SahelkgError
from sahelkg.graph.resolve import entity_records, letter_metadata
from sahelkg.graph.versions import write_atomic
from sahelkg.namespaces import Iris


def cache_key(file_sha256: str, name: str, base_iri: str, extractor_version: str) -> str:
    return hashlib.sha256("\0".join((file_sha256, name, base_iri, extractor_version)).encode()).hexdigest()


class ExtractionCache:
    """The cache folder for one extractor version."""

    def __init__(self, root: str | Path, extractor_version: str) -> None:
        self.root = Path(root)
        self.version = extractor_version
        self.dir = self.root / extractor_version

    def _paths(self, key: str) -> tuple[Path, Path]:
        d = self.dir / key[:2]
        return d / f"{key}.nq", d / f"{key}.json"

    def has(self, key: str) -> bool:
        """An entry exists and is whole (its N-Quads file has the size its metadata records)."""
        nq, mp = self._paths(key)
        try:
            meta = json.loads(mp.read_bytes())
            return nq.stat().st_size == meta["nq_bytes"]
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def meta(self, key: str) -> dict:
        return json.loads(self._paths(key)[1].read_bytes())

    def quads_path(self, key: str) -> Path:
        return self._paths(key)[0]

    def put(self, key: str, nquads: bytes, meta: dict) -> None:
        nq, mp = self._paths(key)
        meta = {**meta, "nq_bytes": len(nquads)}
        write_atomic(nq, nquads, durable=False)  # entries are checked by has(): no fsync needed
        write_atomic(mp, json.dumps(meta, ensure_ascii=False, sort_keys=True).encode(), durable=False)

    def remove(self, keys) -> int:
        """Delete the entries of ``keys`` (those a build no longer refers to)."""
        removed = 0
        for key in keys:
            for p in self._paths(key):
                try:
                    p.unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed

    def prune_other_versions(self) -> None:
        """Delete the folders of other extractor versions (their keys can never match again)."""
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other.name != self.version:
                    shutil.rmtree(other, ignore_errors=True)

    def prune(self, keep: set[str]) -> int:
        """Delete entries of this version whose key is not in ``keep``, and other extractor versions.

        Walks the whole cache: full builds only (an incremental build removes the keys it retired).
        """
        removed = 0
        self.prune_other_versions()
        if not self.dir.is_dir():
            return 0
        for sub in self.dir.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                key = f.name.split(".", 1)[0]
                if key not in keep:
                    f.unlink(missing_ok=True)
                    removed += 1
        return removed


def _scope_blank_nodes(quads: list[Quad], name: str) -> list[Quad]:
    """Rename blank nodes so that two letters' N-Quads never share a label when concatenated."""
    if not any(isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode) or isinstance(q.graph_name, BlankNode)
               for q in quads):
        return quads
    prefix = "l" + hashlib.sha1(name.encode()).hexdigest()[:10]
    renamed: dict[str, BlankNode] = {}

    def fix(t):
        if isinstance(t, BlankNode):
            if t.value not in renamed:
                renamed[t.value] = BlankNode(f"{prefix}x{len(renamed)}")
            return renamed[t.value]
        return t

    return [Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)) for q in quads]


def extraction_entry(extraction, base_iri: str) -> tuple[bytes, dict]:
    """The cache entry of one extraction: sorted N-Quads and the metadata record."""
    from sahelkg.extract import to_quads

    letter = extraction.letter
    quads = _scope_blank_nodes(list(dict.fromkeys(to_quads(extraction, base_iri))), letter.name)
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    data = serialize(quads, format=RdfFormat.N_QUADS)
    iris = Iris(base_iri)
    unlinked_iris = {iris.id(*e.key.split("/", 1)) for e in extraction.entities if e.unlinked and "/" in e.key}
    facts = Counter()
    for f in extraction.facts:
        facts[f.kind] += 1
        for t in f.types:
            if t != f.kind:
                facts[f"{f.kind}:{t}"] += 1
    unlinked_mentions = Counter(m.surface for m in extraction.mentions if m.entity.unlinked)
    meta = {
        "name": letter.name,
        "text_sha256": letter.sha256,
        "media_type": letter.media_type,
        "chars": len(letter.text),
        "quads": len(quads),
        "digest": hashlib.sha256(data).hexdigest(),
        "graph": iris.letter_graph(letter.name),
        "entities": entity_records(quads, unlinked_iris),
        "facts": dict(sorted(facts.items())),
        "unlinked_mentions": sorted(unlinked_mentions.items()),
        "warnings": list(extraction.warnings),
        "letter": letter_metadata(quads, iris.letter(letter.name)),
    }
    return data, meta


def extract_job(job: tuple[str, str, str, str, str]) -> tuple[str, str, str | None]:
    """Process-pool task: extract one letter into the cache. Returns (name, key, error or None).

    Runs in a worker process; any failure is returned as one line naming the letter, never raised,
    so that one bad letter does not stop the others.
    """
    path, name, key, base_iri, cache_root = job
    try:
        from sahelkg.extract import EXTRACTOR_VERSION, extract_path

        extraction = extract_path(path, name=name)
        broken = extraction.metadata.get("failed_extractors", []) + extraction.metadata.get("failed_steps", [])
        if broken:
            # A crashing extractor is a bug, not a property of the letter: loading the rest would silently
            # drop a whole fact type from the store. The letter keeps its last good graph instead.
            detail = next((w for w in extraction.warnings if "failed:" in w), ", ".join(broken))
            return name, key, f"{path}: extractor failed, the letter keeps its previous graph: {detail}"
        data, meta = extraction_entry(extraction, base_iri)
        ExtractionCache(cache_root, EXTRACTOR_VERSION).put(key, data, meta)
        return name, key, None
    except SahelkgError as e:
        return name, key, str(e) if getattr(e, "where", None) else f"{path}: {e}"
    except Exception as e:  # an extractor bug must not take the whole build down
        return name, key, f"{path}: extractor failed: {type(e).__name__}: {e}"

