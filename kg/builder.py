"""A build: papers read, extracted, resolved and turned into a graph, and the files written from it.

``kg.build(paths)`` is the Python API; ``kg build`` the CLI around it. Extraction yields one
:class:`kg.extracted.Extracted` record per paper; a build keeps them (``extracted.jsonl.gz``)
so that a later build can add papers and extract only those (:func:`load_build`), and records
made elsewhere (shards, Dask workers) assemble into the same build as one run.

Memory: resolution needs every paper's triples at once, so the papers, their triples and the
graph stay in memory (they grow with the corpus). Everything else streams: records go to a
spool on disk as they are extracted (:class:`kg.extracted.RecordSpool`), extracted triples are
replaced by their resolved copies one by one, and every output file is written item by item.
``bench/build_memory.py`` measures what that costs per 1,000 abstracts.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import BuildError, SourceError
from kg.extracted import Extracted, RecordSpool, flatten, pipeline_name, read_records
from kg.model import Paper, ResultRecord, Triple

SAMPLE_NAME = "hf-papers-pretraining.txt"
#: The extraction records every build keeps beside its outputs.
RECORDS_NAME = "extracted.jsonl.gz"


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
    #: The extraction records: a list, or a :class:`RecordSpool` (read from disk when iterated).
    records: list[Extracted] | RecordSpool = field(default_factory=list)

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
        """Write graph.json, triples.jsonl, results.jsonl, graph.ttl, views/, extracted.jsonl.gz and
        build.json into ``out``, each file atomically and views/ as a whole."""
        from kg.extracted import write_records
        from loaders.files import atomic_dir, atomic_open, write_graph_json, write_jsonl
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
            with atomic_dir(out / "views") as tmp:
                index = write_views(self.graph, tmp)
            outputs["views"] = str(out / "views" / index.name)
        if self.records:
            if isinstance(self.records, RecordSpool):
                self.records.copy_to(out / RECORDS_NAME)
            else:
                write_records(out / RECORDS_NAME, self.records)
            outputs["extracted"] = str(out / RECORDS_NAME)
        self.outputs = outputs
        manifest = self.summary()
        manifest["outputs"] = {k: Path(v).relative_to(out).as_posix() for k, v in outputs.items()}
        with atomic_open(out / "build.json") as fh:
            fh.write(json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
        outputs["manifest"] = str(out / "build.json")
        self.outputs = outputs
        return outputs


def read_papers(paths: Iterable[str | Path], on_error: Callable[[SourceError], None]) -> list[Paper]:
    """Papers from all inputs, one per paper: records of the same paper (same arXiv id, DOI or
    title) from one or several files are merged into one with the richest metadata."""
    from loaders.dedup import deduplicate
    from loaders.sources import read_sources
    return deduplicate(read_sources(paths, on_error))


#: Runs the pipeline over papers; yields, in paper order, lists of each paper's (triples, results).
Engine = Callable[[list[Paper], bool], Iterable[list[tuple[list[Triple], list[ResultRecord]]]]]

_LOCAL = threading.local()


def worker_nlp(fast: bool):
    """This thread's pipeline, built on first use: a worker (process pool, Dask) builds it once."""
    cache = _LOCAL.__dict__.setdefault("nlp", {})
    if fast not in cache:
        from kg.extraction.pipeline import build_nlp
        cache[fast] = build_nlp(fast=fast)
    return cache[fast]


def _per_paper(nlp, papers: list[Paper]) -> list[tuple[list[Triple], list[ResultRecord]]]:
    """(triples, results) of each paper, in order."""
    from kg.extraction.pipeline import extract_docs
    return [(d._.triples, d._.results) for d in extract_docs(nlp, papers)]


def extract_batch(papers: list[Paper], fast: bool = False) -> list[tuple[list[Triple], list[ResultRecord]]]:
    """(triples, results) of each paper on the worker's cached pipeline: the task sent to workers."""
    return _per_paper(worker_nlp(fast), papers)


