"""``sahelkg extract`` and ``sahelkg evaluate``: letters to RDF, no store."""

from __future__ import annotations

import sys

import click
from pyoxigraph import RdfFormat, serialize

from sahelkg.cli import cli
from sahelkg.cli.progress import progress
from sahelkg.errors import SahelkgError

RDF_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "jsonld": None}


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of stdout.")
@click.pass_obj
def extract_cmd(settings, files, fmt, output):
    """Extract FILE... (letters) to RDF on stdout; no store is touched.

    One bad letter is reported on stderr and the others are still extracted; the exit code is 1 if any failed.
    """
    from sahelkg.extract import extract_path, to_quads
    from sahelkg.graph.serialise import serialise_quads

    quads, failed = [], 0
    for f in progress(files, total=len(files), desc="extract"):
        try:
            extraction = extract_path(f)
        except SahelkgError as e:
            click.echo(f"sahelkg: error: {e}", err=True)
            failed += 1
            continue
        for w in extraction.warnings:
            click.echo(f"sahelkg: warning: {f}: {w}", err=True)
        quads.extend(to_quads(extraction, settings.base_iri))
    data = serialise_quads(quads, fmt)
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data)
    if failed:
        raise SahelkgError(f"{failed} of {len(files)} letters could not be extracted")


@cli.command("evaluate")
@click.option("--gold", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of gold annotations (default: tests/gold).")
@click.option("--passages", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of own passages (default: tests/passages beside the gold folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_obj
def evaluate_cmd(settings, gold, passages, as_json):
    """Precision, recall and F1 of the extractor against the gold annotations, per fact type and class."""
    from sahelkg.extract.evaluate import run_evaluation

    run_evaluation(gold_dir=gold, as_json=as_json, passages_dir=passages)
