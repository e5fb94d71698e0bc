"""CLI commands for the rdf outputs; `register(app)` adds them to the `kg` app."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