def _batches(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def local_engine(n_process: int = 1, batch_size: int = 64) -> Engine:
    """Extraction in this process, or in ``n_process`` worker processes (batches of ``batch_size``)."""
    def run(papers: list[Paper], fast: bool):
        if n_process > 1 and len(papers) > batch_size:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(n_process) as pool:
                yield from pool.map(partial(extract_batch, fast=fast), _batches(papers, batch_size))
            return
        from kg.extraction.pipeline import build_nlp
        nlp = build_nlp(fast=fast)
        for batch in _batches(papers, batch_size):
            yield _per_paper(nlp, batch)
    return run


def extract_records(papers: list[Paper], *, known: Iterable[Extracted] = (), positions: Iterable[int] | None = None,
                    fast: bool = False, progress: Callable[[int], None] | None = None, n_process: int = 1,
                    batch_size: int = 64, engine: Engine | None = None) -> list[Extracted]:
    """Extraction records of ``papers`` (only of those at ``positions``, when given), numbered by position.

    A ``known`` record of the same pipeline whose paper is unchanged is reused, not extracted
    again: an incremental build pays only for its new papers. ``engine`` runs the pipeline
    (default: :func:`local_engine`); every engine gives the same records.
    """
    return list(iter_records(papers, known=known, positions=positions, fast=fast, progress=progress,
                             n_process=n_process, batch_size=batch_size, engine=engine))


def iter_records(papers: list[Paper], *, known: Iterable[Extracted] = (), positions: Iterable[int] | None = None,
                 fast: bool = False, progress: Callable[[int], None] | None = None, n_process: int = 1,
                 batch_size: int = 64, engine: Engine | None = None) -> Iterator[Extracted]:
    """:func:`extract_records` one record at a time, as the engine delivers them: a caller that
    writes each record away holds a few batches, not the whole corpus's records."""
    pipeline = pipeline_name(fast)
    total = len(papers)
    positions = range(total) if positions is None else sorted(positions)
    reuse = {r.paper.model_dump_json(): r for r in known if r.pipeline == pipeline}
    olds = [reuse.get(papers[i].model_dump_json()) if reuse else None for i in positions]
    todo = [papers[i] for i, old in zip(positions, olds) if old is None]
    if progress and len(todo) < len(olds):
        progress(len(olds) - len(todo))
    fresh = _extracted(todo, fast, engine or local_engine(n_process, batch_size), progress)
    for i, old in zip(positions, olds):
        if old is not None:
            yield old.model_copy(update={"seq": i, "total": total})
        else:
            triples, results = next(fresh)
            yield Extracted(seq=i, total=total, pipeline=pipeline, paper=papers[i], triples=triples,
                            results=results)


def _extracted(todo: list[Paper], fast: bool, engine: Engine, progress: Callable[[int], None] | None
               ) -> Iterator[tuple[list[Triple], list[ResultRecord]]]:
    """(triples, results) of each paper of ``todo`` in order, progress told per chunk."""
    if not todo:
        return
    for chunk in engine(todo, fast):
        if progress:
            progress(len(chunk))
        yield from chunk


def extract(papers: list[Paper], *, fast: bool = False, min_confidence: float = 0.0,
            progress: Callable[[int], None] | None = None, n_process: int = 1, batch_size: int = 64):
    """Raw (unresolved) triples and results of ``papers``, in paper order.

    With ``n_process > 1`` papers go in batches to worker processes, each with its own
    pipeline; the output is the same as with one process.
    """
    records = extract_records(papers, fast=fast, progress=progress, n_process=n_process, batch_size=batch_size)
    _, triples, results = flatten(records, min_confidence)
    return triples, results


def resolve_and_link(papers: list[Paper], triples: list[Triple], results: list[ResultRecord]):
    """Resolve entities across papers and build the graph."""
    return _resolve_and_link(papers, list(triples), list(results))


def _resolve_and_link(papers: list[Paper], triples: list[Triple], results: list[ResultRecord]):
    """:func:`resolve_and_link` on lists it may change: extracted triples give way to resolved ones."""
    from kg.graph import build_graph
    from kg.resolution import apply_in_place, keep_strongest, resolve
    res = resolve(triples)
    apply_in_place(res, triples, results)
    triples = keep_strongest(triples)
    graph = build_graph(papers, res.entities, triples, results)
    return triples, results, graph


def build(paths: Iterable[str | Path] | None = None, *, fast: bool = False, min_confidence: float = 0.0,
          progress: Callable[[int], None] | None = None, on_error: Callable[[SourceError], None] | None = None,
          n_process: int = 1, engine: Engine | None = None) -> Build:
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
    return build_papers(papers, inputs=paths, skipped=skipped, fast=fast, min_confidence=min_confidence,
                        progress=progress, n_process=n_process, engine=engine)


def build_papers(papers: list[Paper], *, inputs: Iterable[str | Path] = (), skipped: Iterable[SourceError] = (),
                 known: Iterable[Extracted] = (), fast: bool = False, min_confidence: float = 0.0,
                 progress: Callable[[int], None] | None = None, n_process: int = 1,
                 engine: Engine | None = None) -> Build:
    """Extract (reusing ``known`` records), resolve and link papers already read.

    Records stream from extraction to a :class:`RecordSpool`; the Build's ``records`` reads them back.
    """
    records = iter_records(papers, known=known, fast=fast, progress=progress, n_process=n_process, engine=engine)
    return assemble_records(inputs, records, skipped, min_confidence)


def assemble_records(inputs: Iterable[str | Path], records: Iterable[Extracted], skipped: Iterable[SourceError] = (),
                     min_confidence: float = 0.0) -> Build:
    """A Build from extraction records in input order, keeping the records.

    A list of records stays the Build's ``records``; any other iterable is spooled to disk record
    by record (:class:`RecordSpool`), so only what resolution needs stays in memory.
    """
    spool = None if isinstance(records, list) else RecordSpool()
    papers, triples, results = _gather(records, min_confidence, spool)
    b = _assemble(list(inputs), papers, triples, results, list(skipped))
    b.records = records if spool is None else spool
    return b


def _gather(records: Iterable[Extracted], min_confidence: float, spool: RecordSpool | None
            ) -> tuple[list[Paper], list[Triple], list[ResultRecord]]:
    """:func:`kg.extracted.flatten`, spooling each record first (when ``spool``) and sharing the
    strings triples repeat (see :func:`_share_strings`)."""
    papers: list[Paper] = []
    triples: list[Triple] = []
    results: list[ResultRecord] = []
    for r in records:
        if spool is not None:
            spool.append(r)
        _share_strings(r)
        papers.append(r.paper)
        triples.extend(t for t in r.triples if t.confidence >= min_confidence)
        results.extend(x for x in r.results if x.confidence >= min_confidence)
    return papers, triples, results


def _share_strings(record: Extracted) -> None:
    """Make a record's triples share one object per repeated string: the paper's id and title, each
    sentence once per paper, entity ids, names and types once per build. Records come unpickled
    from workers or parsed from JSON with a copy of each string per triple, and across 100,000
    papers the copies cost more than the strings. Values are unchanged (fields are set in
    ``__dict__``, so the model does not count them as set by the caller)."""
    import sys
    pid, title = record.paper.id, record.paper.title
    sentences: dict[str, str] = {}
    for t in record.triples:
        fields = vars(t)
        if t.paper_id == pid:
            fields["paper_id"] = pid
        if t.paper_title == title:
            fields["paper_title"] = title
        fields["relation"] = sys.intern(t.relation)
        fields["extractor"] = sys.intern(t.extractor)
        ev = vars(t.evidence)
        ev["sentence"] = sentences.setdefault(t.evidence.sentence, t.evidence.sentence)
        ref = vars(t.entity)
        for key in ("id", "name", "type"):
            ref[key] = sys.intern(ref[key])


def assemble(paths: list[str | Path], papers: list[Paper], triples: list[Triple], results: list[ResultRecord],
             skipped: list[SourceError]) -> Build:
    """A Build from extracted triples: resolved, linked, triples in paper order."""
    return _assemble(paths, papers, list(triples), list(results), skipped)


def _assemble(paths: list[str | Path], papers: list[Paper], triples: list[Triple], results: list[ResultRecord],
              skipped: list[SourceError]) -> Build:
    """:func:`assemble` on lists it may change (see :func:`_resolve_and_link`)."""
    triples, results, graph = _resolve_and_link(papers, triples, results)
    order = {p.id: i for i, p in enumerate(papers)}
    triples.sort(key=lambda t: (order.get(t.paper_id, 0), t.relation, t.entity.id))
    return Build(papers=papers, triples=triples, results=results, graph=graph, skipped=skipped,
                 inputs=[Path(p).name for p in paths])


@dataclass
class Previous:
    """What a build directory keeps for the next build: its records, input names and skipped records."""

    directory: Path
    records: list[Extracted]
    inputs: list[str]
    skipped: list[SourceError]

    def add(self, papers: Iterable[Paper], inputs: Iterable[str | Path] = (), skipped: Iterable[SourceError] = ()
            ) -> tuple[list[Paper], list[str], list[SourceError]]:
        """Papers, input names and skipped records of this build with new ones added.

        Papers are deduplicated as one run would (old first, a paper seen again merged into its
        first record); input names and skip messages appear once each.
        """
        from loaders.dedup import deduplicate
        papers = deduplicate([*(r.paper for r in self.records), *papers])
        names = list(dict.fromkeys([*self.inputs, *(Path(p).name for p in inputs)]))
        skips = list({str(e): e for e in [*self.skipped, *skipped]}.values())
        return papers, names, skips


def load_build(directory: str | Path) -> Previous:
    """The records, inputs and skipped records of a build directory; BuildError naming it if it is none."""
    directory = Path(directory)
    path = directory / RECORDS_NAME
    if not path.is_file():
        what = "no such directory" if not directory.is_dir() else f"no {RECORDS_NAME} (extraction records) in it"
        raise BuildError(f"{directory}: not a papergraph build to add to ({what}); "
                         f"build it first with `kg build INPUT... --out {directory}`")
    records = read_records([path])
    manifest = {}
    if (directory / "build.json").is_file():
        manifest = json.loads((directory / "build.json").read_text(encoding="utf-8"))
    skipped = [_skip_from_text(s) for s in manifest.get("skipped", [])]
    return Previous(directory, records, manifest.get("inputs", []), skipped)


def _skip_from_text(text: str) -> SourceError:
    """A skipped record as build.json says it (``path[:line]: reason``), printed the same again."""
    where, _, reason = text.partition(": ")
    return SourceError(where, None, reason)
