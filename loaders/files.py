"""File writers and readers for a build directory: graph.json, triples.jsonl, results.jsonl.

Every file is written to a temporary file beside its target and renamed, so an interrupted
run never leaves a half-written output; a directory of outputs (the views) is written to a
temporary directory and put in place whole. Content is deterministic: sorted keys, stable
order, no timestamps (a ``.gz`` JSON Lines file has a zero mtime and no name in its header).
"""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from kg.errors import BuildError, WriterError


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    try:
        with os.fdopen(fd, mode, encoding=encoding if "b" not in mode else None,
                       **({"newline": "\n"} if "b" not in mode else {})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """A fresh temporary directory beside ``path``, put in its place only if the block succeeds.

    The old directory is renamed aside, the new one renamed in, then the old one deleted:
    a reader sees the old tree or the new one, never a mix or a half-written one (for an
    instant, between the two renames, there is no ``path`` at all).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = tmp.with_suffix(".old")
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; outputs are ordinary directories
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        if old.exists() and not path.exists():
            os.replace(old, path)  # put the old tree back
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def _gz(path: str | Path) -> bool:
    return str(path).endswith(".gz")


def gzip_text(raw, stack: contextlib.ExitStack):
    """A text stream gzip-compressing into the binary file ``raw``, closed with ``stack``: no name
    and a zero mtime in the header, so the same lines always give the same bytes."""
    z = stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6))
    return stack.enter_context(io.TextIOWrapper(z, encoding="utf-8", newline="\n"))


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> int:
    """One JSON object a line, atomically; gzip-compressed when ``path`` ends in ``.gz``."""
    n = 0
    try:
        with atomic_open(path, "wb" if _gz(path) else "w") as raw:
            with contextlib.ExitStack() as stack:
                fh = gzip_text(raw, stack) if _gz(path) else raw
                for row in rows:
                    fh.write(dumps(row) + "\n")
                    n += 1
    except OSError as err:
        raise WriterError(f"{path}: cannot write ({err.strerror})") from err
    return n


def open_text(path: str | Path):
    """A text file for reading, decompressed when its name ends in ``.gz``."""
    if _gz(path):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of each non-empty line of a JSON Lines file (``.gz`` or not)."""
    with open_text(path) as fh:
        for i, line in enumerate(fh, 1):
            if line.strip():
                yield i, line


def read_jsonl(path: str | Path) -> list[dict]:
    return [json.loads(line) for _, line in iter_jsonl(path)]


def graph_to_data(G: nx.MultiDiGraph) -> dict:
    """Node-link data with nodes and links in a stable order."""
    data = nx.node_link_data(G, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["links"] = sorted(data["links"], key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def _indented(value, level: int) -> str:
    """``value`` as ``json.dump(..., indent=1)`` writes it ``level`` spaces deep (JSON text has no
    raw newline inside a string, so every newline is a line break of the layout)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def _json_list(fh, items: Iterator) -> None:
    """A list member of the top-level object, one item at a time: ``[]`` when empty, as json does."""
    first = True
    for item in items:
        fh.write(("[\n  " if first else ",\n  ") + _indented(item, 2))
        first = False
    fh.write("[]" if first else "\n ]")


def graph_json_parts(G: nx.MultiDiGraph) -> dict[str, Callable[[], Iterator]]:
    """The members of :func:`graph_to_data`, each made item by item (lists as generators)."""
    return {
        "directed": lambda: G.is_directed(),
        "graph": lambda: G.graph,
        "links": lambda: ({**G.edges[u, v, k], "source": u, "target": v, "key": k}
                          for u, v, k in sorted(G.edges(keys=True), key=lambda e: (e[0], e[1], e[2]))),
        "multigraph": lambda: G.is_multigraph(),
        "nodes": lambda: ({**G.nodes[n], "id": n} for n in sorted(G.nodes)),
    }


def write_graph_json(path: str | Path, G: nx.MultiDiGraph) -> None:
    """:func:`graph_to_data` as indented JSON, byte for byte what ``json.dump`` writes, but one node
    or link at a time: the node-link copy of a 100,000-paper graph would cost hundreds of MB."""
    try:
        with atomic_open(path) as fh:
            fh.write("{")
            for i, (name, part) in enumerate(graph_json_parts(G).items()):
                fh.write(("\n " if i == 0 else ",\n ") + json.dumps(name) + ": ")
                value = part()
                if isinstance(value, Iterator):
                    _json_list(fh, value)
                else:
                    fh.write(_indented(value, 1))
            fh.write("\n}\n")
    except OSError as err:
        raise WriterError(f"{path}: cannot write ({err.strerror})") from err


def read_graph_json(path: str | Path) -> nx.MultiDiGraph:
    """The graph of a build directory's graph.json."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    if not path.exists():
        raise BuildError(f"{path}: no graph.json here; run `kg build` first")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
