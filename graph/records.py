"""The build's per-letter records in SQLite, versioned together with the store: ``<store>/records.sqlite``.

What a build needs to know about the letters of the current version - each letter's manifest entry
(cache key, file stat and hash, counts, resolved digest), its entity records, and the merge plan -
lives here instead of in the version's JSON manifest, so that a build reads and writes only the rows
of the letters (and names) that changed.

Tables::

    letter(name, key, vfrom, vto, path, size, mtime_ns, sha256, resolved, graph, quads, digest, nq_bytes, meta)
    entity(key, iri, unlinked, norms, classes)   one letter's entity records, by cache key (immutable)
    name(key, norm, iri)                          normalised names of those records (index: norm)
    merge(iri, target, known, vfrom, vto)         the merge plan: unlinked IRI -> IRI it resolves to

Versioning: a ``letter`` or ``merge`` row holds in the store versions ``vfrom <= v < vto`` (``vto``
NULL: still live). Version ids sort in creation order (``versions.py``). A build of version V writes
its changes - new rows with ``vfrom = V``, retired rows get ``vto = V`` - in ONE transaction, before
``current`` is switched to V; a reader of version U sees exactly U's rows. A build killed after that
commit but before the switch leaves rows that name a version later than ``current``:
:meth:`Records.recover` (run by the next writer, under the build lock) undoes them, so the side file
always describes the version ``current`` points at. Two kinds of change are made in place, because
they are true of every version: a file's stat info (path, size, mtime -> the same hash), and a new
cache key for a letter whose graph did not change (an extractor change with the same output).
``entity``/``name`` rows are a pure function of their key; rows no live letter refers to are deleted.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from sahelkg.graph.resolve import normalise_name

FILE = "records.sqlite"
SEP = "\x1f"  # joins the normalised names and classes of one record (neither contains it)
COLUMNS = ("name", "key", "path", "size", "mtime_ns", "sha256", "resolved", "graph", "quads", "digest", "nq_bytes")
_CHUNK = 500  # parameters per IN (...) list

SCHEMA = """
CREATE TABLE IF NOT EXISTS letter(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, vfrom TEXT NOT NULL, vto TEXT,
    path TEXT, size INTEGER, mtime_ns INTEGER, sha256 TEXT, resolved TEXT, graph TEXT, quads INTEGER,
    digest TEXT, nq_bytes INTEGER, meta TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS letter_live ON letter(key) WHERE vto IS NULL;
CREATE INDEX IF NOT EXISTS letter_key ON letter(key);
CREATE INDEX IF NOT EXISTS letter_vfrom ON letter(vfrom);
CREATE INDEX IF NOT EXISTS letter_vto ON letter(vto) WHERE vto IS NOT NULL;
CREATE TABLE IF NOT EXISTS entity(key TEXT NOT NULL, iri TEXT NOT NULL, unlinked INTEGER NOT NULL,
    norms TEXT NOT NULL, classes TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entity_key ON entity(key);
CREATE INDEX IF NOT EXISTS entity_iri ON entity(iri, key);
CREATE TABLE IF NOT EXISTS name(key TEXT NOT NULL, norm TEXT NOT NULL, iri TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS name_norm ON name(norm, key);
CREATE INDEX IF NOT EXISTS name_key ON name(key);
CREATE TABLE IF NOT EXISTS merge(iri TEXT NOT NULL, target TEXT NOT NULL, known INTEGER NOT NULL,
    vfrom TEXT NOT NULL, vto TEXT);
CREATE INDEX IF NOT EXISTS merge_live ON merge(iri) WHERE vto IS NULL;
CREATE INDEX IF NOT EXISTS merge_vfrom ON merge(vfrom);
CREATE INDEX IF NOT EXISTS merge_vto ON merge(vto) WHERE vto IS NOT NULL;
"""


def _chunks(items: Iterable, n: int = _CHUNK) -> Iterator[list]:
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _qs(n: int) -> str:
    return ",".join("?" * n)


def _visible(alias: str) -> str:
    return f"{alias}.vfrom <= :v AND ({alias}.vto IS NULL OR {alias}.vto > :v)"


class Records:
    """One store's records file. Writers open it under the build lock; readers with ``read_only``."""

    def __init__(self, root: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(root) / FILE
        if read_only:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """One atomic write: all of it is in the file, or none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ writer: recovery and pruning

    def recover(self, current: str | None) -> None:
        """Undo what a build killed between its commit here and its switch of ``current`` wrote."""
        with self.transaction() as db:
            for table in ("letter", "merge"):
                if current is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE vfrom > ?", (current,))
                    db.execute(f"UPDATE {table} SET vto = NULL WHERE vto > ?", (current,))
            if current is None:
                db.execute("DELETE FROM entity")
                db.execute("DELETE FROM name")

    def prune(self, before: str) -> set[str]:
        """Delete rows retired at or before version ``before``; returns the cache keys no row refers to any more."""
        with self.transaction() as db:
            keys = {k for (k,) in db.execute("SELECT DISTINCT key FROM letter WHERE vto IS NOT NULL AND vto <= ?",
                                             (before,))}
            db.execute("DELETE FROM letter WHERE vto IS NOT NULL AND vto <= ?", (before,))
            db.execute("DELETE FROM merge WHERE vto IS NOT NULL AND vto <= ?", (before,))
            orphans = self._orphans(db, keys)
        return orphans

    def _orphans(self, db, keys: Iterable[str]) -> set[str]:
        """Of ``keys``, those no letter row refers to; their entity and name rows are deleted."""
        orphans = set()
        for chunk in _chunks(keys):
            used = {k for (k,) in db.execute(f"SELECT DISTINCT key FROM letter WHERE key IN ({_qs(len(chunk))})", chunk)}
            orphans.update(set(chunk) - used)
        for chunk in _chunks(orphans):
            db.execute(f"DELETE FROM entity WHERE key IN ({_qs(len(chunk))})", chunk)
            db.execute(f"DELETE FROM name WHERE key IN ({_qs(len(chunk))})", chunk)
        return orphans

    # ------------------------------------------------------------------ writer: reading the live rows

    def live_letters(self) -> dict[str, dict]:
        """name -> the live row's columns (and ``meta``, its other fields as a JSON string)."""
        cols = ", ".join(COLUMNS)
        rows = self.db.execute(f"SELECT {cols}, meta FROM letter WHERE vto IS NULL")
        return {r[0]: dict(zip(COLUMNS + ("meta",), r)) for r in rows}

    def live_merges(self, iris: Iterable[str]) -> dict[str, tuple[str, bool]]:
        """Of ``iris``, those the live plan merges: iri -> (target, target is a known entity)."""
        out = {}
        for chunk in _chunks(iris):
            for iri, target, known in self.db.execute(
                    f"SELECT iri, target, known FROM merge WHERE vto IS NULL AND iri IN ({_qs(len(chunk))})", chunk):
                out[iri] = (target, bool(known))
        return out

    def all_live_merges(self) -> dict[str, tuple[str, bool]]:
        return {iri: (t, bool(k)) for iri, t, k in self.db.execute("SELECT iri, target, known FROM merge WHERE vto IS NULL")}

    def entity_iris(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """key -> the IRIs of its entity records."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(keys):
            for key, iri in self.db.execute(f"SELECT key, iri FROM entity WHERE key IN ({_qs(len(chunk))})", chunk):
                out.setdefault(key, []).append(iri)
        return out

    def entity_records(self, keys: Iterable[str]) -> dict[str, list[list]]:
        """key -> its records as ``[iri, unlinked, normalised names, classes]`` (names already normalised)."""
        out: dict[str, list[list]] = {}
        for chunk in _chunks(keys):
            for key, iri, u, norms, classes in self.db.execute(
                    f"SELECT key, iri, unlinked, norms, classes FROM entity WHERE key IN ({_qs(len(chunk))})", chunk):
                out.setdefault(key, []).append([iri, bool(u), _split(norms), _split(classes)])
        return out

    def _temp(self, table: str, values: Iterable[str]) -> None:
        self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}(v TEXT PRIMARY KEY)")
        self.db.execute(f"DELETE FROM temp.{table}")
        self.db.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((v,) for v in values))

    def aggregate(self, iris: Iterable[str], exclude_keys: Iterable[str]) -> dict[str, list]:
        """Over the live letters but ``exclude_keys``: iri -> [known in some letter, names (normalised), classes]."""
        self._temp("q_iri", iris)
        self._temp("x_key", exclude_keys)
        out = {}
        for iri, u, norms, classes in self.db.execute(
                "SELECT e.iri, MIN(e.unlinked), group_concat(DISTINCT e.norms), group_concat(DISTINCT e.classes) "
                "FROM entity e JOIN letter l ON l.key = e.key AND l.vto IS NULL "
                "WHERE e.iri IN (SELECT v FROM temp.q_iri) AND e.key NOT IN (SELECT v FROM temp.x_key) GROUP BY e.iri"):
            out[iri] = [not u, _split_groups(norms), _split_groups(classes)]
        return out

    def iris_named(self, norms: Iterable[str]) -> set[str]:
        """The IRIs live letters give one of these normalised names."""
        self._temp("q_norm", norms)
        return {iri for (iri,) in self.db.execute(
            "SELECT DISTINCT n.iri FROM name n JOIN letter l ON l.key = n.key AND l.vto IS NULL "
            "WHERE n.norm IN (SELECT v FROM temp.q_norm)")}

    def letters_with(self, iris: Iterable[str]) -> set[str]:
        """Names of the live letters whose entity records include one of ``iris``."""
        self._temp("q_iri", iris)
        return {n for (n,) in self.db.execute(
            "SELECT DISTINCT l.name FROM entity e JOIN letter l ON l.key = e.key AND l.vto IS NULL "
            "WHERE e.iri IN (SELECT v FROM temp.q_iri)")}

    # ------------------------------------------------------------------ writer: changes (inside a transaction)

    def add_entities(self, db, key: str, records: list[list]) -> None:
        """The entity records of cache entry ``key`` (raw names, as ``cache.py`` stores them), once per key."""
        if db.execute("SELECT 1 FROM entity WHERE key = ? LIMIT 1", (key,)).fetchone():
            return
        rows, names = [], set()
        for iri, unlinked, raw_names, classes in records:
            norms = sorted({n for n in map(normalise_name, raw_names) if n})
            rows.append((key, iri, int(bool(unlinked)), SEP.join(norms), SEP.join(sorted(classes))))
            names.update((key, n, iri) for n in norms)
        db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO name VALUES (?, ?, ?)", sorted(names))

    @staticmethod
    def insert_letter(db, entry: dict, version: str) -> None:
        meta = {k: v for k, v in entry.items() if k not in COLUMNS and k not in ("meta", "entities")}
        if "meta" in entry and entry["meta"] is not None:
            meta = {**json.loads(entry["meta"]), **meta}
        db.execute(f"INSERT INTO letter ({', '.join(COLUMNS)}, vfrom, meta) VALUES ({_qs(len(COLUMNS) + 2)})",
                   [entry.get(c) for c in COLUMNS] + [version, json.dumps(meta, ensure_ascii=False, sort_keys=True)])

    @staticmethod
    def retire_letter(db, name: str, version: str) -> None:
        db.execute("UPDATE letter SET vto = ? WHERE name = ? AND vto IS NULL", (version, name))

    @staticmethod
    def update_in_place(db, entry: dict) -> None:
        """Stat info, or the cache key of a letter whose graph is unchanged (true of every version)."""
        meta = {k: v for k, v in entry.items() if k not in COLUMNS and k not in ("meta", "entities")}
        if "meta" in entry and entry["meta"] is not None:
            meta = {**json.loads(entry["meta"]), **meta}
        db.execute("UPDATE letter SET key = ?, path = ?, size = ?, mtime_ns = ?, sha256 = ?, nq_bytes = ?, meta = ? "
                   "WHERE name = ? AND vto IS NULL",
                   (entry["key"], entry["path"], entry["size"], entry["mtime_ns"], entry["sha256"],
                    entry.get("nq_bytes"), json.dumps(meta, ensure_ascii=False, sort_keys=True), entry["name"]))

    @staticmethod
    def set_merge(db, iri: str, new: tuple[str, bool] | None, version: str) -> None:
        db.execute("UPDATE merge SET vto = ? WHERE iri = ? AND vto IS NULL", (version, iri))
        if new is not None:
            db.execute("INSERT INTO merge VALUES (?, ?, ?, ?, NULL)", (iri, new[0], int(new[1]), version))

    def orphans(self, db, keys: Iterable[str]) -> set[str]:
        return self._orphans(db, keys)

    # ------------------------------------------------------------------ migration

    def import_manifest(self, manifest: dict) -> None:
        """Rows for a version whose JSON manifest still holds its letters (the format before this file)."""
        version = manifest["version"]
        with self.transaction() as db:
            db.execute("DELETE FROM letter")
            db.execute("DELETE FROM merge")
            for name, e in manifest["letters"].items():
                self.add_entities(db, e["key"], e.get("entities") or [])
                self.insert_letter(db, {**e, "name": name}, version)
            known = set(manifest.get("plan_known") or ())
            for iri, target in (manifest.get("plan") or {}).items():
                db.execute("INSERT INTO merge VALUES (?, ?, ?, ?, NULL)", (iri, target, int(target in known), version))


def _split(s: str) -> list[str]:
    return s.split(SEP) if s else []


def _split_groups(s: str | None) -> set[str]:
    """``group_concat(DISTINCT ...)`` of SEP-joined lists (joined by ","; no name or class contains one)."""
    out: set[str] = set()
    for part in (s or "").split(","):
        out.update(_split(part))
    return out


# ---------------------------------------------------------------------- readers


def letters_of(root: str | Path, manifest: dict | None) -> dict[str, dict]:
    """name -> manifest entry (without entity records) of the version ``manifest`` describes."""
    if not manifest:
        return {}
    if isinstance(manifest.get("letters"), dict):  # an older manifest holds them itself
        return manifest["letters"]
    p = Path(root) / FILE
    if not p.is_file():
        return {}
    r = Records(root, read_only=True)
    try:
        rows = r.db.execute(f"SELECT {', '.join(COLUMNS)}, meta FROM letter l WHERE {_visible('l')}",
                            {"v": manifest["version"]})
        return {row[0]: {**json.loads(row[-1]), **dict(zip(COLUMNS, row[:-1]))} for row in rows}
    finally:
        r.close()


def entity_counts(root: str | Path, manifest: dict | None) -> tuple[int, int]:
    """(unlinked entities not merged into another, merged entities) of the version ``manifest`` describes."""
    if not manifest:
        return 0, 0
    if isinstance(manifest.get("letters"), dict):
        plan = manifest.get("plan") or {}
        unlinked = {iri for e in manifest["letters"].values()
                    for iri, is_unlinked, *_ in e.get("entities", ()) if is_unlinked and iri not in plan}
        return len(unlinked), len(plan)
    if not (Path(root) / FILE).is_file():
        return 0, 0
    r = Records(root, read_only=True)
    try:
        v = {"v": manifest["version"]}
        merged = r.db.execute(f"SELECT COUNT(*) FROM merge m WHERE {_visible('m')}", v).fetchone()[0]
        unlinked = r.db.execute(
            f"SELECT COUNT(DISTINCT e.iri) FROM entity e JOIN letter l ON l.key = e.key AND {_visible('l')} "
            f"WHERE e.unlinked = 1 AND e.iri NOT IN (SELECT m.iri FROM merge m WHERE {_visible('m')})", v).fetchone()[0]
        return unlinked, merged
    finally:
        r.close()
