"""``sahelkg serve``: the SPARQL endpoint and pages over a production WSGI server."""

from __future__ import annotations

import click

from sahelkg.cli import cli


@cli.command("serve")
@click.option("--host", default=None, help="Env: SAHELKG_HOST (127.0.0.1).")
@click.option("--port", type=int, default=None, help="Env: SAHELKG_PORT (8000).")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="Env: SAHELKG_STORE.")
@click.option("--workers", type=int, default=None, help="Env: SAHELKG_WORKERS.")
@click.option("--backend", default=None, metavar="URL",
              help="Answer from this SPARQL 1.1 endpoint (e.g. one filled by `sahelkg push`) instead of the "
                   "embedded store: same pages and API. Env: SAHELKG_BACKEND.")
@click.pass_obj
def serve_cmd(settings, host, port, store, workers, backend):
    """Serve the store read-only on http://HOST:PORT (gunicorn)."""
    import os

    from sahelkg.server.serve import serve

    backend = backend or os.environ.get("SAHELKG_BACKEND") or None
    extra = {"backend": backend} if backend else {}
    serve(settings, host=host, port=port, store=store, workers=workers, **extra)
