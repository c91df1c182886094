"""``sahelkg push``: hand the graph over to an existing SPARQL 1.1 server."""

from __future__ import annotations

import os

import click

from sahelkg.cli import cli


@cli.command("push")
@click.argument("endpoint")
@click.option("--graph-store", default=None,
              help="Graph Store HTTP Protocol URL (default: ENDPOINT; Virtuoso: http://HOST:8890/sparql-graph-crud).")
@click.option("--update", "update_url", default=None, help="SPARQL Update URL (default: ENDPOINT).")
@click.option("--user", default=None, help="User for HTTP authentication. Env: SAHELKG_PUSH_USER.")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="Env: SAHELKG_STORE.")
@click.pass_obj
def push_cmd(settings, endpoint, graph_store, update_url, user, store):
    """Publish every named graph of the store to ENDPOINT (a SPARQL 1.1 server), replacing ours there.

    The password, if any, comes from SAHELKG_PUSH_PASSWORD (never from the command line).
    """
    from sahelkg.graph.push import Remote, push
    from sahelkg.graph.store import open_store

    user = user or os.environ.get("SAHELKG_PUSH_USER")
    auth = (user, os.environ.get("SAHELKG_PUSH_PASSWORD", "")) if user else None
    remote = Remote(endpoint=endpoint, graph_store=graph_store or endpoint, update=update_url or endpoint, auth=auth)
    report = push(open_store(store or settings.store, read_only=True), remote, settings.base_iri)
    click.echo(f"pushed {report.triples} triples in {len(report.graphs)} graphs to {endpoint}"
               + (f"; dropped {len(report.dropped)} stale graphs" if report.dropped else ""), err=True)
