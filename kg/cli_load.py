"""``kg load ...``: move a build into a database.

``kg load neo4j [DIR]`` loads a build directory's ``graph.json`` into Neo4j 5 with
:class:`loaders.neo4j_writer.Neo4jWriter`. The writer raises typed errors; only this module
turns them into a message on stderr and exit code 1.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import PapergraphError
from loaders.neo4j_writer import DEFAULT_BATCH_SIZE

load_app = typer.Typer(help="Load a build into a database.", no_args_is_help=True, rich_markup_mode=None)
err_console = Console(stderr=True, soft_wrap=True)
out_console = Console(soft_wrap=True)


# Connection options, shared by every command that talks to Neo4j.
Uri = Annotated[str, typer.Option("--uri", envvar="NEO4J_URI",
                                  help="Bolt or routing URI of the server (bolt://, neo4j://, neo4j+s:// for Aura).")]
User = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="User name.")]
Password = Annotated[Optional[str], typer.Option("--password", envvar="NEO4J_PASSWORD", show_default=False,
                                                 help="Password (no default).")]
Database = Annotated[Optional[str], typer.Option("--database", "-d", envvar="NEO4J_DATABASE",
                                                 help="Database [default: the server's default]")]


def _fail(message: str, code: int = 1):
    err_console.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@load_app.command("neo4j")
def neo4j_(
    directory: Annotated[Path, typer.Argument(help="A build directory (with graph.json).")] = Path("out"),
    uri: Uri = "bolt://localhost:7687",
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = DEFAULT_BATCH_SIZE,
    wipe: Annotated[bool, typer.Option("--wipe", help="Delete every node and relationship of the database "
                                                      "first (asks for confirmation).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --wipe.")] = False,
):
    """Load a build into Neo4j 5: constraints and indexes, then nodes and relationships (idempotent MERGE)."""
    if not password:
        _fail("no Neo4j password: give --password or set NEO4J_PASSWORD")
    import logging
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # errors are reported below, once
    from kg.graph import label_counts, relation_counts
    from loaders.files import read_graph_json
    from loaders.neo4j_writer import Neo4jWriter, connect, db_counts
    from loaders.neo4j_writer import wipe as wipe_db
    try:
        graph = read_graph_json(directory)
    except PapergraphError as err:
        _fail(str(err))
    target = f"database {database!r}" if database else "the default database"
    try:
        with connect(uri, user, password) as driver:
            writer = Neo4jWriter(driver, database=database, batch_size=batch_size)
            version = writer.check()
            if wipe:
                if not yes and not typer.confirm(f"Delete every node and relationship of {target} at {uri}?"):
                    _fail("not wiped, nothing loaded (use --yes to skip the question)")
                deleted = wipe_db(driver, database)
                err_console.print(f"wiped {target}: {deleted} nodes deleted", highlight=False)
            with _progress() as progress:
                tasks = {"nodes": progress.add_task("nodes", total=graph.number_of_nodes()),
                         "relationships": progress.add_task("relationships", total=graph.number_of_edges())}
                writer.progress = lambda kind, n: progress.advance(tasks[kind], n)
                t0 = time.perf_counter()
                stats = writer.write(graph)
                seconds = time.perf_counter() - t0
            in_db_labels, in_db_types = db_counts(driver, database)
    except PapergraphError as err:
        _fail(str(err))

    table = Table(title=f"Neo4j {version} at {uri}, {target}")
    table.add_column("label / relationship type")
    table.add_column("in build", justify="right")
    table.add_column("in database", justify="right")
    build_labels, build_types = label_counts(graph), relation_counts(graph)
    for name in sorted(set(build_labels) | set(in_db_labels)):
        table.add_row(f"(:{name})", str(build_labels.get(name, 0)), str(in_db_labels.get(name, 0)))
    for name in sorted(set(build_types) | set(in_db_types)):
        table.add_row(f"[:{name}]", str(build_types.get(name, 0)), str(in_db_types.get(name, 0)))
    out_console.print(table)
    c = writer.counters
    rate = stats.relationships / seconds if seconds else 0.0
    out_console.print(
        f"loaded {stats.nodes} nodes and {stats.relationships} relationships from {directory} in {seconds:.1f}s "
        f"({rate:,.0f} relationships/s, batches of {batch_size}); created {c.get('nodes_created', 0)} nodes "
        f"and {c.get('relationships_created', 0)} relationships", highlight=False)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)
