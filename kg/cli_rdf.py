"""CLI commands for the RDF outputs: ``kg export rdf``, ``kg validate``, ``kg sparql``.

`register(app)` adds them to the `kg` app. Library errors (PapergraphError) become a message on
stderr and exit code 1 here, at the edge.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import PapergraphError

export_app = typer.Typer(help="Export a build to other formats.", no_args_is_help=True, add_completion=False,
                         rich_markup_mode=None)

Directory = Annotated[Path, typer.Argument(help="A build directory (from `kg build`).")]
Base = Annotated[str, typer.Option("--base", help="Base IRI; resources are minted as <base>resource/<id>.")]


def _fail(message: str) -> None:
    from kg.cli import _fail as fail
    fail(message, 1)


@export_app.command("rdf")
def export_rdf(directory: Directory,
               fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, jsonld or trig.")] = "ttl",
               base: Base = "https://w3id.org/papergraph/",
               out: Annotated[Optional[Path], typer.Option("--out", "-o",
                                                           help="Output file (default: DIR/graph.<ext>).")] = None):
    """Write the graph of a build as RDF (streamed; provenance as PROV-O statements)."""
    from loaders.files import read_graph_json
    from loaders.rdf import FORMATS, check_base, format_name, write_rdf
    try:
        name = format_name(fmt)
        check_base(base)
        G = read_graph_json(directory)
        target = out or directory / f"graph.{FORMATS[name][1]}"
        n = write_rdf(G, target, base=base, fmt=name)
    except PapergraphError as err:
        _fail(str(err))
    typer.echo(f"{n} triples -> {target}")


def validate(directory: Annotated[Path, typer.Argument(help="A build directory or an RDF file.")],
             base: Base = "https://w3id.org/papergraph/",
             limit: Annotated[int, typer.Option("--limit", help="Show at most this many violations (0: all).")] = 50):
    """Check an RDF export against the shipped SHACL shapes; exit 1 when it does not conform."""
    from loaders.rdf import validate as run
    try:
        conforms, violations = run(directory, base=base)
    except PapergraphError as err:
        _fail(str(err))
    except Exception as err:  # rdflib parse errors carry no common base class
        _fail(f"{directory}: cannot read the RDF export ({type(err).__name__}: {err})")
    if conforms:
        typer.echo(f"{directory}: conforms to the papergraph shapes")
        return
    shown = violations if limit <= 0 else violations[:limit]
    for v in shown:
        typer.echo(f"{v.severity.lower()}: {v}", err=True)
    more = f" ({len(violations) - len(shown)} more not shown)" if len(shown) < len(violations) else ""
    typer.echo(f"{directory}: does not conform: {len(violations)} problem(s){more}", err=True)
    raise typer.Exit(1)


def sparql(directory: Annotated[Path, typer.Argument(help="A build directory or an RDF file.")],
           query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a .sparql/.rq file.")],
           fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
           bind: Annotated[Optional[list[str]], typer.Option(
               "--bind", "-b", help="NAME=VALUE binding (repeatable); <...> binds an IRI, else a string.")] = None,
           base: Base = "https://w3id.org/papergraph/"):
    """Run a SPARQL query on an embedded store loaded from the build's RDF export."""
    from kg.cli_rows import FORMATS, print_rows
    from loaders.sparql import IRI, open_store, query, read_query
    if fmt not in FORMATS:
        _fail(f"unknown output format {fmt!r}; choose table, csv or json")
    bindings = {}
    for item in bind or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            _fail(f"bad --bind {item!r}; write NAME=VALUE")
        bindings[name] = IRI(value[1:-1]) if value.startswith("<") and value.endswith(">") else value
    try:
        text = read_query(query_or_file)
        rows = query(open_store(directory), text, bindings, base=base)
    except PapergraphError as err:
        _fail(str(err))
    print_rows(rows, fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(export_app, name="export", help="Export a build (RDF: ttl, nt, jsonld, trig).")
    app.command("validate")(validate)
    app.command("sparql")(sparql)
