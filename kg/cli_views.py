"""CLI commands for the views outputs; `register(app)` adds them to the `kg` app."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.views import MAX_PAGES, NODE_BUDGET


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("view")
    def view(directory: Annotated[Path, typer.Argument(help="A build directory (holding graph.json).")],
             out: Annotated[Optional[Path], typer.Option("--out", "-o",
                                                         help="Where to write the views [default: DIR/views].")] = None,
             budget: Annotated[int, typer.Option("--budget", min=10,
                                                 help="Most nodes per view; beyond it the most connected are kept.")]
             = NODE_BUDGET,
             max_pages: Annotated[int, typer.Option("--max-pages", min=0,
                                                    help="Most paper pages, and most entity pages; beyond it the "
                                                         "most connected get one.")] = MAX_PAGES):
        """Write the interactive HTML views (offline, no CDN) of a build, and their index.html."""
        from kg.cli import _fail, out_console
        from kg.errors import PapergraphError
        from kg.views import write_views
        from loaders.files import read_graph_json
        target = out if out is not None else directory / "views"
        try:
            G = read_graph_json(directory)
            index = write_views(G, target, budget=budget, max_pages=max_pages)
        except PapergraphError as err:
            _fail(str(err))
        except (ValueError, KeyError) as err:
            _fail(f"{directory}: graph.json cannot be read as a graph ({err})")
        except OSError as err:
            _fail(f"cannot write views to {target}: {err.strerror or err}")
        out_console.print(f"views of {G.number_of_nodes()} nodes written; open {index}", highlight=False,
                          soft_wrap=True)
