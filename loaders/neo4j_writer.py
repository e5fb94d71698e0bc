"""Load a papergraph graph into a real Neo4j 5, idempotently and in batches.

The writer works on a ``neo4j`` driver (the caller opens and closes it) and takes the
networkx graph of a build (``loaders.files.read_graph_json``):

1. checks the server (reachable, credentials, Neo4j 5 or newer, database present);
2. creates a uniqueness constraint on ``id`` for every label, range indexes on ``name``
   (entity labels) and ``title`` (Paper), and one full-text index over names, aliases and titles;
3. merges nodes grouped by label set, ``UNWIND $rows AS row MERGE (n:Label {id: row.id})``;
4. merges relationships grouped by (type, start label, end label), matching both ends on
   label + ``id`` so every lookup uses the constraint's index.

Labels and relationship types written into query text come only from the closed sets of
``kg.model.Label`` and ``kg.model.Rel``; every value travels as a query parameter. Loading the
same build twice changes no count; loading another build adds to the graph and merges the
entities the two share (same ``id``); aliases of a shared entity are united.

>>> from neo4j import GraphDatabase                         # doctest: +SKIP
>>> with GraphDatabase.driver(uri, auth=(user, password)) as driver:   # doctest: +SKIP
...     stats = Neo4jWriter(driver).write(read_graph_json("out"))
"""
from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter

import networkx as nx

from kg.errors import WriterError
from kg.model import Label, Rel, WriteStats

__all__ = [
    "Neo4jLoadError", "Neo4jUnreachable", "Neo4jAuthFailed", "Neo4jDatabaseNotFound",
    "Neo4jVersionUnsupported", "Neo4jWriter", "LABELS", "REL_TYPES", "ENTITY_LABELS", "REL_PROPERTIES",
    "check_version", "connect", "db_counts", "wipe",
]

#: The closed sets: the only names ever written into Cypher text.
LABELS: tuple[str, ...] = tuple(lab.value for lab in Label)
REL_TYPES: tuple[str, ...] = tuple(rel.value for rel in Rel)
#: Labels whose nodes carry ``name`` (and ``aliases``): a range index on ``name`` each.
ENTITY_LABELS: tuple[str, ...] = tuple(lab for lab in LABELS if lab not in ("Paper", "Result"))
FULLTEXT_INDEX = "papergraph_text"
MIN_MAJOR_VERSION = 5
#: Measured (bench/neo4j_load.py): 2000 costs the server less CPU per relationship than 5000 or 10000.
DEFAULT_BATCH_SIZE = 2000
#: Two sessions keep both ends busy: the server merges one batch while the next is sent.
DEFAULT_WORKERS = 2

#: Relationship properties (provenance) sent as list items and set by name; names fixed here,
#: so no name in the query text comes from data. Other link properties travel in a map.
REL_PROPERTIES: tuple[str, ...] = ("evidence", "start", "end", "section", "extractor", "confidence", "paper")
#: Node keys that are structure, not properties.
_NODE_KEYS = frozenset({"id", "label", "labels"})
#: Link keys that are structure, not properties (everything else, e.g. provenance, is kept).
_LINK_KEYS = frozenset({"source", "target", "key", "type"})

_HINT_START = "start one with `docker compose up -d` or `scripts/neo4j-local start`"


# ------------------------------------------------------------------------------- errors
class Neo4jLoadError(WriterError):
    """Loading into Neo4j failed; the message says why and what to do."""


class Neo4jUnreachable(Neo4jLoadError):
    """No Neo4j answers at the URI."""


class Neo4jAuthFailed(Neo4jLoadError):
    """The server refused the user name or password."""


class Neo4jDatabaseNotFound(Neo4jLoadError):
    """The database asked for does not exist on the server."""


class Neo4jVersionUnsupported(Neo4jLoadError):
    """The server is older than Neo4j 5."""


def check_version(versions: Iterable[str]) -> str:
    """The server version if it is Neo4j 5 or newer, else raise :class:`Neo4jVersionUnsupported`.

    Calendar versions (2025.01 and later) count as newer than 5.

    >>> check_version(["5.26.30"])
    '5.26.30'
    >>> check_version(["2025.06.0"])
    '2025.06.0'
    >>> check_version(["4.4.12"])
    Traceback (most recent call last):
    ...
    loaders.neo4j_writer.Neo4jVersionUnsupported: Neo4j 4.4.12 is not supported: papergraph needs Neo4j 5 or newer
    """
    versions = list(versions)
    version = versions[0] if versions else ""
    m = re.match(r"\s*(\d+)", version)
    if not m:
        raise Neo4jVersionUnsupported(f"cannot tell the Neo4j version from {version!r}: "
                                      f"papergraph needs Neo4j {MIN_MAJOR_VERSION} or newer")
    if int(m.group(1)) < MIN_MAJOR_VERSION:
        raise Neo4jVersionUnsupported(f"Neo4j {version} is not supported: "
                                      f"papergraph needs Neo4j {MIN_MAJOR_VERSION} or newer")
    return version


