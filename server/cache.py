"""Responses cached per store version, in each worker.

A server reads an immutable store version (a rebuild switches to a new one), so a GET answer is the
same for the same version, path, query string and ``Accept``: pages, the actor API, the timeline and
GET SPARQL queries are computed once per worker and version; so are SPARQL queries sent by POST
(form or direct body; the body's hash is part of the key). The version is part of the key, so a
switch shows on the next request; rate limiting runs before the cache (it is registered first), and
the headers every response carries (CORS, CSP) are added again on each hit.
``SAHELKG_RESPONSE_CACHE=off`` (or the app config ``RESPONSE_CACHE=False``) turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, current_app, g, request

MAX_ENTRIES = 1024
MAX_BODY = 2 * 1024 * 1024  # larger answers (dumps) are not kept
MAX_BYTES = 48 * 1024 * 1024  # all bodies of one worker's cache together (least recently used go first)
NOT_CACHED = ("/admin", "/health")
_SKIP_HEADERS = {"date", "content-length", "retry-after", "set-cookie"}


def init_app(app: Flask) -> None:
    cache: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
    lock = Lock()
    size = [0]  # bytes of the cached bodies

    def key_for_request():
        enabled = current_app.config.get("RESPONSE_CACHE", os.environ.get("SAHELKG_RESPONSE_CACHE", "on") != "off")
        if not enabled or request.path.startswith(NOT_CACHED):
            return None
        if request.method == "GET":
            what = request.full_path
        elif request.method == "POST" and request.path.rstrip("/") == "/sparql":
            # a query sent by POST (form or direct body) is as read-only as one sent by GET: the
            # body is part of the key (hashed; at most MAX_CONTENT_LENGTH, larger bodies get a 413)
            body = request.get_data(cache=True)
            what = (request.full_path, request.mimetype, request.mimetype_params.get("charset"),
                    hashlib.blake2b(body, digest_size=16).digest())
        else:
            return None
        from sahelkg.server.store import _version_now

        try:
            version = _version_now(current_app.config["STORE_PATH"])
        except Exception:  # noqa: BLE001 - no version, no caching; the view reports the store problem
            return None
        return (version, what, request.headers.get("Accept", ""))

    @app.before_request
    def answer_from_cache():
        key = key_for_request()
        if key is None:
            return None
        with lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
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
        with lock:
            old = cache.pop(key, None)
            size[0] += len(body) - (len(old[2]) if old else 0)
            cache[key] = (resp.status_code, headers, body)
            while len(cache) > MAX_ENTRIES or size[0] > MAX_BYTES:
                size[0] -= len(cache.popitem(last=False)[1][2])
        return resp
