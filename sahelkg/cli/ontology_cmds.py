"""``sahelkg validate`` (SHACL over a store or a file) and ``sahelkg ontology ...`` (reasoner, reference, questions)."""

from __future__ import annotations

import sys

import click

from sahelkg.cli import cli


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--store", type=click.Path(file_okay=False), default=None)
@click.pass_obj
def validate_cmd(settings, file, store):
    """Validate the store (or FILE) against the SHACL shapes; print violations readably.

    FILE may be Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML (by suffix). Exit 1 when any
    shape is violated, 0 when the graph conforms.
    """
    from sahelkg.ontology.validate import validate_main

    validate_main(settings, file=file, store=store)


@cli.group("ontology")
def ontology_group():
    """The sahelkg ontology: reasoner check, HTML reference, competency questions."""


@ontology_group.command("check")
@click.option("--store", type=click.Path(file_okay=False), default=None,
              help="Also load every graph of this store (default: the ontology alone).")
@click.option("--with-store", is_flag=True, help="Load the configured store as well.")
@click.option("--reasoner", type=click.Choice(["hermit", "pellet"]), default="hermit", show_default=True)
@click.pass_obj
def check_cmd(settings, store, with_store, reasoner):
    """Run an OWL reasoner: exit 1 if the ontology (plus graph) is inconsistent or has unsatisfiable classes."""
    from sahelkg.errors import SahelkgError
    from sahelkg.ontology.reasoning import reason, store_graph

    extra = None
    if store or with_store:
        extra = store_graph(store or settings.store)
    report = reason(extra, reasoner=reasoner)
    if not report.consistent:
        for line in report.explanation.splitlines()[1:]:
            click.echo(line)
        raise SahelkgError(f"{reasoner}: inconsistent ({report.triples} triples)")
    if report.unsatisfiable:
        for iri in report.unsatisfiable:
            click.echo(f"unsatisfiable: {iri}")
        raise SahelkgError(f"{reasoner}: {len(report.unsatisfiable)} unsatisfiable classes")
    click.echo(f"{reasoner}: consistent, no unsatisfiable classes ({report.triples} triples)", err=True)


@ontology_group.command("reference")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the HTML here instead of stdout.")
def reference_cmd(output):
    """Write the HTML reference of the ontology's classes and properties (generated from the Turtle)."""
    from sahelkg.ontology.reference import render_reference_html

    html = render_reference_html()
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(html)
    else:
        sys.stdout.write(html)


@ontology_group.command("questions")
def questions_cmd():
    """List the competency questions (ontology/queries/*.rq): name and title."""
    from sahelkg.ontology.reference import competency_questions

    for q in competency_questions():
        click.echo(f"{q['name']}\t{q['title']}")
