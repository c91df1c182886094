"""``sahelkg build``: every letter in the corpus -> extraction -> resolution -> a new store version.

Steps (each letter's extraction is a pure function of its bytes, name, base IRI and extractor)::

    list letters (seeds + corpus)  ->  extract what the cache lacks (process pool)
    ->  plan entity merges over all letters  ->  per-letter "resolved digest"
    ->  write a new version (.partial): incremental = backup of current + replace changed graphs,
        full = bulk-load everything  ->  flush, reopen read-only and check counts
    ->  manifest, rename, switch ``current``  ->  prune old versions and cache entries

Incremental: a letter is re-extracted only if its cache key (content hash, name, base IRI,
``EXTRACTOR_VERSION`` - which hashes the extractor's code and gazetteer) has no entry; its graph is
replaced only if its resolved digest (its quads' digest plus the merges that touch it) changed; a
removed letter's graph is removed. ``full=True`` re-extracts everything into a fresh store.

Failures: a letter that cannot be extracted is reported (one line naming it) and the others go on;
it keeps the graph it had in the previous version, if any. The new version is installed, and
``build`` then raises :class:`BuildFailed` (exit 1) listing the failures. An ``OSError`` while
writing (disk full, ...) discards the partial version: the previous one stays current.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

from sahelkg.cli.progress import progress
from sahelkg.config import Settings
from sahelkg.errors import SahelkgError, StoreError
from sahelkg.graph.cache import ExtractionCache, cache_key, extract_job
from sahelkg.graph.corpus import LetterSource, default_workers, list_letters
from sahelkg.graph.resolve import apply_merges, plan_merges
from sahelkg.graph.versions import StoreLayout, write_atomic
from sahelkg.namespaces import Iris
from sahelkg.resources import ontology_file

SMALL_CHANGE_BYTES = 32 << 20  # below this much changed N-Quads, an incremental build loads in one transaction


class BuildFailed(SahelkgError):
    """Some letters could not be extracted; the store was updated with the others."""

    def __init__(self, message: str, *, report: "BuildReport") -> None:
        super().__init__(message)
        self.report = report


@dataclass
class BuildReport:
    version: str | None
    letters: int
    quads: int
    extracted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mode: str = "full"  # "full", "incremental", "unchanged"
    seconds: dict = field(default_factory=dict)
    loaded_quads: int = 0

    def __getitem__(self, key):  # the old dict interface: report["quads"]
        return getattr(self, key)


def _pause(phase: str) -> None:
    """Crash tests: with ``SAHELKG_BUILD_PAUSE=<phase>`` the build announces the phase and sleeps there."""
    if os.environ.get("SAHELKG_BUILD_PAUSE") == phase:
        print(f"sahelkg: build paused at {phase}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("SAHELKG_BUILD_PAUSE_SECONDS", "120")))


class _Chunks(io.RawIOBase):
    """A readable stream over an iterator of byte chunks (feeds the bulk loader without a temp file)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            try:
                self._buf = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _resolved_digest(entry: dict, plan: dict, known: set[str]) -> str:
    touches = sorted((iri, plan[iri], plan[iri] in known) for iri, *_ in entry["entities"] if iri in plan)
    return hashlib.sha256((entry["digest"] + json.dumps(touches)).encode()).hexdigest()


def extract_letters(todo: list[tuple[str, str, str, str, str]], workers: int) -> Iterator[tuple[str, str, str | None]]:
    """Run :func:`extract_job` over ``todo``: in a process pool when it pays, else in this process."""
    if workers <= 1 or len(todo) <= 1:
        for job in todo:
            yield extract_job(job)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
        futures = [pool.submit(extract_job, job) for job in todo]
        for fut in as_completed(futures):
            yield fut.result()


