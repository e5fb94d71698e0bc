"""The query pack: named questions in ``queries/``, each as a Cypher file and a SPARQL file.

A question is two files with one stem, ``queries/<name>.cypher`` and ``queries/<name>.sparql``,
each opening with the same header of comment lines (``//`` in Cypher, ``#`` in SPARQL)::

    // question: Which datasets are shared by the most papers?
    // param: k integer = 2   the least number of shared entities
    // ordered: true
    // example: {"dataset": "ImageNet", "papers": 12}

``param`` lines give a name, a type (``string``, ``integer`` or ``float``), a JSON default and a
description. Parameters reach the engines as parameters -- Cypher ``$name``, SPARQL values bound
to ``?name`` -- never as query text. Because an embedded SPARQL engine wants a bound variable in
the projection, every question returns its parameters as its first columns, in both languages,
so the rows say what they answer. ``ordered: true`` means the order of the rows is part of the
answer; otherwise rows are compared as a multiset. ``example`` is one row of the answer on the
bundled corpus (a test keeps it honest).
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import PapergraphError

__all__ = ["Param", "Question", "QueryPackError", "load_pack", "pack_dir", "coerce", "normalise_rows"]

LANGUAGES = {"cypher": "//", "sparql": "#"}
TYPES = {"string": str, "integer": int, "float": float}
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)\s*=\s*(?P<rest>.*)$")


class QueryPackError(PapergraphError):
    """A question that is missing, malformed, or given a bad parameter."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    description: str = ""


