"""``sahelkg build``: every letter in the corpus -> extraction -> resolution -> a new store version.

Steps (each letter's extraction is a pure function of its bytes, name, base IRI and extractor)::

    list letters (seeds + corpus)  ->  extract what the cache lacks (process pool)
    ->  plan entity merges (full: over all letters; incremental: only over the names the changed
        letters touch, from ``records.sqlite``)  ->  per-letter "resolved digest"
    ->  write a new version (.partial): incremental = backup of current + replace changed graphs,
        full = bulk-load everything  ->  flush, reopen read-only and check counts
    ->  records (one transaction), manifest, rename, switch ``current``  ->  prune old versions and cache entries

What a build does per letter of the corpus: one ``stat`` (a file whose path, size and mtime are
unchanged keeps its recorded hash), one cache-key hash and the read of its live record row. Everything else - records read and
written, names re-planned, graphs replaced - is per changed letter.

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
from sahelkg.graph.records import FILE, Records
from sahelkg.graph.resolve import MergePlan, apply_merges, normalise_name, plan_from_state, plan_merges
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


def _resolved_digest(digest: str, iris: list[str], merges: dict) -> str:
    """The letter's quads' digest plus the merges that touch it: equal digests, equal graphs in the store."""
    touches = sorted((iri, *merges[iri]) for iri in iris if iri in merges)
    return hashlib.sha256((digest + json.dumps(touches)).encode()).hexdigest()


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
    echo = echo or (lambda msg: print(msg, file=sys.stderr, flush=True))
    layout = StoreLayout(settings.store)
    t0 = time.perf_counter()
    with layout.build_lock():
        aside = layout.move_aside_plain_store()
        if aside:
            echo(f"sahelkg: warning: {layout.root} held a store in an older layout; moved it to {aside}")
        layout.discard_partials()
        records = Records(layout.root)
        try:
            return _build(settings, full, workers, echo, layout, records, t0)
        finally:
            records.close()


def _build(settings: Settings, full: bool, workers: int | None, echo: Callable[[str], None],
           layout: StoreLayout, records: Records, t0: float) -> BuildReport:
    from sahelkg.extract import EXTRACTOR_VERSION

    iris = Iris(settings.base_iri)
    times: dict[str, float] = {}
    cur = layout.current_version()
    records.recover(cur)
    prev = layout.manifest()
    if prev and isinstance(prev.get("letters"), dict):
        # a manifest of the older format: its records move into the side file, then the manifest loses them
        # (killed in between, the next build imports them again)
        records.import_manifest(prev)
        prev = {k: v for k, v in prev.items() if k not in ("letters", "plan", "plan_known")}
        write_atomic(layout.versions / f"{prev['version']}.json",
                     json.dumps({**prev, "records": FILE}, ensure_ascii=False, sort_keys=True).encode())
    cache = ExtractionCache(layout.cache_dir, EXTRACTOR_VERSION)
    live = records.live_letters() if cur else {}
    if prev and prev.get("base_iri") != iris.base:
        prev = None  # every IRI changes: nothing of the old version can be reused
    prev_letters: dict = live if prev else {}
    incremental = bool(prev) and not full and (layout.versions / prev["version"]).is_dir()

    sources, warnings = list_letters(settings, live)
    for w in warnings:
        echo(f"sahelkg: warning: {w}")
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
    new_meta: dict[str, dict] = {}  # letters with a new cache key: their cache metadata (with entity records)
    for s in sources:
        key = keys[s.name]
        old = prev_letters.get(s.name)
        if s.name in errors:
            if old and (incremental or cache.has(old["key"])):
                entries[s.name] = {**old, "failed": True}  # keep the last good graph of a letter that now fails
            continue
        if old and old["key"] == key and s.name not in extracted:
            e = dict(old)
        else:
            meta = new_meta[s.name] = cache.meta(key)
            e = {k: v for k, v in meta.items() if k != "entities"}
            e.update(key=key, resolved=None)
        e.update(name=s.name, path=s.path, size=s.size, mtime_ns=s.mtime_ns, sha256=s.sha256)
        entries[s.name] = e
    for name in extracted:
        for w in new_meta.get(name, {}).get("warnings", ()):
            echo(f"sahelkg: warning: {entries[name]['path']}: {w}")

    if incremental:
        removed = sorted(set(prev_letters) - set(entries))
        merges, merge_changes, affected, letter_iris = _replan(records, entries, prev_letters, new_meta, removed)
    else:
        removed = sorted(set(prev_letters) - set(entries)) if prev_letters else []
        letter_recs = records.entity_records([e["key"] for n, e in entries.items() if n not in new_meta])
        recs = {n: new_meta[n]["entities"] if n in new_meta else letter_recs.get(e["key"], [])
                for n, e in entries.items()}
        plan = plan_merges(recs.values())
        merges = {iri: (target, target in plan.known) for iri, target in plan.items()}
        merge_changes, affected = merges, set(entries)
        letter_iris = {n: [r[0] for r in rs] for n, rs in recs.items()}
    for name in affected:
        e = entries[name]
        if e.pop("failed", False) and not cache.has(e["key"]):
            continue  # cannot be reloaded: its graph stays exactly as it is
        e["resolved"] = _resolved_digest(e["digest"], letter_iris[name], merges)
    for e in entries.values():
        e.pop("failed", None)
    times["resolve"] = time.perf_counter() - t
    onto_path = ontology_file()
    onto_digest = _file_digest(onto_path)
    loaded = _loaded_index(layout)

    if incremental:
        changed = sorted(n for n in affected if prev_letters.get(n, {}).get("resolved") != entries[n]["resolved"])
        onto_changed = (prev.get("ontology") or {}).get("sha256") != onto_digest
    else:
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

    if incremental and not (removed or changed or onto_changed or merge_changes):
        # nothing to write; remember the new stat info and cache keys so the next build need not hash again
        report.mode, report.quads = "unchanged", prev["quads"]
        in_place = [e for n, e in entries.items() if _row_differs(e, prev_letters[n])]
        if in_place:
            with records.transaction() as db:
                retired = records.prune(db, cur)
                for e in in_place:
                    if e["name"] in new_meta:
                        records.add_entities(db, e["key"], new_meta[e["name"]]["entities"])
                    records.update_in_place(db, e)
                gone = records.orphans(db, retired | {prev_letters[e["name"]]["key"] for e in in_place})
            cache.remove(gone)
        if prev.get("extractor_version") != EXTRACTOR_VERSION:
            write_atomic(layout.versions / f"{prev['version']}.json",
                         json.dumps({**prev, "extractor_version": EXTRACTOR_VERSION}, ensure_ascii=False,
                                    sort_keys=True).encode())
        if extracted:
            cache.prune_other_versions()
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
        chunks = _letter_chunks([entries[n] for n in changed], cache, merges, letter_iris, counts)
        if incremental and sum(entries[n].get("nq_bytes") or (1 << 30) for n in changed) < SMALL_CHANGE_BYTES:
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
        times["flush"] = time.perf_counter() - t
        if not incremental:
            t = time.perf_counter()
            store.optimize()  # compacts the bulk loader's many SST files: faster queries afterwards
            times["optimize"] = time.perf_counter() - t
        del store
        gc.collect()
        _pause("flushed")

        # ------------------------------------------------------------ check it opens and holds what we wrote
        t = time.perf_counter()
        total = (sum(e["quads"] for e in entries.values()) + ((ontology_info or {}).get("quads") or 0)
                 + sum(v["quads"] for v in loaded.values()))
        check = Store.read_only(str(partial))
        if incremental:
            counts_in_store = _graph_counts(check, [entries[n]["graph"] for n in changed])
            for name in changed:
                got, want = counts_in_store.get(entries[name]["graph"], 0), entries[name]["quads"]
                if got != want:
                    raise StoreError(f"graph {entries[name]['graph']} holds {got} quads, expected {want}",
                                     where=str(partial))
        elif len(check) != total:  # one count over the whole store (per-graph counts cost a full SPARQL scan)
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
            "letters_count": len(entries),
            "records": FILE,
            "ontology": ontology_info,
            "loaded": loaded,
            "errors": sorted(errors.values()),
        }
        t = time.perf_counter()
        gone = _write_records(records, version, entries, prev_letters, new_meta, removed, merge_changes, incremental,
                              prune_before=cur)
        times["records"] = time.perf_counter() - t
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
    cache.remove(gone)
    if not incremental:
        cache.prune({e["key"] for e in entries.values()} | {e.get("key") for e in prev_letters.values()})
    elif extracted:
        cache.prune_other_versions()
    return _finish(report, errors, times, t0)


def _row_differs(e: dict, old: dict) -> bool:
    return any(e.get(c) != old.get(c) for c in ("key", "path", "size", "mtime_ns", "sha256"))


def _write_records(records: Records, version: str, entries: dict, prev_letters: dict, new_meta: dict,
                   removed: list[str], merge_changes: dict, incremental: bool, prune_before: str | None = None) -> set[str]:
    """The new version's rows, in one transaction (before the switch; see ``records.py``); rows retired at or
    before ``prune_before`` (the current version) are deleted in it. Returns the cache keys no row refers to."""
    with records.transaction() as db:
        replaced_keys = records.prune(db, prune_before) if prune_before else set()
        if not incremental:
            db.execute("UPDATE letter SET vto = ? WHERE vto IS NULL", (version,))
            db.execute("UPDATE merge SET vto = ? WHERE vto IS NULL", (version,))
        for name in removed if incremental else ():
            records.retire_letter(db, name, version)
        for name, e in entries.items():
            old = prev_letters.get(name) if incremental else None
            if name in new_meta:
                records.add_entities(db, e["key"], new_meta[name]["entities"])
            if old is None or e.get("resolved") != old.get("resolved"):
                if old is not None:
                    records.retire_letter(db, name, version)
                records.insert_letter(db, e, version)
            elif _row_differs(e, old):
                records.update_in_place(db, e)
                if e["key"] != old["key"]:
                    replaced_keys.add(old["key"])
        for iri, new in sorted(merge_changes.items()):
            if incremental:
                records.set_merge(db, iri, new, version)
            else:
                db.execute("INSERT INTO merge VALUES (?, ?, ?, ?, NULL)", (iri, new[0], int(new[1]), version))
        return records.orphans(db, replaced_keys)


def _replan(records: Records, entries: dict, prev_letters: dict, new_meta: dict, removed: list[str]):
    """Merges re-planned for the names the changed letters touch (see :func:`plan_from_state`).

    Returns (merges of the IRIs in the affected letters: iri -> (target, known), the changes to the
    live plan: iri -> new value or None, the letters whose resolved digest must be recomputed, and
    their entity IRIs).
    """
    touched = sorted(n for n, e in entries.items() if n not in prev_letters or e["key"] != prev_letters[n]["key"])
    if not touched and not removed:
        return {}, {}, set(), {}
    old_keys = [prev_letters[n]["key"] for n in touched + removed if n in prev_letters]
    old_recs = records.entity_records(old_keys)
    new_state: dict[str, list] = {}  # the changed letters' records: iri -> [known, names, classes]
    for n in touched:
        for iri, unlinked, names, classes in new_meta[n]["entities"]:
            s = new_state.setdefault(iri, [False, set(), set()])
            s[0] |= not unlinked
            s[1].update(filter(None, map(normalise_name, names)))
            s[2].update(classes)
    seeds = set(new_state) | {r[0] for rs in old_recs.values() for r in rs}
    old_names = {n for rs in old_recs.values() for r in rs for n in r[2]}  # the names the old records gave
    names: set[str] = set()
    state: dict[str, list] = {}
    seen: set[str] = set()
    frontier = set(seeds)
    while frontier:
        seen |= frontier
        got = records.aggregate(frontier, old_keys)
        for iri in frontier:
            s, o = got.get(iri), new_state.get(iri)
            if s and o:
                s = [s[0] or o[0], s[1] | o[1], s[2] | o[2]]
            s = s or o
            if s:
                state[iri] = s
        # names of unlinked nodes (and of the changed nodes) lead to the nodes they may merge with
        fresh = {n for iri in frontier if iri in state and (iri in seeds or not state[iri][0])
                 for n in state[iri][1]} | old_names
        fresh -= names
        old_names = set()
        names |= fresh
        frontier = (records.iris_named(fresh) - seen) if fresh else set()
    known = {iri for iri, s in state.items() if s[0]}
    plan = plan_from_state({i: s[1] for i, s in state.items()}, {i: s[2] for i, s in state.items()},
                           known, set(state) - known)
    new = {iri: (target, target in plan.known) for iri, target in plan.items()}
    old = records.live_merges(seen)
    merge_changes = {iri: new.get(iri) for iri in seen if old.get(iri) != new.get(iri)}
    affected = set(touched) | (records.letters_with(merge_changes) & set(entries)) if merge_changes else set(touched)
    letter_iris = {n: [r[0] for r in new_meta[n]["entities"]] for n in touched}
    other = [n for n in affected if n not in letter_iris]
    by_key = records.entity_iris(entries[n]["key"] for n in other)
    for n in other:
        letter_iris[n] = by_key.get(entries[n]["key"], [])
    wanted = {iri for iris_ in letter_iris.values() for iri in iris_}
    merges = {**records.live_merges(wanted), **{i: v for i, v in merge_changes.items() if i in wanted}}
    merges = {i: v for i, v in merges.items() if v is not None}
    return merges, merge_changes, affected, letter_iris


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


def _letter_chunks(entries: list[dict], cache: ExtractionCache, merges: dict, letter_iris: dict,
                   counts: dict[str, int]) -> Iterator[bytes]:
    """Each letter's N-Quads as cached, or re-serialised with the merges applied where any touch it."""
    for e in entries:
        data = cache.quads_path(e["key"]).read_bytes()
        touching = {iri: merges[iri] for iri in letter_iris[e["name"]] if iri in merges}
        if touching:
            plan = MergePlan({iri: t for iri, (t, _) in touching.items()}, {t for t, k in touching.values() if k})
            quads = apply_merges(parse(data, format=RdfFormat.N_QUADS), plan, plan.known)
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
