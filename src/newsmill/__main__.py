"""``python -m newsmill`` runs the command line."""

from .cli import main

main()
