"""SPARQL over an RDF export, on an embedded pyoxigraph store.

>>> store = open_store("out")                                     # doctest: +SKIP
>>> rows = query(store, "SELECT ?m WHERE { ?p pg:PROPOSES ?m }")   # doctest: +SKIP
>>> rows.columns                                                   # doctest: +SKIP
['m']

Values are bound, never pasted into query text: ``query(store, q, bindings={"paper": IRI(...)})``
uses pyoxigraph substitutions (SPARQL-dev SEP-0007; the engine treats ``?paper`` as already bound
to that term, as a ``VALUES`` clause would). pyoxigraph requires a bound variable to be in the
SELECT projection (or ``SELECT *``). The prefixes of the export (``pg:``, ``res:``,
``schema:``, ``dcterms:``, ``prov:``, ``skos:``, ``rdf:``, ``rdfs:``, ``xsd:``, ``owl:``) are predeclared.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.errors import BuildError, PapergraphError
from loaders.rdf import DEFAULT_BASE, prefixes

__all__ = ["IRI", "Rows", "QueryError", "open_store", "find_export", "query", "to_python"]

# file extension → pyoxigraph format name, in the order a build directory is searched
EXTENSIONS = {"nt": "N_TRIPLES", "ttl": "TURTLE", "trig": "TRIG", "nq": "N_QUADS", "jsonld": "JSON_LD",
              "rdf": "RDF_XML", "owl": "RDF_XML"}


class QueryError(PapergraphError):
    """A SPARQL query that cannot be parsed or run."""


class IRI(str):
    """Marks a binding value as an IRI (a plain ``str`` binds as a string literal)."""


@dataclass
class Rows:
    """Query answers: column names and rows of Python values (IRIs as ``str``, ``None`` when unbound)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)


def find_export(path: str | Path) -> Path:
    """The RDF file of a build directory (graph.nt, graph.ttl, graph.trig, ...) or ``path`` itself."""
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        for ext in EXTENSIONS:
            candidate = path / f"graph.{ext}"
            if candidate.exists():
                return candidate
        raise BuildError(f"{path}: no RDF export here (graph.ttl, graph.nt, ...); run `kg build` or `kg export rdf`")
    raise BuildError(f"{path}: no such file or directory")


def open_store(path: str | Path, fmt: str | None = None):
    """An in-memory pyoxigraph ``Store`` loaded from a build directory's RDF export or an RDF file."""
    import pyoxigraph as ox
    file = find_export(path)
    name = EXTENSIONS.get((fmt or file.suffix.lstrip(".")).lower())
    if name is None:
        raise BuildError(f"{file}: unknown RDF format; use one of {', '.join(EXTENSIONS)}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(file), format=getattr(ox.RdfFormat, name))
    except SyntaxError as err:
        raise BuildError(f"{file}: not valid {name.replace('_', '-').lower()}: {err}") from err
    return store


def _term(value):
    """A pyoxigraph term for a Python binding value."""
    import pyoxigraph as ox
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, IRI):
        return ox.NamedNode(str(value))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(xsd + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(xsd + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(xsd + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(xsd + "decimal"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a value of type {type(value).__name__}: {value!r}")


_NUMERIC = {"integer": int, "int": int, "long": int, "short": int, "nonNegativeInteger": int,
            "positiveInteger": int, "double": float, "float": float, "decimal": Decimal, "boolean": None}


def to_python(term):
    """IRIs → ``str``, typed numeric literals → ``int``/``float``/``Decimal``, other literals → ``str``."""
    import pyoxigraph as ox
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.startswith("http://www.w3.org/2001/XMLSchema#"):
            local = dt.rsplit("#", 1)[1]
            if local == "boolean":
                return term.value in ("true", "1")
            conv = _NUMERIC.get(local)
            if conv is not None:
                try:
                    return conv(term.value)
                except (ValueError, ArithmeticError):
                    return term.value
        return term.value
    return str(term)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def query(store, text: str, bindings: Mapping[str, Any] | None = None, base: str = DEFAULT_BASE) -> Rows:
    """Run ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE) with ``bindings`` substituted; returns :class:`Rows`.

    ASK gives one column ``ask``; CONSTRUCT/DESCRIBE give ``subject``, ``predicate``, ``object``.
    Named graphs (TriG exports) are queried as part of the default graph.
    """
    import pyoxigraph as ox
    subs = {}
    for name, value in (bindings or {}).items():
        name = name.lstrip("?$")
        if not _NAME.match(name):
            raise QueryError(f"bad variable name for a binding: {name!r}")
        subs[ox.Variable(name)] = _term(value)
    try:
        result = store.query(text, prefixes=prefixes(base), use_default_graph_as_union=True,
                             substitutions=subs or None)
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from err
    except (OSError, RuntimeError) as err:
        hint = (" (a bound variable must appear in the SELECT clause, or use SELECT *)"
                if "projection" in str(err) else "")
        raise QueryError(f"SPARQL query failed: {err}{hint}") from err
    if isinstance(result, ox.QueryBoolean):
        return Rows(["ask"], [[bool(result)]])
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return Rows(columns, [[to_python(sol[c]) for c in columns] for sol in result])
    return Rows(["subject", "predicate", "object"],
                [[to_python(t.subject), to_python(t.predicate), to_python(t.object)] for t in result])


def read_query(query_or_file: str) -> str:
    """The text of a query given inline or as a path to a ``.sparql``/``.rq`` file."""
    candidate = Path(query_or_file)
    if len(query_or_file) < 1024 and "\n" not in query_or_file and candidate.suffix in (".sparql", ".rq", ".txt"):
        if not candidate.is_file():
            raise QueryError(f"{candidate}: no such query file")
        return candidate.read_text(encoding="utf-8")
    return query_or_file
