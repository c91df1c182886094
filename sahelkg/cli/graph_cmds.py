"""``sahelkg build|add|load|query|export|stats``: the store."""

from __future__ import annotations

import sys

import click

from sahelkg.cli import cli


@cli.command("build")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="Store directory. Env: SAHELKG_STORE.")
@click.option("--full", is_flag=True, help="Re-extract every letter, ignoring the cache.")
@click.pass_obj
def build_cmd(settings, store, full):
    """Build the graph from seeds/ and added letters into the store."""
    from sahelkg.graph.build import build

    if store:
        settings = settings.with_(store=__import__("pathlib").Path(store))
    report = build(settings, full=full)
    click.echo(f"built {report['quads']} quads from {report['letters']} letters into {settings.store}", err=True)


@cli.command("query")
@click.argument("sparql", required=False)
@click.option("--file", "qfile", type=click.File("r"), default=None, help="Read the query from this file.")
@click.option("--store", type=click.Path(file_okay=False), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]), default="table")
@click.pass_obj
def query_cmd(settings, sparql, qfile, store, fmt):
    """Run a SPARQL query against the store."""
    from pyoxigraph import QueryResultsFormat, QuerySolutions, QueryBoolean

    from sahelkg.graph.store import open_store

    if qfile:
        sparql = qfile.read()
    if not sparql:
        raise click.UsageError("give a query or --file")
    st = open_store(store or settings.store, read_only=True)
    res = st.query(sparql, use_default_graph_as_union=True)
    if isinstance(res, QuerySolutions):
        fmts = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
        if fmt in fmts:
            sys.stdout.buffer.write(res.serialize(format=fmts[fmt]))
            return
        names = [v.value for v in res.variables]
        click.echo("\t".join(names))
        for row in res:
            click.echo("\t".join("" if row[n] is None else getattr(row[n], "value", str(row[n])) for n in names))
    elif isinstance(res, QueryBoolean):
        click.echo("true" if bool(res) else "false")
    else:
        from pyoxigraph import RdfFormat

        sys.stdout.buffer.write(res.serialize(format=RdfFormat.N_TRIPLES if fmt == "ntriples" else RdfFormat.TURTLE))