def _translate(err: Exception, address: str, database: str | None) -> Exception:
    """A papergraph error for a driver error, or ``err`` itself when it is not one we know."""
    from neo4j import exceptions as ne
    where = f"Neo4j at {address}" if address else "Neo4j"
    if isinstance(err, ne.AuthError):
        return Neo4jAuthFailed(f"authentication failed on {where}: wrong user name or password "
                               f"(--user/--password or NEO4J_USER/NEO4J_PASSWORD)")
    if isinstance(err, (ne.ServiceUnavailable, ne.SessionExpired)):
        return Neo4jUnreachable(f"cannot connect to {where}: {_oneline(err)}. Is the server running? "
                                f"({_HINT_START})")
    if isinstance(err, ne.Neo4jError) and err.code == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jDatabaseNotFound(
            f"database {database!r} does not exist on {where} "
            f"(Neo4j Community has only 'neo4j' and 'system'; create it with "
            f"`CREATE DATABASE {database}` on Enterprise, or leave --database out)")
    if isinstance(err, ne.ConfigurationError):
        return Neo4jLoadError(f"cannot use {where}: {_first_line(err)}")
    if isinstance(err, ne.Neo4jError):
        return Neo4jLoadError(f"{where} refused the request: {err.code}: {_first_line(err)}")
    if isinstance(err, ne.DriverError):
        return Neo4jLoadError(f"{where}: {type(err).__name__}: {_first_line(err)}")
    return err


def _oneline(err: Exception) -> str:
    msg = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(msg).split()).rstrip(".")


def _first_line(err: Exception) -> str:
    msg = getattr(err, "message", None) or str(err) or type(err).__name__
    return str(msg).strip().splitlines()[0]


# ------------------------------------------------------------------------------- rows
def _value(v):
    """A property value Neo4j can store: lists stay lists (nulls dropped), maps become JSON text."""
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        items = [x for x in v if x is not None]
        if any(isinstance(x, (dict, list, tuple)) for x in items):
            return json.dumps(items, sort_keys=True, ensure_ascii=False)
        return items
    return v


def _props(data: dict, skip: frozenset) -> dict:
    """Properties without structure keys and without nulls."""
    return {k: _value(v) for k, v in data.items() if k not in skip and v is not None}


def _labels_of(node: str, data: dict) -> tuple[str, ...]:
    """Primary label first, then the others, each checked against the closed set."""
    primary = data.get("label")
    labels = list(data.get("labels") or ([primary] if primary else []))
    if primary and primary in labels:
        labels.remove(primary)
        labels.insert(0, primary)
    if not labels:
        raise WriterError(f"node {node!r} has no label")
    for lab in labels:
        if lab not in LABELS:
            raise WriterError(f"node {node!r} has label {lab!r}, not one of {', '.join(LABELS)}")
    return tuple(dict.fromkeys(labels))


def node_groups(G: nx.MultiDiGraph) -> dict[tuple[str, ...], list[dict]]:
    """Node rows ``{"id", "props", "aliases"}`` grouped by label set (primary label first).

    ``aliases`` travels apart from ``props`` so that loading merges the lists of a shared entity.
    """
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        props = _props(data, _NODE_KEYS)
        aliases = props.pop("aliases", None)
        if aliases is not None and not isinstance(aliases, list):
            aliases = [aliases]
        groups[_labels_of(node, data)].append({"id": node, "props": props, "aliases": aliases})
    return dict(sorted(groups.items()))


#: A relationship group: (type, start label, end label, properties set, extras map sent).
RelGroup = tuple[str, str, str, tuple[str, ...], bool]


