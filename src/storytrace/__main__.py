"""``python -m storytrace`` runs the CLI."""

from .cli import main

main()