def build(settings: Settings, full: bool = False, *, workers: int | None = None,
          echo: Callable[[str], None] | None = None) -> BuildReport:
    """Build (or bring up to date) the store at ``settings.store``. See the module docstring."""
    from sahelkg.extract import EXTRACTOR_VERSION

    echo = echo or (lambda msg: print(msg, file=sys.stderr, flush=True))
    layout = StoreLayout(settings.store)
    iris = Iris(settings.base_iri)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    with layout.build_lock():
        aside = layout.move_aside_plain_store()
        if aside:
            echo(f"sahelkg: warning: {layout.root} held a store in an older layout; moved it to {aside}")
        layout.discard_partials()
        prev = layout.manifest()
        if prev and prev.get("base_iri") != iris.base:
            prev = None  # every IRI changes: nothing of the old version can be reused
        prev_letters: dict = prev["letters"] if prev else {}
        incremental = bool(prev) and not full and (layout.versions / prev["version"]).is_dir()

        sources, warnings = list_letters(settings, prev_letters)
        for w in warnings:
            echo(f"sahelkg: warning: {w}")
        cache = ExtractionCache(layout.cache_dir, EXTRACTOR_VERSION)
        keys = {s.name: cache_key(s.sha256, s.name, iris.base, EXTRACTOR_VERSION) for s in sources}
        todo = [(s.path, s.name, keys[s.name], iris.base, str(layout.cache_dir)) for s in sources
                if full or not ((prev_letters.get(s.name, {}).get("key") == keys[s.name] and incremental)
                                or cache.has(keys[s.name]))]
        times["list"] = time.perf_counter() - t0

        # ---------------------------------------------------------------- extract
        errors: dict[str, str] = {}
        extracted = []
        t = time.perf_counter()
        for i, (name, key, error) in enumerate(progress(extract_letters(todo, workers or default_workers()),
                                                        total=len(todo), desc="extract")):
            if error:
                errors[name] = error
                echo(f"sahelkg: error: {error}")
            else:
                extracted.append(name)
            if i == 0:
                _pause("extracting")
        times["extract"] = time.perf_counter() - t

        # ---------------------------------------------------------------- entries and merges
        t = time.perf_counter()
        entries: dict[str, dict] = {}
        for s in sources:
            key = keys[s.name]
            if s.name in errors:
                old = prev_letters.get(s.name)
                if old and (incremental or cache.has(old["key"])):
                    entries[s.name] = {**old, "failed": True}  # keep the last good graph of a letter that now fails
                continue
            old = prev_letters.get(s.name)
            if old and old.get("key") == key and s.name not in extracted:
                meta = old
            else:
                meta = cache.meta(key)
            entries[s.name] = {**meta, "key": key, "path": s.path, "size": s.size, "mtime_ns": s.mtime_ns,
                               "sha256": s.sha256}
        for e in entries.values():
            for w in e.get("warnings", ()) if e["name"] in extracted else ():
                echo(f"sahelkg: warning: {e['path']}: {w}")
        plan = plan_merges(e["entities"] for e in entries.values())
        known = plan.known
        for e in entries.values():
            if e.pop("failed", False) and not cache.has(e["key"]):
                continue  # cannot be reloaded: its graph stays exactly as it is
            e["resolved"] = _resolved_digest(e, plan, known)
        times["resolve"] = time.perf_counter() - t
        onto_path = ontology_file()
        onto_digest = _file_digest(onto_path)
        loaded = _loaded_index(layout)

        if incremental:
            removed = sorted(set(prev_letters) - set(entries))
            changed = sorted(n for n, e in entries.items()
                             if prev_letters.get(n, {}).get("resolved") != e["resolved"])
            onto_changed = (prev.get("ontology") or {}).get("sha256") != onto_digest
        else:
            removed = sorted(set(prev_letters) - set(entries)) if prev_letters else []
            changed = sorted(entries)
            onto_changed = True
        # a graph to (re)load needs its cache entry; one removed by hand is extracted again
        missing = [n for n in changed if not cache.has(entries[n]["key"])]
        if missing:
            src = {s.name: s for s in sources}
            jobs = [(src[n].path, n, entries[n]["key"], iris.base, str(layout.cache_dir)) for n in missing if n in src]
            for name, key, error in extract_letters(jobs, workers or default_workers()):
                if error:
                    errors[name] = error
                    echo(f"sahelkg: error: {error}")
                    changed.remove(name)
                    if prev_letters.get(name):
                        entries[name] = prev_letters[name]
                    else:
                        entries.pop(name)
                else:
                    extracted.append(name)
        report = BuildReport(version=layout.current_version(), letters=len(entries), quads=0,
                             extracted=sorted(extracted), replaced=changed, removed=removed,
                             warnings=warnings, mode="full" if not incremental else "incremental")

        if incremental and not (removed or changed or onto_changed):
            # nothing to write; remember the new stat info so the next build need not hash again
            report.mode, report.quads = "unchanged", prev["quads"]
            if prev.get("extractor_version") != EXTRACTOR_VERSION or any(
                    (prev_letters[n].get("mtime_ns"), prev_letters[n].get("key")) != (e["mtime_ns"], e["key"])
                    for n, e in entries.items()):
                layout_manifest = {**prev, "letters": entries, "extractor_version": EXTRACTOR_VERSION}
                write_atomic(layout.versions / f"{prev['version']}.json",
                             json.dumps(layout_manifest, ensure_ascii=False, sort_keys=True).encode())
            return _finish(report, errors, times, t0)

        # ---------------------------------------------------------------- write the new version
        version, partial = layout.new_partial()
        ontology_info = {"sha256": onto_digest, "quads": 0, "graph": iris.ontology_graph}
        try:
            t = time.perf_counter()
            if incremental:
                Store.read_only(str(layout.versions / prev["version"])).backup(str(partial))
                store = Store(str(partial))
                for name in removed + changed:
                    if name in prev_letters:
                        store.remove_graph(NamedNode(prev_letters[name]["graph"]))
            else:
                store = Store(str(partial))
            times["prepare"] = time.perf_counter() - t

            t = time.perf_counter()
            counts: dict[str, int] = {}
            chunks = _letter_chunks([entries[n] for n in changed], cache, plan, known, counts)
            if incremental and sum(entries[n].get("nq_bytes", 1 << 30) for n in changed) < SMALL_CHANGE_BYTES:
                # a few letters: one transaction is much cheaper than the bulk loader's fresh SST files
                store.load(b"".join(chunks), format=RdfFormat.N_QUADS)
            else:
                store.bulk_load(io.BufferedReader(_Chunks(chunks), 1 << 20), format=RdfFormat.N_QUADS)
            loaded_quads = sum(counts.values())
            for name, n in counts.items():
                entries[name]["quads"] = n
            _pause("loading")
            if onto_changed:
                try:
                    onto_quads = [] if onto_digest is None else list(dict.fromkeys(
                        parse(path=str(onto_path), format=RdfFormat.TURTLE, base_iri=iris.base)))
                except SyntaxError as e:  # keep the last good ontology graph
                    onto_error = f"{onto_path}: ontology not loaded: {' '.join(str(e).split())}"
                    ontology_info = prev.get("ontology") if (prev and incremental) else None
                    errors["(ontology)"] = onto_error
                    echo(f"sahelkg: error: {onto_error}")
                else:
                    g = NamedNode(iris.ontology_graph)
                    store.remove_graph(g)
                    store.bulk_extend(Quad(q.subject, q.predicate, q.object, g) for q in onto_quads)
                    ontology_info["quads"] = len({(q.subject, q.predicate, q.object) for q in onto_quads})
                    loaded_quads += ontology_info["quads"]
            else:
                ontology_info = prev.get("ontology")
            if not incremental:
                loaded_quads += _reload_loaded(store, layout, loaded)
            report.loaded_quads = loaded_quads
            times["load"] = time.perf_counter() - t
            t = time.perf_counter()
            store.flush()
            if not incremental:
                store.optimize()
            del store
            gc.collect()
            times["flush"] = time.perf_counter() - t
            _pause("flushed")

            # ------------------------------------------------------------ check it opens and holds what we wrote
            t = time.perf_counter()
            total = (sum(e["quads"] for e in entries.values()) + ((ontology_info or {}).get("quads") or 0)
                     + sum(v["quads"] for v in loaded.values()))
            check = Store.read_only(str(partial))
            counts_in_store = _graph_counts(check, [entries[n]["graph"] for n in changed])
            for name in changed:
                got, want = counts_in_store.get(entries[name]["graph"], 0), entries[name]["quads"]
                if got != want:
                    raise StoreError(f"graph {entries[name]['graph']} holds {got} quads, expected {want}",
                                     where=str(partial))
            if not incremental and len(check) != total:
                raise StoreError(f"store holds {len(check)} quads, expected {total}", where=str(partial))
            del check
            gc.collect()
            times["check"] = time.perf_counter() - t

            manifest = {
                "base_iri": iris.base,
                "extractor_version": EXTRACTOR_VERSION,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "mode": report.mode,
                "quads": total,
                "letters": entries,
                "plan": dict(plan),
                "plan_known": sorted(plan.known),
                "ontology": ontology_info,
                "loaded": loaded,
                "errors": sorted(errors.values()),
            }
            _pause("switching")
            t = time.perf_counter()
            layout.commit(version, manifest)
            times["switch"] = time.perf_counter() - t
        except OSError as e:
            shutil.rmtree(partial, ignore_errors=True)
            cur = layout.current_version()
            raise StoreError(f"build failed, nothing changed ({'version ' + cur if cur else 'no store yet'} "
                             f"is still current): {e}", where=str(layout.root)) from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        report.version, report.quads = version, total
        layout.prune(keep=2)
        if extracted or not incremental:
            keep = {e["key"] for e in entries.values()} | {e.get("key") for e in prev_letters.values()}
            cache.prune(keep)
        return _finish(report, errors, times, t0)


