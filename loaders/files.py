"""File writers and readers for a build directory: graph.json, triples.jsonl, results.jsonl.

Every file is written to a temporary file beside its target and renamed, so an interrupted
run never leaves a half-written output. Content is deterministic: sorted keys, stable order,
no timestamps.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> int:
    n = 0
    try:
        with atomic_open(path) as fh:
            for row in rows:
                fh.write(dumps(row) + "\n")
                n += 1
    except OSError as err:
        raise WriterError(f"{path}: cannot write ({err.strerror})") from err
    return n


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def graph_to_data(G: nx.MultiDiGraph) -> dict:
    """Node-link data with nodes and links in a stable order."""
    data = nx.node_link_data(G, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["links"] = sorted(data["links"], key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def write_graph_json(path: str | Path, G: nx.MultiDiGraph) -> None:
    try:
        with atomic_open(path) as fh:
            json.dump(graph_to_data(G), fh, sort_keys=True, ensure_ascii=False, indent=1)
            fh.write("\n")
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
