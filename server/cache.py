"""Responses cached per store version, on disk, shared by every worker of the server.

A server reads an immutable store version (a rebuild switches to a new one), so a GET answer is the
same for the same version, path, query string and ``Accept``: pages, the actor API, the timeline and
GET SPARQL queries are computed once per server and version; so are SPARQL queries sent by POST
(form or direct body; the body's hash is part of the key). The version is part of the key, so a
switch shows on the next request; rate limiting runs before the cache (it is registered first), and
the headers every response carries (CORS, CSP) are added again on each hit.

The answers live in a :mod:`diskcache` (SQLite, WAL) folder, not in the workers' memory: one worker's
answer serves the others, a worker that is replaced (killed, recycled) starts warm, and a worker's
memory does not grow as the cache fills. The folder holds at most ``SAHELKG_RESPONSE_CACHE_MB``
(default 256) MiB; the answers stored longest ago go first, so those of an old store version leave
as new ones come. Folder: ``SAHELKG_RESPONSE_CACHE_DIR``, else ``cache/responses`` beside the store
(in the data folder), else, if that cannot be written, one under the system's temporary folder
named after the store. The cache never fails a request: if it cannot be read or written (disk
full, locked for longer than ``WRITE_WAIT``, removed) the answer is computed or sent as if uncached,
and the first such problem of a worker is logged.

Only versioned stores (what ``sahelkg build``/``load`` make) and remote backends (whose stand-in
version changes every few minutes, see :func:`.backend.remote_version`) are cached; a plain Oxigraph
folder served as it is has no version to key on.

``SAHELKG_RESPONSE_CACHE=off`` (or the app config ``RESPONSE_CACHE=False``) turns it off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Flask, Response, current_app, g, request

MAX_BODY = 2 * 1024 * 1024  # larger answers (dumps) are not kept
DEFAULT_MB = 256
WRITE_WAIT = 0.25  # s a request waits for the cache's write lock before it gives up storing its answer
NOT_CACHED = ("/admin", "/health")
_SKIP_HEADERS = {"date", "content-length", "retry-after", "set-cookie"}

log = logging.getLogger("sahelkg.cache")


def _code_version() -> str:
    """A hash of what the pages are made of besides the store: the server's code, templates and
    static files, and the ontology with its competency questions (the query page's examples). An
    upgraded server never answers from what the old one cached in the same folder."""
    from sahelkg.resources import ontology_dir

    h = hashlib.blake2b(digest_size=8)
    server = Path(__file__).resolve().parent
    ontology = ontology_dir()
    for folder in (server, server / "templates", server / "static", ontology, ontology / "queries"):
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                if p.is_file() and p.suffix in {".py", ".html", ".js", ".css", ".yaml", ".svg", ".ttl", ".rq", ".jsonld"}:
                    h.update(p.name.encode())
                    h.update(p.read_bytes())
    return h.hexdigest()


CODE_VERSION = _code_version()


_NOT_SHAPING = {"ARBITER_PID", "ADMIN_TOKEN", "SECRET_KEY", "RESPONSE_CACHE_DIR", "RESPONSE_CACHE_MB"}  # per run, or secret


def _config_version(config) -> str:
    """The settings that shape an answer (base IRI, row limit, time limit, …): two servers with
    different settings over one store never share answers."""
    simple = sorted((k, v) for k, v in config.items()
                    if k not in _NOT_SHAPING and isinstance(v, (str, int, float, bool, type(None))))
    return hashlib.blake2b(repr(simple).encode(), digest_size=8).hexdigest()


def cache_dir(store_path: str) -> Path:
    """Where the answers for the store (or remote backend) at ``store_path`` are kept (see module doc)."""
    configured = os.environ.get("SAHELKG_RESPONSE_CACHE_DIR")
    if configured:
        return Path(configured)
    from sahelkg.server import backend

    if not backend.is_remote(store_path):
        beside = Path(store_path).resolve().parent / "cache" / "responses"
        if _writable(beside):
            return beside
    name = hashlib.blake2b(str(store_path).encode(), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"sahelkg-{os.getuid()}-responses-{name}"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        return False


class ResponseCache:
    """The on-disk answers of one server; opened lazily in each worker (after the fork)."""

    def __init__(self, folder: Path, size_mb: int) -> None:
        self.folder = folder
        self.size_mb = size_mb
        self._cache = None
        self._open_lock = threading.Lock()
        self._warned = False

    def _open(self):
        if self._cache is None:
            with self._open_lock:
                if self._cache is None:
                    import diskcache

                    self._cache = diskcache.Cache(
                        str(self.folder), timeout=WRITE_WAIT, size_limit=self.size_mb * 2**20,
                        eviction_policy="least-recently-stored",  # a hit is a read only, never a write
                        sqlite_mmap_size=0,  # read through the OS page cache, not mapped into each worker
                        sqlite_cache_size=64,  # pages per connection (one connection per request thread)
                    )
        return self._cache

    def _problem(self, what: str, e: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("response cache %s: %s failed (%s: %s); answers are computed without it until it works",
                        self.folder, what, type(e).__name__, e)

    def get(self, key: bytes):
        try:
            return self._open().get(key)
        except Exception as e:  # noqa: BLE001 - a broken cache is a slower server, never a failed request
            self._problem("read", e)
            return None

    def set(self, key: bytes, value) -> None:
        try:
            self._open().set(key, value, retry=False)
        except Exception as e:  # noqa: BLE001 - disk full, locked, removed: the answer is still sent
            self._problem("write", e)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


def _enabled() -> bool:
    return bool(current_app.config.get("RESPONSE_CACHE", os.environ.get("SAHELKG_RESPONSE_CACHE", "on") != "off"))


def init_app(app: Flask) -> None:
    folder = Path(app.config.get("RESPONSE_CACHE_DIR") or cache_dir(app.config["STORE_PATH"]))
    size_mb = int(app.config.get("RESPONSE_CACHE_MB") or os.environ.get("SAHELKG_RESPONSE_CACHE_MB", DEFAULT_MB))
    cache = app.extensions["sahelkg.response_cache"] = ResponseCache(folder, size_mb)

    def key_for_request() -> bytes | None:
        if not _enabled() or request.path.startswith(NOT_CACHED):
            return None
        if request.method == "GET":
            what = [request.full_path]
        elif request.method == "POST" and request.path.rstrip("/") == "/sparql":
            # a query sent by POST (form or direct body) is as read-only as one sent by GET: the
            # body is part of the key (at most MAX_CONTENT_LENGTH, larger bodies get a 413)
            what = [request.full_path, request.mimetype, request.mimetype_params.get("charset") or "",
                    hashlib.blake2b(request.get_data(cache=True), digest_size=16).hexdigest()]
        else:
            return None
        from sahelkg.server.store import _version_now

        try:
            version = _version_now(current_app.config["STORE_PATH"])
        except Exception:  # noqa: BLE001 - no version, no caching; the view reports the store problem
            return None
        if version is None:  # a plain, unversioned store folder: nothing tells its contents apart over time
            return None
        parts = [CODE_VERSION, _config_version(current_app.config), request.method, str(version), *what,
                 request.headers.get("Accept", "")]
        return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).digest()

    @app.before_request
    def answer_from_cache():
        key = key_for_request()
        if key is None:
            return None
        hit = cache.get(key)
        g.cache = "miss" if hit is None else "hit"
        if hit is None:
            g.cache_key = key
            return None
        status, headers, body = hit
        return Response(body, status=status, headers=headers)

    @app.after_request
    def remember(resp: Response) -> Response:
        key = g.pop("cache_key", None)
        if key is None or resp.status_code != 200 or resp.direct_passthrough or resp.is_streamed:
            return resp
        body = resp.get_data()
        if len(body) > MAX_BODY:
            return resp
        headers = [(k, v) for k, v in resp.headers.items()
                   if k.lower() not in _SKIP_HEADERS and not k.lower().startswith("x-ratelimit")]
        cache.set(key, (resp.status_code, headers, body))
        return resp