def _graph_counts(store: Store, graphs: list[str]) -> dict[str, int]:
    """Quads per graph: counted in Oxigraph (one aggregate query) when many, by iteration when few."""
    if len(graphs) > 20:
        res = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"].value: int(row["n"].value) for row in res}
    return {g: sum(1 for _ in store.quads_for_pattern(None, None, None, NamedNode(g))) for g in graphs}


def _finish(report: BuildReport, errors: dict, times: dict, t0: float) -> BuildReport:
    times["total"] = time.perf_counter() - t0
    report.seconds = {k: round(v, 4) for k, v in times.items()}
    report.errors = sorted(errors.values())
    if errors:
        n = len(errors) - ("(ontology)" in errors)
        what = [f"{n} letter{'s' if n != 1 else ''} could not be extracted"] if n else []
        what += ["the ontology could not be loaded"] if "(ontology)" in errors else []
        raise BuildFailed(f"{' and '.join(what)} (see above); the store holds the rest "
                          f"(version {report.version})", report=report)
    return report


def _letter_chunks(entries: list[dict], cache: ExtractionCache, plan: dict, known: set[str],
                   counts: dict[str, int]) -> Iterator[bytes]:
    """Each letter's N-Quads as cached, or re-serialised with the merges applied where any touch it."""
    for e in entries:
        data = cache.quads_path(e["key"]).read_bytes()
        if any(iri in plan for iri, *_ in e["entities"]):
            quads = apply_merges(parse(data, format=RdfFormat.N_QUADS), plan, known)
            counts[e["name"]] = len(quads)
            data = serialize(quads, format=RdfFormat.N_QUADS)
        else:
            counts[e["name"]] = e["quads"]
        yield data


# -------------------------------------------------------------------- graphs added with `sahelkg load`

def _loaded_index(layout: StoreLayout) -> dict:
    p = layout.loaded_dir / "index.json"
    try:
        return json.loads(p.read_bytes())
    except FileNotFoundError:
        return {}


def _reload_loaded(store: Store, layout: StoreLayout, loaded: dict) -> int:
    from sahelkg.graph.load import quads_of_file

    n = 0
    for graph, info in sorted(loaded.items()):
        quads = quads_of_file(layout.loaded_dir / info["file"], info["format"], graph or None)
        store.bulk_extend(quads)
        n += len(quads)
    return n