@dataclass
class Question:
    """One named question with its Cypher and SPARQL text."""

    name: str
    question: str
    params: list[Param] = field(default_factory=list)
    ordered: bool = False
    example: dict[str, Any] | None = None
    cypher: str = ""
    sparql: str = ""

    def text(self, backend: str) -> str:
        return self.cypher if backend == "neo4j" else self.sparql

    def bind(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Parameter values: defaults overridden by ``given`` (text values coerced to the declared type)."""
        given = dict(given or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            hint = ", ".join(known) or "none"
            raise QueryPackError(f"{self.name}: unknown parameter(s) {', '.join(unknown)} (parameters: {hint})")
        return {name: coerce(self.name, p, given[name]) if name in given else p.default
                for name, p in known.items()}


def coerce(question: str, param: Param, value: Any) -> Any:
    """``value`` as the parameter's type; text from the command line is converted, never evaluated."""
    kind = TYPES[param.type]
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    try:
        return kind(str(value).strip()) if kind is not str else str(value)
    except ValueError:
        raise QueryPackError(f"{question}: parameter {param.name} must be {param.type}, got {value!r}") from None


def pack_dir() -> Path:
    """The folder of the bundled pack (``queries/`` in the repository, installed as package data)."""
    return Path(str(resources.files("queries")))


def _header(text: str, marker: str, where: str) -> dict[str, Any]:
    """The header fields of one query file."""
    head: dict[str, Any] = {"params": []}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith(marker):
            break
        body = line[len(marker):].strip()
        key, sep, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in ("question", "param", "ordered", "example"):
            continue
        try:
            if key == "param":
                head["params"].append(_param(value))
            elif key == "ordered":
                head["ordered"] = value.lower() in ("true", "yes")
            elif key == "example":
                head["example"] = json.loads(value)
            else:
                head["question"] = value
        except (ValueError, json.JSONDecodeError) as err:
            raise QueryPackError(f"{where}: bad {key} line in the header: {err}") from None
    if not head.get("question"):
        raise QueryPackError(f"{where}: the header has no 'question:' line")
    return head


def _param(spec: str) -> Param:
    m = _PARAM.match(spec)
    if not m or m["type"] not in TYPES:
        raise ValueError(f"expected 'NAME TYPE = DEFAULT description' with TYPE one of {', '.join(TYPES)}")
    default, end = json.JSONDecoder().raw_decode(m["rest"])
    if not isinstance(default, TYPES[m["type"]]) or isinstance(default, bool):
        raise ValueError(f"default of {m['name']} is not {m['type']}")
    return Param(m["name"], m["type"], default, m["rest"][end:].strip())


def load_question(folder: Path, name: str) -> Question:
    """The question ``name`` from its two files; both headers must agree."""
    heads, texts = {}, {}
    for lang, marker in LANGUAGES.items():
        path = folder / f"{name}.{lang}"
        if not path.is_file():
            raise QueryPackError(f"{path}: missing (every question has a .cypher and a .sparql file)")
        texts[lang] = path.read_text(encoding="utf-8")
        heads[lang] = _header(texts[lang], marker, str(path))
    if heads["cypher"] != heads["sparql"]:
        diff = [k for k in heads["cypher"] if heads["cypher"].get(k) != heads["sparql"].get(k)]
        raise QueryPackError(f"{folder / name}: the .cypher and .sparql headers differ in {', '.join(diff)}")
    h = heads["cypher"]
    return Question(name=name, question=h["question"], params=h["params"], ordered=h.get("ordered", False),
                    example=h.get("example"), cypher=texts["cypher"], sparql=texts["sparql"])


def load_pack(folder: str | Path | None = None) -> dict[str, Question]:
    """Every question of a pack folder (default: the bundled pack), by name."""
    folder = Path(folder) if folder else pack_dir()
    names = sorted({p.stem for lang in LANGUAGES for p in folder.glob(f"*.{lang}")})
    if not names:
        raise QueryPackError(f"{folder}: no .cypher or .sparql files")
    return {n: load_question(folder, n) for n in names}


def get(pack: Mapping[str, Question], name: str) -> Question:
    """A question by name, with the known names in the error."""
    if name not in pack:
        raise QueryPackError(f"no question named {name!r}; known: {', '.join(pack)}")
    return pack[name]


def _value(v: Any) -> Any:
    if isinstance(v, (float, Decimal)):
        return round(float(v), 6)
    return v


def normalise_rows(rows: list[list[Any]], ordered: bool) -> list[tuple]:
    """Rows comparable across engines: numbers as rounded floats (ints kept), sorted unless ``ordered``."""
    out = [tuple(_value(v) for v in r) for r in rows]
    return out if ordered else sorted(out, key=lambda r: json.dumps(r, default=str))


def run_sparql(store, q: Question, params: Mapping[str, Any] | None = None):
    """Answer ``q`` on an embedded pyoxigraph store (see :func:`loaders.sparql.open_store`)."""
    from loaders.sparql import query
    return query(store, q.sparql, q.bind(params))


def run_cypher(driver, q: Question, params: Mapping[str, Any] | None = None, database: str | None = None):
    """Answer ``q`` on Neo4j in a read transaction; values travel as Cypher parameters."""
    from loaders.neo4j_writer import translated_errors
    from loaders.sparql import Rows
    values = q.bind(params)

    def work(tx):
        result = tx.run(q.cypher, values)
        return Rows(list(result.keys()), [list(r.values()) for r in result])

    with translated_errors(driver, database), driver.session(database=database) as session:
        return session.execute_read(work)


def browser_favorite(q: Question) -> str:
    """The question as a Neo4j Browser favorite: a title comment, ``:param`` lines, then the Cypher.

    Browser names a favorite after its first comment line and runs the ``:param`` commands and
    the query one after the other (its multi-statement editor, on by default).
    """
    body = [line for line in q.cypher.splitlines() if not line.startswith("//")]
    params = [f":param {p.name} => {json.dumps(p.default, ensure_ascii=False)};" for p in q.params]
    return "\n".join([f"// {q.question} [papergraph: {q.name}]", *params, *body]).rstrip() + "\n"


def write_browser_favorites(pack: Mapping[str, Question], path: str | Path) -> Path:
    """A zip of ``.cypher`` favorites that Neo4j Browser imports (Favorites > Import), written atomically."""
    import zipfile
    from loaders.files import atomic_open
    path = Path(path)
    with atomic_open(path, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, q in pack.items():
            zf.writestr(f"papergraph/{name}.cypher", browser_favorite(q))
    return path
