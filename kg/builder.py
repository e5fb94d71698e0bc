"""A build: papers read, extracted, resolved and turned into a graph, and the files written from it.

``kg.build(paths)`` is the Python API; ``kg build`` the CLI around it.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import SourceError
from kg.model import Paper, ResultRecord, Triple

SAMPLE_NAME = "hf-papers-pretraining.txt"


def sample_corpus() -> Path:
    """The bundled sample corpus (a Hugging Face Papers listing on pretraining)."""
    return Path(str(resources.files("kg") / "data" / "sample" / SAMPLE_NAME))


@dataclass
class Build:
    """Everything one build produced, in memory."""

    papers: list[Paper]
    triples: list[Triple]
    results: list[ResultRecord]
    graph: nx.MultiDiGraph
    skipped: list[SourceError] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict:
        from kg.graph import label_counts, relation_counts
        return {
            "inputs": self.inputs,
            "papers_read": len(self.papers),
            "papers_skipped": len(self.skipped),
            "skipped": [str(e) for e in self.skipped],
            "nodes": label_counts(self.graph),
            "relationships": relation_counts(self.graph),
            "outputs": self.outputs,
        }

    def write(self, out: str | Path, views: bool = True, rdf: bool = True) -> dict[str, str]:
        """Write graph.json, triples.jsonl, results.jsonl, graph.ttl, views/ and build.json into ``out``."""
        from loaders.files import atomic_open, write_graph_json, write_jsonl
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        outputs = {}
        write_graph_json(out / "graph.json", self.graph)
        outputs["graph"] = str(out / "graph.json")
        write_jsonl(out / "triples.jsonl", (t.model_dump(mode="json") for t in self.triples))
        outputs["triples"] = str(out / "triples.jsonl")
        write_jsonl(out / "results.jsonl", (r.model_dump(mode="json") for r in self.results))
        outputs["results"] = str(out / "results.jsonl")
        if rdf:
            from loaders.rdf import write_rdf
            write_rdf(self.graph, out / "graph.ttl")
            outputs["rdf"] = str(out / "graph.ttl")
        if views:
            from kg.views import write_views
            index = write_views(self.graph, out / "views")
            outputs["views"] = str(index)
        self.outputs = outputs
        manifest = self.summary()
        manifest["outputs"] = {k: Path(v).relative_to(out).as_posix() for k, v in outputs.items()}
        with atomic_open(out / "build.json") as fh:
            fh.write(json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
        outputs["manifest"] = str(out / "build.json")
        self.outputs = outputs
        return outputs


def read_papers(paths: Iterable[str | Path], on_error: Callable[[SourceError], None]) -> list[Paper]:
    """Papers from all inputs, one per id (a repeated paper keeps its first, richest record)."""
    from loaders.sources import read_sources
    papers: dict[str, Paper] = {}
    for p in read_sources(paths, on_error):
        old = papers.get(p.id)
        if old is None:
            papers[p.id] = p
        else:
            richer = {k: v for k, v in p.model_dump().items() if v and not getattr(old, k)}
            papers[p.id] = old.model_copy(update=richer)
    return list(papers.values())


_WORKER_NLP = None


def _init_worker(fast: bool) -> None:
    global _WORKER_NLP
    from kg.extraction.pipeline import build_nlp
    _WORKER_NLP = build_nlp(fast=fast)


def _per_paper(nlp, papers: list[Paper]) -> list[tuple[list[Triple], list[ResultRecord]]]:
    """(triples, results) of each paper, in order."""
    from kg.extraction.pipeline import extract_docs
    return [(d._.triples, d._.results) for d in extract_docs(nlp, papers)]


def _extract_batch(papers: list[Paper]) -> list[tuple[list[Triple], list[ResultRecord]]]:
    return _per_paper(_WORKER_NLP, papers)


def _batches(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def extract(papers: list[Paper], *, fast: bool = False, min_confidence: float = 0.0,
            progress: Callable[[int], None] | None = None, n_process: int = 1, batch_size: int = 64):
    """Raw (unresolved) triples and results of ``papers``, in paper order.

    With ``n_process > 1`` papers go in batches to worker processes, each with its own
    pipeline; the output is the same as with one process.
    """
    triples: list[Triple] = []
    results: list[ResultRecord] = []

    def keep(per_paper):
        for ts, rs in per_paper:
            triples.extend(t for t in ts if t.confidence >= min_confidence)
            results.extend(r for r in rs if r.confidence >= min_confidence)
        if progress:
            progress(len(per_paper))

    if n_process > 1 and len(papers) > batch_size:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(n_process, initializer=_init_worker, initargs=(fast,)) as pool:
            for per_paper in pool.map(_extract_batch, _batches(papers, batch_size)):
                keep(per_paper)
        return triples, results
    from kg.extraction.pipeline import build_nlp
    nlp = build_nlp(fast=fast)
    for batch in _batches(papers, batch_size):
        keep(_per_paper(nlp, batch))
    return triples, results


def resolve_and_link(papers: list[Paper], triples: list[Triple], results: list[ResultRecord]):
    """Resolve entities across papers and build the graph."""
    from kg.graph import build_graph
    from kg.resolution import apply, keep_strongest, resolve
    res = resolve(triples)
    triples, results = apply(res, triples, results)
    triples = keep_strongest(triples)
    graph = build_graph(papers, res.entities, triples, results)
    return triples, results, graph


def build(paths: Iterable[str | Path] | None = None, *, fast: bool = False, min_confidence: float = 0.0,
          progress: Callable[[int], None] | None = None, on_error: Callable[[SourceError], None] | None = None,
          n_process: int = 1) -> Build:
    """Read, extract, resolve and link: the whole pipeline in memory.

    >>> b = build()                                   # doctest: +SKIP
    >>> b.graph.number_of_nodes() > 0                 # doctest: +SKIP
    True
    """
    paths = [Path(p) for p in (paths or [sample_corpus()])]
    skipped: list[SourceError] = []

    def report(err: SourceError) -> None:
        skipped.append(err)
        if on_error:
            on_error(err)

    papers = read_papers(paths, report)
    triples, results = extract(papers, fast=fast, min_confidence=min_confidence, progress=progress,
                               n_process=n_process)
    return assemble(paths, papers, triples, results, skipped)


def assemble(paths: list[Path], papers: list[Paper], triples: list[Triple], results: list[ResultRecord],
             skipped: list[SourceError]) -> Build:
    """A Build from extracted triples: resolved, linked, triples in paper order."""
    triples, results, graph = resolve_and_link(papers, triples, results)
    order = {p.id: i for i, p in enumerate(papers)}
    triples.sort(key=lambda t: (order.get(t.paper_id, 0), t.relation, t.entity.id))
    return Build(papers=papers, triples=triples, results=results, graph=graph, skipped=skipped,
                 inputs=[p.name for p in paths])