def relationship_groups(G: nx.MultiDiGraph) -> dict[RelGroup, list[list]]:
    """Relationship rows grouped by type, end labels and shape (which provenance values are set).

    A row is a flat list ``[source, target, *values]``: the non-null values of the group's
    property names, in ``REL_PROPERTIES`` order, then a map of any other link property when the
    group's ``extras`` is true. Flat rows without nulls pack in half the client time of nested
    maps, and the server sets only what is there.
    """
    groups: dict[RelGroup, list[list]] = defaultdict(list)
    for key, row in _relationship_rows(G):
        groups[key].append(row)
    return dict(sorted(groups.items()))


def relationship_batches(G: nx.MultiDiGraph, size: int) -> Iterator[tuple[RelGroup, list[list]]]:
    """The rows of :func:`relationship_groups` as batches of at most ``size``, each yielded as soon
    as it is full (so the server can work while the rest is built) and sorted by source ``id``
    (so concurrent batches lock shared start nodes in one order and cannot deadlock on them).
    """
    groups: dict[RelGroup, list[list]] = {}
    for key, row in _relationship_rows(G):
        rows = groups.setdefault(key, [])
        rows.append(row)
        if len(rows) >= size:
            yield key, sorted(groups.pop(key), key=itemgetter(0))
    for key, rows in sorted(groups.items()):
        yield key, sorted(rows, key=itemgetter(0))


def _relationship_rows(G: nx.MultiDiGraph) -> Iterator[tuple[RelGroup, list]]:
    """``(group, row)`` for every relationship, checked against the closed sets."""
    primary = {n: _labels_of(n, d)[0] for n, d in G.nodes(data=True)}
    known_types = frozenset(REL_TYPES)
    plain = _LINK_KEYS | frozenset(REL_PROPERTIES)
    shapes: dict[tuple[bool, ...], tuple[str, ...]] = {}
    for u, targets in G.adj.items():          # (faster than G.edges(keys=True, data=True))
        pu = primary[u]
        for v, by_key in targets.items():
            pv = primary[v]
            for key, data in by_key.items():
                rel = data.get("type") or key
                if rel not in known_types:
                    raise WriterError(f"relationship {u!r} -[{rel}]-> {v!r}: "
                                      f"type not one of {', '.join(REL_TYPES)}")
                values = [data.get(k) for k in REL_PROPERTIES]
                mask = tuple(x is not None for x in values)
                names = shapes.get(mask)
                if names is None:
                    names = shapes[mask] = tuple(k for k, present in zip(REL_PROPERTIES, mask) if present)
                row = [u, v, *(x for x in values if x is not None)]
                extras = None if plain.issuperset(data) else (_props(data, plain) or None)
                if extras:
                    row.append(extras)
                yield (rel, pu, pv, names, bool(extras)), row


