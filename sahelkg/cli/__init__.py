"""The ``sahelkg`` command line. Each area registers its commands in its own module, listed once here.

Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error.
"""

from __future__ import annotations

import os
import sys

import click

from sahelkg import __version__
from sahelkg.config import load_settings
from sahelkg.errors import SahelkgError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sahelkg")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Data folder (store, corpus). Env: SAHELKG_DATA.")
@click.option("--base-iri", default=None, help="Base IRI for minted resources. Env: SAHELKG_BASE_IRI.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, base_iri: str | None) -> None:
    """sahelkg: a knowledge graph of Dutch parliamentary letters on Mali and the Sahel."""
    ctx.obj = load_settings(data_dir=data_dir, base_iri=base_iri)


# The commands, registered in one visible place (modules import `cli` and add to it).
from sahelkg.cli import extract_cmds, graph_cmds, ontology_cmds, scale_cmds, server_cmds  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="sahelkg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("sahelkg: aborted", err=True)
        sys.exit(1)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:  # usage errors: exit 2
        ctx_usage = e.format_message()
        click.echo(f"sahelkg: {ctx_usage}", err=True)
        sys.exit(e.exit_code)
    except SahelkgError as e:
        click.echo(f"sahelkg: error: {e}", err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("sahelkg: interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # a bug, not a user mistake: one line, the traceback on request
        if os.environ.get("SAHELKG_DEBUG"):
            raise
        click.echo(f"sahelkg: internal error: {e.__class__.__name__}: {' '.join(str(e).split())[:300]} "
                   "(set SAHELKG_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)
    sys.exit(0)
