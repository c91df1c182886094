"""``sahelkg validate``: SHACL shapes over a store or a file."""

from __future__ import annotations

import click

from sahelkg.cli import cli


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--store", type=click.Path(file_okay=False), default=None)
@click.pass_obj
def validate_cmd(settings, file, store):
    """Validate the store (or FILE) against the SHACL shapes; print violations readably."""
    from sahelkg.ontology.validate import validate_main

    validate_main(settings, file=file, store=store)
