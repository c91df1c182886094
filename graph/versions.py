"""The store directory: immutable store versions and an atomically switched ``current`` link.

Layout of ``<store>/`` (see the package docstring for the whole picture)::

    current -> versions/<id>      symlink, replaced with rename(2): readers always see a whole version
    versions/<id>/                one complete Oxigraph (RocksDB) store, never written after the switch
    versions/<id>.json            its manifest (counts, ontology, loaded graphs), written before the switch
    records.sqlite                per-letter records and merges, versioned by row (``records.py``)
    versions/<id>.readers         lock file: readers hold a shared flock while they have <id> open
    versions/<id>.partial/        a version being built; never current; removed by the next build
    build.lock                    flock held by the one running build / add / load
    cache/                        per-letter extraction cache (``cache.py``)
    loaded/                       RDF files added with ``sahelkg load`` (re-loaded by a full build)

Version ids sort in creation order (``v<UTC time>-<counter>``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from sahelkg.errors import StoreError

CURRENT = "current"
VERSIONS = "versions"
PARTIAL = ".partial"
MANIFEST_FORMAT = 1


def fsync_dir(path: Path) -> None:
    """Make a rename/creation inside ``path`` durable."""
    fd = os.open(str(path), os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that a killed process leaves either the old file or the whole new one.

    ``durable`` also fsyncs file and folder, so that holds across a power cut; caches, which
    check what they read, skip that (it costs tens of milliseconds per file on some disks).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


class StoreLayout:
    """One store directory: its versions, its ``current`` link, its locks."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.versions = self.root / VERSIONS
        self.cache_dir = self.root / "cache"
        self.loaded_dir = self.root / "loaded"

    # ------------------------------------------------------------------ reading

    def is_versioned(self) -> bool:
        return (self.root / CURRENT).is_symlink() or self.versions.is_dir()

    def current_version(self) -> str | None:
        """The id of the version ``current`` points at, or None before the first build."""
        try:
            return Path(os.readlink(self.root / CURRENT)).name
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"cannot read the current version: {e}", where=str(self.root)) from None

    def version_dir(self, version: str) -> Path:
        return self.versions / version

    def manifest(self, version: str | None = None) -> dict | None:
        """The manifest of ``version`` (default: current), or None if there is none."""
        version = version or self.current_version()
        if version is None:
            return None
        p = self.versions / f"{version}.json"
        try:
            return json.loads(p.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            raise StoreError(f"unreadable manifest: {e}", where=str(p)) from None

    def all_versions(self) -> list[str]:
        if not self.versions.is_dir():
            return []
        return sorted(p.name for p in self.versions.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL))

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def build_lock(self):
        """Exclusive lock for a process that makes a new version (build, add, load)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / "build.lock", "a+b")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError("another build is running on this store", where=str(self.root)) from None
            yield
        finally:
            fh.close()

    def new_partial(self) -> tuple[str, Path]:
        """A fresh id and the ``.partial`` directory to build it in (not yet created)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        existing = set(os.listdir(self.versions))
        n = 0
        while True:
            version = f"v{stamp}-{n:03d}"
            if not any(e.startswith(version) for e in existing):
                break
            n += 1
        # ids must sort after the current one even if the clock went backwards
        cur = self.current_version()
        if cur and version <= cur:
            version = f"{cur}+"
        return version, self.versions / f"{version}{PARTIAL}"

    def commit(self, version: str, manifest: dict) -> None:
        """Install a finished ``.partial`` version: manifest, rename, then switch ``current`` atomically."""
        partial = self.versions / f"{version}{PARTIAL}"
        final = self.versions / version
        manifest = {**manifest, "version": version, "format": MANIFEST_FORMAT}
        write_atomic(self.versions / f"{version}.json",
                     json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode())
        os.replace(partial, final)
        fsync_dir(self.versions)
        tmp_link = self.root / f".{CURRENT}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp_link.unlink()
        os.symlink(f"{VERSIONS}/{version}", tmp_link)
        os.replace(tmp_link, self.root / CURRENT)
        fsync_dir(self.root)

    def move_aside_plain_store(self) -> Path | None:
        """A plain Oxigraph store at the root (an older sahelkg's layout) is moved into ``legacy-<time>/``.

        Nothing is deleted: the files stay there for the user to inspect or remove. Returns the folder.
        """
        if self.is_versioned() or not (self.root / "CURRENT").is_file() or not any(self.root.glob("MANIFEST-*")):
            return None
        aside = self.root / time.strftime("legacy-%Y%m%dT%H%M%S", time.gmtime())
        aside.mkdir()
        for p in list(self.root.iterdir()):
            if p.is_file() and p.name != "build.lock":
                os.replace(p, aside / p.name)
        fsync_dir(self.root)
        return aside

    def discard_partials(self) -> None:
        """Remove what killed or failed builds left behind (call under the build lock)."""
        if not self.versions.is_dir():
            return
        for p in self.versions.iterdir():
            if p.name.endswith(PARTIAL):
                shutil.rmtree(p, ignore_errors=True)
        for p in self.root.glob(f".{CURRENT}.*.tmp"):
            with contextlib.suppress(OSError):
                p.unlink()

    def prune(self, keep: int = 2) -> list[str]:
        """Delete versions older than the newest ``keep`` that no reader holds open; returns the deleted ids."""
        cur = self.current_version()
        deleted = []
        for version in self.all_versions()[:-keep] if keep else self.all_versions():
            if version == cur or not self._no_readers(version):
                continue
            shutil.rmtree(self.versions / version, ignore_errors=True)
            for suffix in (".json", ".readers"):
                with contextlib.suppress(FileNotFoundError):
                    (self.versions / f"{version}{suffix}").unlink()
            deleted.append(version)
        return deleted

    def _no_readers(self, version: str) -> bool:
        lock = self.versions / f"{version}.readers"
        if not lock.exists():
            return True
        with open(lock, "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True


# ---------------------------------------------------------------------- readers

_reader_locks: dict[tuple[str, str], object] = {}


def hold_reader_lock(layout: StoreLayout, version: str) -> None:
    """Take a shared flock on ``version`` for the life of this process (``prune`` then keeps it).

    Inherited by forked workers (gunicorn); released by :func:`release_reader` or at exit.
    """
    key = (str(layout.root.resolve()), version)
    if key in _reader_locks:
        return
    try:
        fh = open(layout.versions / f"{version}.readers", "a+b")
        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return  # a read-only file system or a pruning build: reading still works, only pruning is not held off
    _reader_locks[key] = fh


def release_reader(store_path: str | Path, version: str) -> None:
    """Release the shared lock taken when ``version`` was opened (after the store object is dropped)."""
    fh = _reader_locks.pop((str(Path(store_path).resolve()), version), None)
    if fh is not None:
        fh.close()
