"""Extraction on a Dask cluster: the per-paper step on the workers, resolution on the client.

Extraction is the costly part and needs nothing but one paper at a time, so it is what goes
to the workers; resolution needs every paper and runs where the build is assembled. Each
worker builds its spaCy pipeline once (:func:`kg.builder.worker_nlp`, per worker thread) and
reuses it for every partition it gets. The records that come back are the ones a one-process
build makes, so the build is the same (``tests/test_dask.py`` checks it).

>>> from dask.distributed import Client, LocalCluster              # doctest: +SKIP
>>> with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
...     build_on_dask(["papers.jsonl"], client, fast=True).write("out")  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.builder import Build, Engine, build, extract_batch
from kg.model import Paper


def dask_engine(client, partitions: int | None = None) -> Engine:
    """An extraction engine sending papers to ``client``'s workers in ``partitions`` contiguous
    partitions (default: two per worker thread, so a slow partition does not hold the rest up)."""
    def run(papers: list[Paper], fast: bool):
        n = partitions or 2 * max(1, sum(client.nthreads().values()))
        size = max(1, -(-len(papers) // n))
        parts = [papers[i:i + size] for i in range(0, len(papers), size)]
        futures = client.map(extract_batch, parts, fast=fast, pure=False)
        try:
            for future in futures:  # in paper order; later partitions keep running meanwhile
                yield future.result()
        finally:
            client.cancel(futures)
    return run


def build_on_dask(paths: Iterable[str | Path], client, *, partitions: int | None = None, **kwargs) -> Build:
    """:func:`kg.builder.build` with extraction on the Dask cluster of ``client``.

    Papers are read here and sent to the workers, so the input files need not be on the
    workers' machines; ``kwargs`` are those of :func:`kg.builder.build` (``fast``,
    ``min_confidence``, ``on_error``, ``progress``).
    """
    return build(paths, engine=dask_engine(client, partitions), **kwargs)
