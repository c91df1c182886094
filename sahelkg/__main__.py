"""``python -m sahelkg`` runs the CLI."""

from sahelkg.cli import main

main()
