"""The build's per-letter records in SQLite, versioned together with the store: ``<store>/records.sqlite``.

What a build needs to know about the letters of the current version - each letter's manifest entry
(cache key, file stat and hash, counts, resolved digest), its entity records, and the merge plan -
lives here instead of in the version's JSON manifest, so that a build reads and writes only the rows
of the letters (and names) that changed.

Tables::

    letter(name, key, vfrom, vto, path, size, mtime_ns, sha256, resolved, graph, quads, digest, nq_bytes, meta)
    cachekey(kid, key)                            cache keys, numbered
    rec(rid, iri, unlinked, norms, classes)       entity records (normalised names), each stored once
    key_rec(kid, rid)                             which records a cache entry (a letter's extraction) holds
    name(norm, rid)                               the names of the records (index: norm)
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
``key_rec`` rows are a pure function of their key; those of keys no letter row refers to are deleted.
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
    digest TEXT, nq_bytes INTEGER, meta TEXT NOT NULL, kid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS letter_live ON letter(kid) WHERE vto IS NULL;
CREATE INDEX IF NOT EXISTS letter_kid ON letter(kid);
CREATE INDEX IF NOT EXISTS letter_name ON letter(name) WHERE vto IS NULL;
CREATE INDEX IF NOT EXISTS letter_key ON letter(key);
CREATE INDEX IF NOT EXISTS letter_vfrom ON letter(vfrom);
CREATE INDEX IF NOT EXISTS letter_vto ON letter(vto) WHERE vto IS NOT NULL;
CREATE TABLE IF NOT EXISTS cachekey(kid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS rec(rid INTEGER PRIMARY KEY, iri TEXT NOT NULL, unlinked INTEGER NOT NULL,
    norms TEXT NOT NULL, classes TEXT NOT NULL, UNIQUE(iri, unlinked, norms, classes));
CREATE TABLE IF NOT EXISTS key_rec(kid INTEGER NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY(kid, rid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS key_rec_rid ON key_rec(rid, kid);
CREATE TABLE IF NOT EXISTS name(norm TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY(norm, rid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS merge(iri TEXT NOT NULL, target TEXT NOT NULL, known INTEGER NOT NULL,
    vfrom TEXT NOT NULL, vto TEXT);
CREATE INDEX IF NOT EXISTS merge_live ON merge(iri) WHERE vto IS NULL;
CREATE INDEX IF NOT EXISTS merge_vfrom ON merge(vfrom);
CREATE INDEX IF NOT EXISTS merge_vto ON merge(vto) WHERE vto IS NOT NULL;
"""
# a record (iri, unlinked, names, classes) is stored once however many letters state it; key_rec says which
_LIVE_REF = ("EXISTS (SELECT 1 FROM key_rec kr JOIN letter l ON l.kid = kr.kid AND l.vto IS NULL "
             "WHERE kr.rid = r.rid{extra})")


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
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB: a full build inserts every letter's records
            self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """One atomic write: all of it is in the file, or none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        self._rids: dict[tuple, int] = {}  # records looked up in this transaction
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ writer: recovery and pruning

    def recover(self, current: str | None) -> None:
        """Undo what a build killed between its commit here and its switch of ``current`` wrote."""
        if current is not None and not any(
                self.db.execute(f"SELECT 1 FROM {t} WHERE vfrom > ?1 OR vto > ?1 LIMIT 1", (current,)).fetchone()
                for t in ("letter", "merge")):
            return  # nothing to undo: no write (and no fsync)
        with self.transaction() as db:
            for table in ("letter", "merge"):
                if current is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    undone = {k for (k,) in db.execute("SELECT key FROM letter WHERE vfrom > ?", (current,))}
                    db.execute(f"DELETE FROM {table} WHERE vfrom > ?", (current,))
                    db.execute(f"UPDATE {table} SET vto = NULL WHERE vto > ?", (current,))
                    if table == "letter":
                        self._orphans(db, undone)  # entity records only those rows referred to
            if current is None:
                for table in ("cachekey", "rec", "key_rec", "name"):
                    db.execute(f"DELETE FROM {table}")

    def prune(self, db, before: str) -> set[str]:
        """Delete rows retired at or before version ``before`` (inside a transaction of the build's);
        returns their cache keys, for :meth:`orphans` at the end of that transaction."""
        keys = {k for (k,) in db.execute("SELECT DISTINCT key FROM letter WHERE vto IS NOT NULL AND vto <= ?",
                                         (before,))}
        db.execute("DELETE FROM letter WHERE vto IS NOT NULL AND vto <= ?", (before,))
        db.execute("DELETE FROM merge WHERE vto IS NOT NULL AND vto <= ?", (before,))
        return keys

    def _orphans(self, db, keys: Iterable[str]) -> set[str]:
        """Of ``keys``, those no letter row refers to; their records are deleted."""
        orphans = set()
        for chunk in _chunks(keys):
            used = {k for (k,) in db.execute(f"SELECT DISTINCT key FROM letter WHERE key IN ({_qs(len(chunk))})", chunk)}
            orphans.update(set(chunk) - used)
        for chunk in _chunks(orphans):
            kids = [k for (k,) in db.execute(f"SELECT kid FROM cachekey WHERE key IN ({_qs(len(chunk))})", chunk)]
            rids = {r for (r,) in db.execute(f"SELECT DISTINCT rid FROM key_rec WHERE kid IN ({_qs(len(kids))})", kids)}
            db.execute(f"DELETE FROM key_rec WHERE kid IN ({_qs(len(kids))})", kids)
            db.execute(f"DELETE FROM cachekey WHERE kid IN ({_qs(len(kids))})", kids)
            for rc in _chunks(rids):
                gone = [r for (r,) in db.execute(
                    f"SELECT rid FROM rec r WHERE rid IN ({_qs(len(rc))}) AND NOT EXISTS "
                    "(SELECT 1 FROM key_rec kr WHERE kr.rid = r.rid)", rc)]
                if gone:
                    db.execute(f"DELETE FROM name WHERE rid IN ({_qs(len(gone))})", gone)
                    db.execute(f"DELETE FROM rec WHERE rid IN ({_qs(len(gone))})", gone)
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
        return {k: [r[0] for r in recs] for k, recs in self.entity_records(keys).items()}

    def entity_records(self, keys: Iterable[str]) -> dict[str, list[list]]:
        """key -> its records as ``[iri, unlinked, normalised names, classes]`` (names already normalised)."""
        out: dict[str, list[list]] = {}
        for chunk in _chunks(keys):
            for key, iri, u, norms, classes in self.db.execute(
                    "SELECT c.key, r.iri, r.unlinked, r.norms, r.classes FROM cachekey c "
                    "JOIN key_rec kr ON kr.kid = c.kid JOIN rec r ON r.rid = kr.rid "
                    f"WHERE c.key IN ({_qs(len(chunk))})", chunk):
                out.setdefault(key, []).append([iri, bool(u), _split(norms), _split(classes)])
        return out

    def _temp(self, table: str, values: Iterable[str]) -> None:
        self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}(v PRIMARY KEY)")
        self.db.execute(f"DELETE FROM temp.{table}")
        self.db.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((v,) for v in values))

    def aggregate(self, iris: Iterable[str], exclude_keys: Iterable[str]) -> dict[str, list]:
        """Over the live letters but ``exclude_keys``: iri -> [known in some letter, names (normalised), classes]."""
        self._temp("q_iri", iris)
        self._temp("x_kid", (k for (k,) in self._kids(exclude_keys)))
        out = {}
        live = _LIVE_REF.format(extra=" AND kr.kid NOT IN (SELECT v FROM temp.x_kid)")
        for iri, u, norms, classes in self.db.execute(
                "SELECT r.iri, MIN(r.unlinked), group_concat(DISTINCT r.norms), group_concat(DISTINCT r.classes) "
                f"FROM rec r WHERE r.iri IN (SELECT v FROM temp.q_iri) AND {live} GROUP BY r.iri"):
            out[iri] = [not u, _split_groups(norms), _split_groups(classes)]
        return out

    def _kids(self, keys: Iterable[str]) -> list[tuple[int]]:
        out = []
        for chunk in _chunks(keys):
            out += self.db.execute(f"SELECT kid FROM cachekey WHERE key IN ({_qs(len(chunk))})", chunk).fetchall()
        return out

    def iris_named(self, norms: Iterable[str]) -> set[str]:
        """The IRIs live letters give one of these normalised names."""
        self._temp("q_norm", norms)
        live = _LIVE_REF.format(extra="")
        return {iri for (iri,) in self.db.execute(
            "SELECT DISTINCT r.iri FROM name n JOIN rec r ON r.rid = n.rid "
            f"WHERE n.norm IN (SELECT v FROM temp.q_norm) AND {live}")}

    def letters_with(self, iris: Iterable[str]) -> set[str]:
        """Names of the live letters whose entity records include one of ``iris``."""
        self._temp("q_iri", iris)
        return {n for (n,) in self.db.execute(
            "SELECT DISTINCT l.name FROM rec r JOIN key_rec kr ON kr.rid = r.rid "
            "JOIN letter l ON l.kid = kr.kid AND l.vto IS NULL WHERE r.iri IN (SELECT v FROM temp.q_iri)")}

    # ------------------------------------------------------------------ writer: changes (inside a transaction)

    def add_entities(self, db, key: str, records: list[list]) -> int:
        """The entity records of cache entry ``key`` (raw names, as ``cache.py`` stores them), once per key.

        Returns the key's number (``kid``).
        """
        row = db.execute("SELECT kid FROM cachekey WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        kid = db.execute("INSERT INTO cachekey(key) VALUES (?)", (key,)).lastrowid
        rids = set()
        for iri, unlinked, raw_names, classes in records:
            norms = sorted({n for n in map(normalise_name, raw_names) if n})
            rec = (iri, int(bool(unlinked)), SEP.join(norms), SEP.join(sorted(classes)))
            rid = self._rids.get(rec)
            if rid is None:
                got = db.execute("SELECT rid FROM rec WHERE iri = ? AND unlinked = ? AND norms = ? AND classes = ?",
                                 rec).fetchone()
                if got:
                    rid = got[0]
                else:
                    rid = db.execute("INSERT INTO rec(iri, unlinked, norms, classes) VALUES (?, ?, ?, ?)", rec).lastrowid
                    db.executemany("INSERT INTO name VALUES (?, ?)", ((n, rid) for n in norms))
                self._rids[rec] = rid
            rids.add(rid)
        db.executemany("INSERT INTO key_rec VALUES (?, ?)", ((kid, r) for r in sorted(rids)))
        return kid

    @staticmethod
    def _meta_and_kid(db, entry: dict) -> tuple[dict, tuple[int]]:
        """The entry's fields beyond the columns (merged over its stored ``meta``), and the id of its
        cache key (added to ``cachekey`` when new)."""
        meta = {k: v for k, v in entry.items() if k not in COLUMNS and k not in ("meta", "entities")}
        if "meta" in entry and entry["meta"] is not None:
            meta = {**json.loads(entry["meta"]), **meta}
        kid = db.execute("SELECT kid FROM cachekey WHERE key = ?", (entry["key"],)).fetchone()
        if kid is None:
            kid = (db.execute("INSERT INTO cachekey(key) VALUES (?)", (entry["key"],)).lastrowid,)
        return meta, kid

    @staticmethod
    def insert_letter(db, entry: dict, version: str) -> None:
        meta, kid = Records._meta_and_kid(db, entry)
        db.execute(f"INSERT INTO letter ({', '.join(COLUMNS)}, vfrom, meta, kid) VALUES ({_qs(len(COLUMNS) + 3)})",
                   [entry.get(c) for c in COLUMNS] + [version, json.dumps(meta, ensure_ascii=False, sort_keys=True),
                                                      kid[0]])

    @staticmethod
    def retire_letter(db, name: str, version: str) -> None:
        db.execute("UPDATE letter SET vto = ? WHERE name = ? AND vto IS NULL", (version, name))

    @staticmethod
    def update_in_place(db, entry: dict) -> None:
        """Stat info, or the cache key of a letter whose graph is unchanged (true of every version)."""
        meta, kid = Records._meta_and_kid(db, entry)
        db.execute("UPDATE letter SET key = ?, kid = ?, path = ?, size = ?, mtime_ns = ?, sha256 = ?, nq_bytes = ?, "
                   "meta = ? WHERE name = ? AND vto IS NULL",
                   (entry["key"], kid[0], entry["path"], entry["size"], entry["mtime_ns"], entry["sha256"],
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
            "SELECT COUNT(DISTINCT r.iri) FROM rec r WHERE r.unlinked = 1 AND EXISTS (SELECT 1 FROM key_rec kr "
            f"JOIN letter l ON l.kid = kr.kid AND {_visible('l')} WHERE kr.rid = r.rid) "
            f"AND r.iri NOT IN (SELECT m.iri FROM merge m WHERE {_visible('m')})", v).fetchone()[0]
        return unlinked, merged
    finally:
        r.close()
