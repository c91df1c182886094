"""``sahelkg build|add|load|query|export|stats``: the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sahelkg.cli import cli
from sahelkg.errors import QueryError, SahelkgError

STORE_OPTION = click.option("--store", type=click.Path(file_okay=False), default=None,
                            help="Store directory. Env: SAHELKG_STORE.")


def _with_store(settings, store):
    return settings.with_(store=Path(store)) if store else settings


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


@cli.command("build")
@STORE_OPTION
@click.option("--full", is_flag=True, help="Re-extract every letter into a fresh store, ignoring the cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Extraction processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON on stdout.")
@click.pass_obj
def build_cmd(settings, store, full, jobs, as_json):
    """Build the graph from seeds/ and added letters into the store (incrementally unless --full).

    The new store version replaces the current one atomically; a killed build leaves the old one.
    A letter that cannot be extracted is reported and the others are built; the exit code is then 1.
    """
    from sahelkg.graph.build import BuildFailed, build

    settings = _with_store(settings, store)
    try:
        report = build(settings, full=full, workers=jobs, echo=_echo_err)
    except BuildFailed as e:
        _print_build(settings, e.report, as_json)
        raise
    _print_build(settings, report, as_json)


def _print_build(settings, report, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.__dict__, indent=1, sort_keys=True))
        return
    if report.mode == "unchanged":
        click.echo(f"up to date: {report.quads} quads from {report.letters} letters in {settings.store} "
                   f"(version {report.version})", err=True)
        return
    click.echo(f"built {report.quads} quads from {report.letters} letters into {settings.store} "
               f"(version {report.version}, {report.mode}: {len(report.extracted)} extracted, "
               f"{len(report.replaced)} graphs replaced, {len(report.removed)} removed, "
               f"{report.seconds.get('total', 0):.2f} s)", err=True)


@cli.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@STORE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON.")
@click.pass_obj
def add_cmd(settings, file, store, as_json):
    """Add a letter (.txt, .md, .html, .pdf) to the corpus, load it, and print what was found."""
    from sahelkg.graph.add import add_letter

    settings = _with_store(settings, store)
    result = add_letter(settings, file, echo=_echo_err)
    entry = result["entry"] or {}
    if as_json:
        click.echo(json.dumps({k: v for k, v in result.items()}, indent=1, sort_keys=True, default=str))
        return
    if result["duplicate_of"]:
        click.echo(f"{file}: already in the graph as letter {result['duplicate_of']} (same text); not loaded again")
        return
    meta = entry.get("letter") or {}
    ident = " ".join(x for x in (meta.get("dossier"), meta.get("number") and f"nr. {meta['number']}") if x)
    click.echo(f"added {file} as letter {result['name']} (store version {result['version']})")
    click.echo(f"  date        {meta.get('date') or 'not found'}")
    click.echo(f"  identifier  {ident or 'not found'}" + (f" ({meta['chamber']})" if meta.get("chamber") else ""))
    click.echo(f"  quads       {entry.get('quads', 0)}")
    facts = entry.get("facts") or {}
    click.echo("  facts       " + (", ".join(f"{k} {v}" for k, v in facts.items()) if facts else "none"))
    um = entry.get("unlinked_mentions") or []
    click.echo(f"  unlinked    {len(um)}" + (": " + ", ".join(f"{s} ({n})" for s, n in um) if um else ""))
    for err in result.get("errors") or ():
        click.echo(f"sahelkg: warning: another letter failed: {err}", err=True)


@cli.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--graph", "graph", default=None, help="Named graph IRI to load into (default: the file's own graphs, "
                                                     "or the default graph for triple formats).")
@click.option("--format", "fmt", default=None, help="turtle, trig, nquads, ntriples, rdfxml, jsonld, n3 or a media type "
                                                    "(default: from the file name).")
@click.option("--append", is_flag=True, help="Add to the graph instead of replacing its content.")
@STORE_OPTION
@click.pass_obj
def load_cmd(settings, file, graph, fmt, append, store):
    """Load any RDF file into a named graph of the store (kept across rebuilds)."""
    from sahelkg.graph.load import load_file

    settings = _with_store(settings, store)
    res = load_file(settings, file, graph, fmt, append=append)
    click.echo(f"loaded {res['quads']} quads into {res['graph'] or 'the file’s graphs'} (store version {res['version']})",
               err=True)


QUERY_FORMATS = ["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]


@cli.command("query")
@click.argument("sparql", required=False)
@click.option("--file", "qfile", type=click.File("r"), default=None, help="Read the query from this file.")
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table")
@click.pass_obj
def query_cmd(settings, sparql, qfile, store, fmt):
    """Run a SPARQL query against the store (the default graph is the union of all graphs)."""
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

    from sahelkg.graph.store import open_store
    from sahelkg.namespaces import PREFIXES

    if qfile:
        sparql = qfile.read()
    if not sparql:
        raise click.UsageError("give a query or --file")
    st = open_store(store or settings.store, read_only=True)
    try:
        res = st.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QueryError(f"malformed query: {' '.join(str(e).split())}") from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"query failed: {' '.join(str(e).split())}") from None
    try:
        if isinstance(res, QuerySolutions):
            fmts = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
                    "xml": QueryResultsFormat.XML}
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
            sys.stdout.buffer.write(res.serialize(format=RdfFormat.N_TRIPLES if fmt == "ntriples" else RdfFormat.TURTLE))
    except (OSError, ValueError, RuntimeError) as e:
        if isinstance(e, BrokenPipeError):
            raise
        raise QueryError(f"query failed: {' '.join(str(e).split())}") from None


RESEARCH_FORMATS = ("csv", "graphml", "gexf")


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "jsonld", "ntriples", "html",
                                                    *RESEARCH_FORMATS]),
              default="turtle", show_default=True,
              help="RDF formats; csv (one table per fact type + datapackage.json, into the folder -o); "
                   "graphml/gexf (the actor network); html (the ontology reference, with --ontology).")
@click.option("--types", default=None, help="graphml/gexf: only these relation types (comma-separated).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="graphml/gexf: relations dated on or after (else their letter's date).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="graphml/gexf: relations dated on or before.")
@click.option("--letter", default=None, help="Only this letter's graph (its name, e.g. 000_825a412ac6e2827a).")
@click.option("--ontology", is_flag=True, help="Only the ontology graph.")
@click.option("--construct", default=None, help="The result of this CONSTRUCT query (or @FILE to read it from a file).")
@click.option("-o", "--output", default=None, help="Write to this file (atomically) instead of stdout.")
@click.option("--gzip", "gz", is_flag=True, help="Compress with gzip (implied by an output name ending in .gz).")
@STORE_OPTION
@click.pass_obj
def export_cmd(settings, fmt, types, date_from, date_to, letter, ontology, construct, output, gz, store):
    """Export the graph (or one letter, the ontology, a CONSTRUCT result), sorted so exports diff cleanly.

    Turtle and N-Triples flatten the named graphs; TriG, N-Quads and JSON-LD keep them (with provenance).
    For spreadsheets, R and Gephi: csv, graphml and gexf.
    """
    from sahelkg.graph.export import default_gzip, export

    if fmt == "html":
        if not ontology:
            raise click.UsageError("--format html exports the ontology reference: add --ontology")
        from sahelkg.ontology.reference import render_reference_html

        _write_text(render_reference_html(), output)
        return
    if fmt in RESEARCH_FORMATS:
        _export_research(settings, fmt, store, output, types, date_from, date_to, letter)
        return

    if sum(x is not None and x is not False for x in (letter, ontology or None, construct)) > 1:
        raise click.UsageError("choose one of --letter, --ontology, --construct")
    if construct and construct.startswith("@"):
        try:
            construct = Path(construct[1:]).read_text(encoding="utf-8")
        except OSError as e:
            raise SahelkgError(f"cannot read: {e.strerror}", where=construct[1:]) from None
    n = export(store or settings.store, settings.base_iri, fmt, output=output, gz=gz or default_gzip(output),
               letter=letter, ontology=ontology, construct=construct)
    if output and output != "-":
        click.echo(f"exported {n} quads to {output}", err=True)


def _write_text(text: str, output: str | None) -> None:
    if output and output != "-":
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


def _export_research(settings, fmt, store, output, types, date_from, date_to, letter) -> None:
    """CSV tables (a folder) or the actor network (GraphML/GEXF), from the current store version."""
    from sahelkg.graph.store import open_current

    if not output or output == "-":
        raise click.UsageError(f"--format {fmt} writes files: give -o {'FOLDER' if fmt == 'csv' else 'FILE'}")
    st = open_current(store or settings.store, read_only=True)
    if fmt == "csv":
        from sahelkg.graph.tables import write_tables

        files = write_tables(st, output)
        click.echo(f"wrote {len(files) - 1} tables and datapackage.json to {output}", err=True)
        return
    from sahelkg.graph.network import actor_network, write_network
    from sahelkg.namespaces import Iris

    letters = [Iris(settings.base_iri).letter(letter)] if letter else None
    g = actor_network(st, types=[t.strip() for t in types.split(",")] if types else None,
                      start=date_from.date() if date_from else None, end=date_to.date() if date_to else None,
                      letters=letters)
    write_network(g, output, fmt)
    click.echo(f"wrote {g.number_of_nodes()} actors and {g.number_of_edges()} relations to {output}", err=True)


@cli.command("stats")
@STORE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def stats_cmd(settings, store, as_json):
    """Quads, entities per class, facts per type, per letter, unlinked mentions."""
    from sahelkg.graph.stats import collect, format_table

    stats = collect(store or settings.store, settings.base_iri)
    if as_json:
        click.echo(json.dumps(stats, indent=1, ensure_ascii=False))
    else:
        click.echo(format_table(stats), nl=False)
