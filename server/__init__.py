"""The sahelkg web front end: a Flask app over the read-only store.

``create_app(config)`` builds it from :class:`sahelkg.config.Settings` (or a dict of Flask config for
tests). Blueprints: :mod:`.sparql` (the endpoint), :mod:`.meta` (service/dataset descriptions,
health, dumps), :mod:`.pages` (query page, ontology), :mod:`.resources` (IRIs under the base),
:mod:`.letters`, :mod:`.actors` (JSON API and graph view).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def create_app(config=None) -> Flask:
    """The WSGI app. ``config``: a Settings, or a dict with STORE_PATH (and any of the keys below)."""
    from sahelkg.config import Settings, load_settings

    app = Flask(__name__)
    settings = config if isinstance(config, Settings) else load_settings()
    app.config.from_mapping(
        STORE_PATH=str(settings.store),
        BASE_IRI=settings.base_iri if settings.base_iri.endswith("/") else settings.base_iri + "/",
        QUERY_TIMEOUT=float(settings.query_timeout),
        ROW_LIMIT=int(settings.row_limit),
        MAX_CONTENT_LENGTH=int(settings.extra.get("max_body", 1024 * 1024)),
        JSON_SORT_KEYS=False,
    )
    if isinstance(config, dict):
        app.config.update(config)
    backend_url = settings.extra.get("backend") or app.config.get("BACKEND")  # serve --backend URL (backend.py)
    app.config["STORE_PATH"] = backend_url or str(Path(app.config["STORE_PATH"]))

    from sahelkg.server import accesslog, actors, letters, meta, pages, resources, security, sparql, timeline, views, watchdog

    for module in (sparql, meta, pages, resources, letters, actors, timeline):
        app.register_blueprint(module.bp)
    views.init_app(app)
    security.init_app(app)
    accesslog.init_app(app)
    watchdog.init_app(app)
    from sahelkg.server import ratelimit, reload

    ratelimit.init_app(app)
    reload.init_app(app)
    from sahelkg.server import cache

    cache.init_app(app)  # after the rate limiter: a cached answer still counts against a client's rate
    from sahelkg.server import lanes

    lanes.init_app(app)  # after the cache: a cached answer never waits for a heavy turn
    return app
