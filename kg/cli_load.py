"""``kg load ...``: move a build into a database."""
from __future__ import annotations

import typer

load_app = typer.Typer(help="Load a build into a database.", no_args_is_help=True)
