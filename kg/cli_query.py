"""``kg query ...``: list and run the questions of the query pack (``queries/``).

The default backend is the embedded SPARQL store over a build's RDF export, so the pack works
with no server; ``--backend neo4j`` runs the Cypher form on a Neo4j loaded with ``kg load neo4j``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli_load import Database, Password, Uri, User
from kg.errors import PapergraphError

query_app = typer.Typer(help="The query pack: named questions in Cypher and SPARQL.", no_args_is_help=True,
                        rich_markup_mode=None)
BACKENDS = ("sparql", "neo4j")


def _fail(message: str) -> None:
    from kg.cli import _fail as fail
    fail(message, 1)


def _pack(folder: Optional[Path]):
    from kg.querypack import load_pack
    try:
        return load_pack(folder)
    except PapergraphError as err:
        _fail(str(err))


Pack = Annotated[Optional[Path], typer.Option("--pack", help="A folder of .cypher/.sparql questions "
                                                             "[default: the bundled pack].")]


@query_app.command("list")
def list_(pack: Pack = None):
    """The questions of the pack: name, question and parameters with their defaults."""
    from rich.console import Console
    from rich.table import Table
    t = Table(show_header=True)
    for col in ("name", "question", "parameters (default)"):
        t.add_column(col, overflow="fold")
    for name, q in _pack(pack).items():
        t.add_row(name, q.question, "\n".join(f"{p.name}={p.default!r}" for p in q.params))
    Console(soft_wrap=True).print(t)


@query_app.command("show")
def show(name: Annotated[str, typer.Argument(help="Question name (see `kg query list`).")],
         backend: Annotated[str, typer.Option("--backend", "-b", help="sparql or neo4j (Cypher).")] = "sparql",
         pack: Pack = None):
    """Print the text of a question (SPARQL or Cypher)."""
    from kg.querypack import get
    if backend not in BACKENDS:
        _fail(f"unknown backend {backend!r}; choose {' or '.join(BACKENDS)}")
    try:
        typer.echo(get(_pack(pack), name).text(backend), nl=False)
    except PapergraphError as err:
        _fail(str(err))


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _fail(f"bad --param {item!r}; write NAME=VALUE")
        params[key.strip()] = value
    return params


@query_app.command("run")
def run(name: Annotated[str, typer.Argument(help="Question name (see `kg query list`).")],
        param: Annotated[Optional[list[str]], typer.Option("--param", "-p",
                         help="NAME=VALUE (repeatable); the value is passed as a query parameter.")] = None,
        backend: Annotated[str, typer.Option("--backend", "-b", help="sparql (embedded, default) or neo4j.")]
        = "sparql",
        fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
        build: Annotated[Path, typer.Option("--build", help="Build directory (or RDF file) for the sparql "
                                                            "backend.")] = Path("out"),
        uri: Uri = "bolt://localhost:7687", user: User = "neo4j", password: Password = None,
        database: Database = None, pack: Pack = None):
    """Answer one question of the pack on the last build (SPARQL) or on Neo4j (Cypher)."""
    from kg.cli_rows import FORMATS, print_rows
    from kg.querypack import get, run_cypher, run_sparql
    if fmt not in FORMATS:
        _fail(f"unknown output format {fmt!r}; choose table, csv or json")
    if backend not in BACKENDS:
        _fail(f"unknown backend {backend!r}; choose {' or '.join(BACKENDS)}")
    try:
        q = get(_pack(pack), name)
        values = q.bind(_params(param or []))
        if backend == "neo4j":
            if not password:
                _fail("no Neo4j password: give --password or set NEO4J_PASSWORD")
            from loaders.neo4j_writer import connect
            with connect(uri, user, password) as driver:
                rows = run_cypher(driver, q, values, database=database)
        else:
            from loaders.sparql import open_store
            rows = run_sparql(open_store(build), q, values)
    except PapergraphError as err:
        _fail(str(err))
    print_rows(rows, fmt, title=q.question if fmt == "table" else None)


@query_app.command("browser")
def browser(out: Annotated[Path, typer.Option("--out", "-o", help="Zip file to write.")]
            = Path("papergraph-favorites.zip"),
            pack: Pack = None):
    """Write the pack as Neo4j Browser favorites (import the zip in Browser: Favorites > Import)."""
    from kg.querypack import write_browser_favorites
    questions = _pack(pack)
    path = write_browser_favorites(questions, out)
    typer.echo(f"{len(questions)} favorites -> {path}")