def _batched(rows: list, size: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _node_batches(groups: dict[tuple[str, ...], list[dict]], size: int) -> Iterator[tuple[str, list, None]]:
    for labels, rows in groups.items():
        query = node_query(labels)
        for batch in _batched(rows, size):
            yield query, batch, None


def check_relationship_types(G: nx.MultiDiGraph) -> None:
    """Raise :class:`WriterError` for a relationship type outside ``REL_TYPES`` (a quick pass, before writing)."""
    known_types = frozenset(REL_TYPES)
    for u, v, key, rel in G.edges(keys=True, data="type"):
        if (rel or key) not in known_types:
            raise WriterError(f"relationship {u!r} -[{rel or key}]-> {v!r}: type not one of {', '.join(REL_TYPES)}")


def _locked_labels(start: str, end: str) -> frozenset | None:
    """Labels whose nodes a batch may lock in any order; two batches sharing one never run at once.

    Paper start nodes are left out: every batch is sorted by source ``id`` and so locks them in
    one global order, which cannot deadlock. None (a Paper end) means: run alone.
    """
    if end == "Paper":
        return None
    return frozenset({end} if start == "Paper" else {start, end})


class _Scheduler:
    """Batches waiting for a writer thread; hands out only those whose labels no running batch locks."""

    def __init__(self):
        self._cond = threading.Condition()
        self._pending: list[tuple[str, list, frozenset | None]] = []
        self._busy: list[frozenset | None] = []
        self._closed = False
        self.error: BaseException | None = None

    def put(self, item: tuple[str, list, frozenset | None]) -> None:
        with self._cond:
            self._pending.append(item)
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def fail(self, err: BaseException) -> None:
        with self._cond:
            self.error = self.error or err
            self._cond.notify_all()

    def take(self) -> tuple[str, list, frozenset | None] | None:
        """The first pending batch that can run now; None when all is done or a writer failed."""
        with self._cond:
            while self.error is None:
                for i, item in enumerate(self._pending):
                    if self._free(item[2]):
                        self._busy.append(item[2])
                        return self._pending.pop(i)
                if self._closed and not self._pending:
                    return None
                self._cond.wait()
            return None

    def release(self, locked: frozenset | None) -> None:
        with self._cond:
            self._busy.remove(locked)
            self._cond.notify_all()

    def _free(self, locked: frozenset | None) -> bool:
        if locked is None:
            return not self._busy
        return all(busy is not None and not (busy & locked) for busy in self._busy)


# ------------------------------------------------------------------------------- Cypher
def _check(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:  # never reached with data from a graph: groups are checked; a guard
        raise WriterError(f"{name!r} is not a known label or relationship type")
    return name


def schema_statements() -> list[str]:
    """Constraints and indexes, each ``IF NOT EXISTS`` (so re-running is harmless)."""
    stmts = [f"CREATE CONSTRAINT {lab.lower()}_id IF NOT EXISTS FOR (n:{lab}) REQUIRE n.id IS UNIQUE"
             for lab in LABELS]
    stmts += [f"CREATE INDEX {lab.lower()}_name IF NOT EXISTS FOR (n:{lab}) ON (n.name)" for lab in ENTITY_LABELS]
    stmts.append("CREATE INDEX paper_title IF NOT EXISTS FOR (n:Paper) ON (n.title)")
    # Neo4j 5 full-text indexes take STRING and LIST<STRING> properties, so aliases is indexed as is.
    stmts.append(f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
                 f"FOR (n:{'|'.join(ENTITY_LABELS + ('Paper',))}) ON EACH [n.name, n.aliases, n.title]")
    return stmts


def node_query(labels: tuple[str, ...]) -> str:
    """MERGE on the primary label's ``id`` (its constraint index); extra labels set after.

    ``ON CREATE`` / ``ON MATCH`` rather than a plain ``SET`` keeps the plan free of Eager
    operators; on a match the stored aliases are united with the row's, in order.
    """
    primary, *extra = (_check(lab, LABELS) for lab in labels)
    set_labels = f"n:{':'.join(extra)}, " if extra else ""
    merged = ("CASE WHEN row.aliases IS NULL THEN n.aliases ELSE coalesce(n.aliases, []) + "
              "[a IN row.aliases WHERE NOT a IN coalesce(n.aliases, [])] END")
    return (f"UNWIND $rows AS row MERGE (n:{primary} {{id: row.id}}) "
            f"ON CREATE SET {set_labels}n += row.props, n.aliases = row.aliases "
            f"ON MATCH SET {set_labels}n += row.props, n.aliases = {merged}")


def relationship_query(rel: str, start: str, end: str, names: tuple[str, ...] = REL_PROPERTIES,
                       extras: bool = False) -> str:
    """MATCH both ends on label + id (index seeks), MERGE the relationship, set its properties.

    Rows are those of :func:`relationship_groups`: ``[source, target, *values of names]`` and,
    with ``extras``, a map of other properties last. Property names come from ``REL_PROPERTIES``.
    """
    rel, start, end = _check(rel, REL_TYPES), _check(start, LABELS), _check(end, LABELS)
    sets = [f"r.{_check(name, REL_PROPERTIES)} = row[{i}]" for i, name in enumerate(names, start=2)]
    if extras:
        sets.append(f"r += row[{len(names) + 2}]")
    set_clause = f" SET {', '.join(sets)}" if sets else ""
    return (f"UNWIND $rows AS row MATCH (a:{start} {{id: row[0]}}) MATCH (b:{end} {{id: row[1]}}) "
            f"MERGE (a)-[r:{rel}]->(b){set_clause}")


# ------------------------------------------------------------------------------- writer
class Neo4jWriter:
    """Write a papergraph graph into Neo4j with ``UNWIND $rows ... MERGE`` batches.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver; the writer never closes it.
    database : str, optional
        Target database; the server's default (home) database when None.
    batch_size : int
        Rows per transaction.
    workers : int
        Sessions merging relationships at once (nodes are merged by one); 1 sends every batch in turn.
    progress : callable, optional
        Called as ``progress(kind, n)`` after each batch, kind ``"nodes"`` or ``"relationships"``.

    Raises
    ------
    Neo4jUnreachable, Neo4jAuthFailed, Neo4jDatabaseNotFound, Neo4jVersionUnsupported, Neo4jLoadError
        From :meth:`check` and :meth:`write`, with a message for the user.
    """

    def __init__(self, driver, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 progress: Callable[[str, int], None] | None = None, workers: int = DEFAULT_WORKERS):
        if batch_size < 1:
            raise WriterError(f"batch size must be at least 1, not {batch_size}")
        if workers < 1:
            raise WriterError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self._lock = threading.Lock()
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.progress = progress
        self.server_version: str | None = None
        #: Summed query counters of the last write (nodes_created, relationships_created, ...).
        self.counters: dict[str, int] = {}

    # -- errors
    def _raise(self, err: Exception):
        mapped = _translate(err, _driver_address(self.driver), self.database)
        if mapped is err:
            raise err
        raise mapped from err

    # -- steps
    def check(self) -> str:
        """Connect, then refuse servers older than Neo4j 5; returns the server version.

        ``CALL dbms.components()`` runs on the target database, so a missing database fails here.
        """
        from neo4j.exceptions import DriverError, Neo4jError
        try:
            self.driver.verify_connectivity()
            records, _, _ = self.driver.execute_query(
                "CALL dbms.components() YIELD name, versions RETURN name, versions", database_=self.database)
        except (DriverError, Neo4jError) as err:
            self._raise(err)
        kernel = [r["versions"] for r in records if r["name"] == "Neo4j Kernel"] or [r["versions"] for r in records]
        self.server_version = check_version(kernel[0] if kernel else [])
        return self.server_version

    def create_schema(self) -> None:
        """Constraints and indexes, then wait until they are online."""
        from neo4j.exceptions import DriverError, Neo4jError
        try:
            with self._session() as session:
                for stmt in schema_statements():
                    session.run(stmt).consume()
                session.run("CALL db.awaitIndexes(300)").consume()
        except (DriverError, Neo4jError) as err:
            self._raise(err)

    def write(self, graph: nx.MultiDiGraph, schema: bool = True) -> WriteStats:
        """Check the server, create the schema, merge every node then every relationship.

        Returns
        -------
        WriteStats
            Nodes and relationships of ``graph`` written (merged: existing ones are updated).
        """
        nodes = node_groups(graph)          # a graph with an unknown label or type fails here,
        check_relationship_types(graph)     # before anything is written
        self.check()
        if schema:
            self.create_schema()
        self.counters = {}
        n_nodes = self._write_batches(_node_batches(nodes, self.batch_size), "nodes")
        n_rels = self._write_batches(self._relationship_batches(graph), "relationships", self.workers)
        return WriteStats(nodes=n_nodes, relationships=n_rels)

    def write_nodes(self, graph: nx.MultiDiGraph) -> int:
        """Merge the nodes of ``graph`` only (no check, no schema); returns how many."""
        return self._write_batches(_node_batches(node_groups(graph), self.batch_size), "nodes")

    def write_relationships(self, graph: nx.MultiDiGraph) -> int:
        """Merge the relationships of ``graph`` only; their end nodes must be in the database already."""
        check_relationship_types(graph)
        return self._write_batches(self._relationship_batches(graph), "relationships", self.workers)

    def _relationship_batches(self, graph: nx.MultiDiGraph) -> Iterator[tuple[str, list, frozenset | None]]:
        for key, rows in relationship_batches(graph, self.batch_size):
            yield relationship_query(*key), rows, _locked_labels(key[1], key[2])

    def _session(self):
        return self.driver.session(database=self.database)

    def _write_batches(self, batches: Iterable[tuple[str, list, frozenset | None]], kind: str,
                       workers: int = 1) -> int:
        """Run ``(query, rows, locked labels)`` batches, one transaction each, on ``workers`` sessions."""
        from neo4j.exceptions import DriverError, Neo4jError
        try:
            if workers > 1:
                return self._write_parallel(batches, kind, workers)
            with self._session() as session:
                return sum(self._write_batch(session, query, rows, kind) for query, rows, _ in batches)
        except (DriverError, Neo4jError) as err:
            self._raise(err)

    def _write_batch(self, session, query: str, rows: list, kind: str) -> int:
        summary = session.execute_write(_run_consume, query, rows)
        with self._lock:
            self._count(summary.counters)
            if self.progress:
                self.progress(kind, len(rows))
        return len(rows)

    def _write_parallel(self, batches: Iterable[tuple[str, list, frozenset | None]], kind: str,
                        workers: int) -> int:
        """This thread builds batches while ``workers`` threads send them, never two at once
        that lock the same labels (see :func:`_locked_labels`)."""
        sched = _Scheduler()

        def work():
            try:
                with self._session() as session:
                    while (item := sched.take()) is not None:
                        query, rows, locked = item
                        self._write_batch(session, query, rows, kind)
                        sched.release(locked)
            except BaseException as err:  # noqa: BLE001 - re-raised in the calling thread
                sched.fail(err)

        threads = [threading.Thread(target=work, name=f"neo4j-writer-{i}", daemon=True) for i in range(workers)]
        for t in threads:
            t.start()
        n = 0
        try:
            for query, rows, locked in batches:
                sched.put((query, rows, locked))
                n += len(rows)
        except BaseException as err:
            sched.fail(err)
        sched.close()
        for t in threads:
            t.join()
        if sched.error is not None:
            raise sched.error
        return n

    def _count(self, counters) -> None:
        for name, value in vars(counters).items():
            if isinstance(value, int) and not isinstance(value, bool) and value:
                name = name.strip("_")
                self.counters[name] = self.counters.get(name, 0) + value


def _run_consume(tx, query: str, rows: list[dict]):
    return tx.run(query, rows=rows).consume()


def _driver_address(driver) -> str:
    """host:port of the driver, for messages only (routing drivers keep it on their pool)."""
    for get in (lambda: driver.address, lambda: driver._pool.address):
        try:
            if address := get():
                return str(address)
        except Exception:  # noqa: BLE001 - best effort
            pass
    return ""


# ------------------------------------------------------------------------------- helpers
BOLT_SCHEMES = ("bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc")


def connect(uri: str, user: str, password: str, **config):
    """A driver for ``uri``; a malformed URI raises :class:`Neo4jLoadError` (nothing is contacted yet)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError
    scheme = uri.partition("://")[0].lower()
    if scheme not in BOLT_SCHEMES:
        # the driver would take http:// (its preview HTTP transport) and fail on a missing module
        raise Neo4jLoadError(f"{uri!r} is not a Bolt URI: expected bolt://host:7687 or neo4j://host:7687 "
                             f"(or {', '.join(s + '://' for s in BOLT_SCHEMES[2:])}); "
                             "http://host:7474 is Neo4j Browser's address, not the driver's")
    try:
        return GraphDatabase.driver(uri, auth=(user, password), **config)
    except (ValueError, ConfigurationError) as err:
        raise Neo4jLoadError(f"{uri!r} is not a Neo4j URI: expected bolt://host:port or neo4j://host:port "
                             f"(or bolt+s://, neo4j+s://, bolt+ssc://, neo4j+ssc://)") from err


@contextmanager
def translated_errors(driver, database: str | None = None):
    """Driver errors raised in the block become papergraph errors that name the server."""
    from neo4j.exceptions import DriverError, Neo4jError
    try:
        yield
    except (DriverError, Neo4jError) as err:
        mapped = _translate(err, _driver_address(driver), database)
        if mapped is err:
            raise
        raise mapped from err


def wipe(driver, database: str | None = None, batch_size: int = 10_000) -> int:
    """Delete every relationship and node of ``database``, in batches; returns nodes deleted.

    Constraints and indexes stay. Runs in a loop of bounded transactions, so a large graph never
    needs one huge transaction.
    """
    deleted = 0
    with translated_errors(driver, database):
        while True:
            _, summary, _ = driver.execute_query(
                "MATCH ()-[r]->() WITH r LIMIT $n DELETE r", n=batch_size, database_=database)
            if not summary.counters.relationships_deleted:
                break
        while True:
            _, summary, _ = driver.execute_query(
                "MATCH (n) WITH n LIMIT $n DETACH DELETE n", n=batch_size, database_=database)
            deleted += summary.counters.nodes_deleted
            if not summary.counters.nodes_deleted:
                break
    return deleted


def db_counts(driver, database: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per known label and relationships per known type in the database (count store reads)."""
    labels: dict[str, int] = {}
    types: dict[str, int] = {}
    with translated_errors(driver, database), driver.session(database=database) as session:
        for lab in LABELS:
            n = session.run(f"MATCH (n:{_check(lab, LABELS)}) RETURN count(n) AS c").single()["c"]
            if n:
                labels[lab] = n
        for rel in REL_TYPES:
            n = session.run(f"MATCH ()-[r:{_check(rel, REL_TYPES)}]->() RETURN count(r) AS c").single()["c"]
            if n:
                types[rel] = n
    return dict(sorted(labels.items())), dict(sorted(types.items()))
