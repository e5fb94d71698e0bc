"""Shared by the per-stage benchmarks (bench/stage_*.py): corpus slices, cached stage inputs,
timing with peak memory, and the Markdown rows.

Every stage script measures each size in a fresh subprocess (``--one N``), so one size's peak
memory never mixes with another's, and gets its inputs from a cache (``--cache``, default
``$TMPDIR/papergraph-bench``): the resolve benchmark at 100,000 abstracts reads cached extraction
records instead of extracting again. Inputs are always prepared before the clock starts.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from neo4j_load import CORPUS, log  # noqa: E402

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "papergraph-bench"
DEFAULT_SIZES = [1000, 10_000, 100_000]
MARK = "@@row "  # prefix of a row a child process hands to its parent


# ------------------------------------------------------------------------------------- rows
@dataclass
class Row:
    """One measurement: a stage against its baseline, both on the same input in the same process."""

    stage: str
    n: int
    items: int
    unit: str
    seconds: float
    peak_mb: float
    added_mb: float
    baseline: str = ""
    base_items: int = 0
    base_seconds: float = 0.0
    note: str = ""

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def base_rate(self) -> float:
        return self.base_items / self.base_seconds if self.base_seconds else 0.0


HEADER = ("| stage | abstracts | items | wall s | throughput | peak RSS MB | added MB | baseline | "
          "baseline throughput | vs baseline | note |\n|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}" if x < 10 else f"{x:,.1f}"


def markdown_row(r: Row) -> str:
    """A table row; "vs baseline" is the stage's throughput over the baseline's, in the same unit."""
    ratio = f"{r.rate / r.base_rate:.3g}x" if r.base_rate else ""
    base = f"{_num(r.base_rate)} {r.unit}/s" if r.base_rate else ""
    return (f"| {r.stage} | {r.n:,} | {r.items:,} | {r.seconds:,.2f} | {_num(r.rate)} {r.unit}/s | "
            f"{r.peak_mb:,.0f} | {r.added_mb:,.0f} | {r.baseline} | {base} | {ratio} | {r.note} |")


# ------------------------------------------------------------------------------ measuring
def _status_mb(field: str) -> float:
    """A memory field of /proc/self/status (VmRSS, VmHWM) in MB; 0 where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux >= 4.0), so the peak is the stage's, not the setup's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def measure(fn):
    """(result, seconds, peak RSS MB, MB added over the RSS before) of ``fn()``.

    The peak is this process's high-water mark since the reset, or that of the largest child
    process (extraction workers) when larger.
    """
    gc.collect()
    before = _status_mb("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = max(_status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, children)
    return result, seconds, peak, max(0.0, peak - before)


def timed(fn) -> float:
    """Wall seconds of ``fn()``: for baselines, whose memory is not reported."""
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# --------------------------------------------------------------------------------- inputs
def corpus_slice(n: int, cache: Path) -> Path:
    """The first ``n`` records of the shared corpus as JSON Lines, written once per size. Without
    the corpus, the bundled sample repeated with numbered titles (so deduplication keeps them)."""
    path = cache / f"first-{n}.jsonl"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.writelines(islice(_corpus_lines(), n))
    tmp.replace(path)
    return path


def _corpus_lines():
    """JSON Lines of the shared corpus, or of the bundled sample repeated forever."""
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
            yield from fh
        return
    from kg.builder import sample_corpus
    from loaders.sources import read_source
    sample = list(read_source(sample_corpus()))
    k = 0
    while True:
        for p in sample:
            title = p.title if k == 0 else f"{p.title} ({k})"
            yield json.dumps({"title": title, "abstract": p.abstract}) + "\n"
        k += 1


def corpus_name() -> str:
    return CORPUS.name if CORPUS.exists() else "the bundled sample, repeated (shared corpus absent)"


def papers(n: int, cache: Path):
    """The papers of the first ``n`` records, read as a build reads them."""
    from kg.builder import read_papers
    return read_papers([corpus_slice(n, cache)], on_error=lambda err: None)


def records_path(n: int, cache: Path) -> Path:
    return cache / f"extracted-{n}-fast.jsonl.gz"


def save_records(n: int, cache: Path, records) -> None:
    """Keep extraction records (fast pipeline) for the later stages, unless kept already."""
    from kg.extracted import write_records
    path = records_path(n, cache)
    if not path.exists():
        write_records(path, records)


def records(n: int, cache: Path, workers: int = 2):
    """Extraction records (fast pipeline) of the first ``n`` abstracts, extracted once per size."""
    from kg.extracted import read_records
    path = records_path(n, cache)
    if path.exists():
        return read_records([path])
    from kg.builder import extract_records
    log(f"extracting {n:,} abstracts (fast, {workers} workers) for the cache ...")
    recs = extract_records(papers(n, cache), fast=True, n_process=workers)
    save_records(n, cache, recs)
    return recs


def resolved(n: int, cache: Path):
    """(papers, resolution, triples, results) as the graph stage gets them: resolved, strongest kept."""
    from kg.extracted import flatten
    from kg.resolution import apply, keep_strongest, resolve
    ps, triples, results = flatten(records(n, cache))
    res = resolve(triples)
    triples, results = apply(res, triples, results)
    return ps, res, keep_strongest(triples), results


def graph_path(n: int, cache: Path) -> Path:
    return cache / f"graph-{n}-fast.json"


def save_graph(n: int, cache: Path, G) -> None:
    from loaders.files import write_graph_json
    if not graph_path(n, cache).exists():
        write_graph_json(graph_path(n, cache), G)


def graph(n: int, cache: Path):
    """The graph of the first ``n`` abstracts (fast pipeline), built once per size."""
    from loaders.files import read_graph_json
    path = graph_path(n, cache)
    if path.exists():
        return read_graph_json(path)
    from kg.graph import build_graph
    ps, res, triples, results = resolved(n, cache)
    G = build_graph(ps, res.entities, triples, results)
    save_graph(n, cache, G)
    return G


# ------------------------------------------------------------------------------------ CLI
def parser(doc: str) -> argparse.ArgumentParser:
    """The options every stage script (and run_all) takes; each stage uses the ones it needs."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES, help="abstract counts")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="corpus slices and stage inputs")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="extraction worker counts")
    ap.add_argument("--default-max", type=int, default=10_000,
                    help="largest size also extracted with the default pipeline (others: --fast only)")
    ap.add_argument("--row-sample", type=int, default=2000, help="relationships loaded row by row (Neo4j baseline)")
    ap.add_argument("--views-max", type=int, default=100_000,
                    help="largest size whose views are written (at most 2,000 paper and 2,000 entity pages)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the query pack")
    ap.add_argument("--yes", action="store_true", help="let the Neo4j stage empty a non-empty database")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size here
    return ap


def stage_cli(script: str, doc: str, run_one):
    """``run(argv) -> rows`` of a stage script: each size measured by ``run_one(n, args) -> [Row]``
    in a child process (``script --one N``), its rows printed as Markdown as they come."""
    def run(argv=None) -> list[Row]:
        argv = list(sys.argv[1:] if argv is None else argv)
        args = parser(doc).parse_args(argv)
        if args.one is not None:
            for row in run_one(args.one, args):
                print(MARK + json.dumps(asdict(row)), flush=True)
            return []
        print(HEADER, flush=True)
        rows = []
        for n in args.sizes:
            for row in _child(script, argv, n):
                print(markdown_row(row), flush=True)
                rows.append(row)
        return rows
    return run


def _child(script: str, argv: list[str], n: int) -> list[Row]:
    """Rows of ``script --one n`` run in a fresh interpreter."""
    proc = subprocess.run([sys.executable, script, *argv, "--one", str(n)], stdout=subprocess.PIPE, text=True,
                          cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{Path(script).name} --one {n} failed ({proc.returncode})")
    return [Row(**json.loads(line[len(MARK):])) for line in proc.stdout.splitlines() if line.startswith(MARK)]


def main_of(run) -> int:
    """Exit status of a stage script run from the command line."""
    run()
    return 0
