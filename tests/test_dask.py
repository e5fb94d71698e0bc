"""Extraction on a local Dask cluster (two worker processes) gives the one-process build."""
from __future__ import annotations

import pytest

pytest.importorskip("dask.distributed")

import kg  # noqa: E402
from kg.builder import RECORDS_NAME, sample_corpus  # noqa: E402
from kg.distributed import build_on_dask  # noqa: E402

SAME = ["graph.json", "triples.jsonl", "results.jsonl", RECORDS_NAME]


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def test_dask_build_equals_the_one_process_build(client, tmp_path):
    # five partitions for two workers: several partitions per worker, each reusing its pipeline
    build_on_dask([sample_corpus()], client, fast=True, partitions=5).write(tmp_path / "dask", views=False, rdf=False)
    kg.build(fast=True).write(tmp_path / "one", views=False, rdf=False)
    for name in SAME:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name


def _cached_pipeline():
    """On a worker: the id of the fast pipeline its task thread holds, None if it built none."""
    from kg.builder import _LOCAL
    nlp = getattr(_LOCAL, "nlp", {}).get(True)
    return None if nlp is None else id(nlp)


def test_each_worker_builds_its_pipeline_once_and_keeps_it(client):
    from kg.builder import extract_batch, read_papers
    papers = read_papers([sample_corpus()], print)[:4]
    for worker in client.nthreads():
        ids = []
        for batch in (papers[:2], papers[2:]):
            client.submit(extract_batch, batch, fast=True, workers=[worker], pure=False).result()
            ids.append(client.submit(_cached_pipeline, workers=[worker], pure=False).result())
        assert ids[0] is not None and ids[0] == ids[1], worker
