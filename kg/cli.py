"""The ``kg`` command line: a thin typer app over the library.

Only this module turns papergraph errors into messages and exit codes.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg import __version__
from kg.errors import PapergraphError, SourceError

app = typer.Typer(help="papergraph: a knowledge graph of papers, methods, datasets, benchmarks, tasks and metrics.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
console = Console(stderr=True, soft_wrap=True)
out_console = Console()

INPUTS_HELP = ("Paper files: listing .txt, .jsonl, .csv, .bib, .xml (arXiv Atom, ACL Anthology), "
               ".json (CSL, Semantic Scholar, OpenAlex, Papers with Code).")
Inputs = Annotated[Optional[list[Path]], typer.Argument(help=INPUTS_HELP)]
Fast = Annotated[bool, typer.Option("--fast", help="Rules and vocabulary only, without the learned span model.")]
MinConf = Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                        help="Drop relationships below this confidence.")]
Strict = Annotated[bool, typer.Option("--strict", help="Fail if any input record is bad.")]


def _version(value: bool):
    if value:
        out_console.print(f"papergraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False):
    """papergraph: turn paper titles and abstracts into a knowledge graph."""


def _fail(message: str, code: int = 1):
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _warn_skip(err: SourceError) -> None:
    console.print(f"[yellow]skipped[/yellow] {err}", highlight=False)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


def _read_inputs(paths: list[Path], strict: bool):
    """Papers of ``paths`` and the records skipped; fails on --strict with a bad record, or on no paper."""
    from kg.builder import read_papers
    skipped: list[SourceError] = []

    def report(err):
        skipped.append(err)
        _warn_skip(err)

    papers = read_papers(paths, report)
    if strict and skipped:
        _fail(f"{len(skipped)} bad record(s) and --strict was given; first: {skipped[0]}", 1)
    if not papers:
        _fail("no usable paper was read from " + ", ".join(str(p) for p in paths), 1)
    return papers, skipped


@contextmanager
def _extracting(total: int):
    """A progress callback for extraction (advance by n papers), shown while the block runs."""
    with _progress() as progress:
        task = progress.add_task("extracting", total=total)
        yield lambda n: progress.advance(task, n)


def _run_build(inputs, fast, min_confidence, strict, workers=1, shard=None, into=None, from_extracted=False):
    """The Build of ``kg build`` / ``kg extract``: from paper files, or extraction records
    (``from_extracted``), on their own or added to the build directory ``into``."""
    from kg.builder import build_papers, load_build, sample_corpus
    from kg.extracted import input_names, read_records, use_fast
    previous = load_build(into) if into else None
    known, skipped = [], []
    if from_extracted:
        if not inputs:
            _fail("--from-extracted: give the extraction record files (written by `kg extract --raw`)")
        known = read_records(inputs)
        papers, names = [r.paper for r in known], input_names(known)
    else:
        paths = [Path(p) for p in (inputs or ([] if previous else [sample_corpus()]))]
        papers, skipped = _read_inputs(paths, strict) if paths else ([], [])
        names = paths
        if shard:
            papers = [papers[i] for i in shard.positions(papers)]
    if previous:
        known = [*previous.records, *known]
        papers, names, skipped = previous.add(papers, names, skipped)
    fast = use_fast(known, fast)
    with _extracting(len(papers)) as advance:
        return build_papers(papers, inputs=names, skipped=skipped, known=known, fast=fast,
                            min_confidence=min_confidence, progress=advance, n_process=workers)


def _summary(summary: dict) -> None:
    t = Table(title="papergraph build", show_header=True)
    t.add_column("what")
    t.add_column("count / where", justify="right")
    t.add_row("papers read", str(summary["papers_read"]))
    t.add_row("papers skipped", str(summary["papers_skipped"]))
    for label, n in summary["nodes"].items():
        t.add_row(f"nodes: {label}", str(n))
    for rel, n in summary["relationships"].items():
        t.add_row(f"relationships: {rel}", str(n))
    for name, path in summary.get("outputs", {}).items():
        t.add_row(f"output: {name}", str(path))
    out_console.print(t)
    if summary.get("skipped"):
        reasons: dict[str, int] = {}
        for s in summary["skipped"]:
            reason = s.split(": ", 1)[-1]
            reasons[reason] = reasons.get(reason, 0) + 1
        out_console.print("skipped records: " + "; ".join(f"{r} ({n})" for r, n in sorted(reasons.items())))


def _shard_option(value: Optional[str]):
    from kg.extracted import parse_shard
    try:
        return parse_shard(value) if value else None
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


Workers = Annotated[int, typer.Option("--workers", min=1, help="Extraction processes.")]


@app.command()
def extract(inputs: Annotated[list[Path], typer.Argument(help=INPUTS_HELP)],
            output: Annotated[Path, typer.Option("-o", "--output", help="Where to write triples (JSON Lines).")] = Path("triples.jsonl"),
            fast: Fast = False, min_confidence: MinConf = 0.0, strict: Strict = False, workers: Workers = 1,
            raw: Annotated[bool, typer.Option("--raw", help="Write extraction records instead (one paper with its "
                                              "unresolved triples and results a line; gzip if OUTPUT ends in .gz) "
                                              "for `kg build --from-extracted`.")] = False,
            shard: Annotated[Optional[str], typer.Option("--shard", metavar="I/N", callback=_shard_option,
                                                         help="Only the papers of shard I of N (assigned by a hash "
                                                              "of the paper id; see docs/distributed.md).")] = None):
    """Extract paper-level triples (the extraction contract) from paper files."""
    from loaders.files import write_jsonl
    try:
        if raw:
            from kg.builder import extract_records
            from kg.extracted import write_records
            if min_confidence:
                _fail("--raw records keep every triple: give --min-confidence to `kg build --from-extracted`")
            papers, skipped = _read_inputs([Path(p) for p in inputs], strict)
            positions = shard.positions(papers) if shard else None
            with _extracting(len(papers) if positions is None else len(positions)) as advance:
                records = extract_records(papers, positions=positions, fast=fast, progress=advance, n_process=workers)
            write_records(output, records)
            part = f" (shard {shard} of {len(papers)} papers)" if shard else ""
            out_console.print(f"{len(records)} extraction records{part}, {len(skipped)} skipped -> {output}")
            return
        if shard:
            console.print(f"note: triples of shard {shard} are resolved within the shard only; "
                          "use --raw to merge shards into one build", highlight=False)
        b = _run_build(inputs, fast, min_confidence, strict, workers, shard=shard)
        n = write_jsonl(output, (t.model_dump(mode="json") for t in b.triples))
    except PapergraphError as err:
        _fail(str(err))
    out_console.print(f"{n} triples from {len(b.papers)} papers ({len(b.skipped)} skipped) -> {output}")


@app.command()
def build(inputs: Inputs = None,
          out: Annotated[Optional[Path], typer.Option("--out", "-o", show_default="out, or the --into directory",
                                                      help="Build directory.")] = None,
          fast: Fast = False, min_confidence: MinConf = 0.0, strict: Strict = False, workers: Workers = 1,
          no_views: Annotated[bool, typer.Option("--no-views", help="Skip the HTML views.")] = False,
          from_extracted: Annotated[bool, typer.Option("--from-extracted",
                                                       help="INPUTs are extraction record files (`kg extract --raw`, "
                                                            "e.g. every shard's): resolve and link them, no extraction.")] = False,
          into: Annotated[Optional[Path], typer.Option("--into", metavar="DIR",
                                                       help="Add INPUTs to the build in DIR: only papers not already "
                                                            "there are extracted (with DIR's pipeline), entities are "
                                                            "resolved again across all, every output is rewritten.")] = None):
    """Build the knowledge graph (default input: the bundled sample corpus) and write every output."""
    out = out or into or Path("out")
    try:
        b = _run_build(inputs, fast, min_confidence, strict, workers, into=into, from_extracted=from_extracted)
        b.write(out, views=not no_views)
    except PapergraphError as err:
        _fail(str(err))
    _summary(b.summary())


@app.command()
def stats(directory: Annotated[Path, typer.Argument(help="A build directory.")] = Path("out")):
    """Show the summary of an existing build."""
    from kg.graph import label_counts, relation_counts
    from loaders.files import read_graph_json
    try:
        G = read_graph_json(directory)
    except PapergraphError as err:
        _fail(str(err))
    manifest = {}
    if (directory / "build.json").exists():
        manifest = json.loads((directory / "build.json").read_text(encoding="utf-8"))
    summary = {
        "papers_read": manifest.get("papers_read", label_counts(G).get("Paper", 0)),
        "papers_skipped": manifest.get("papers_skipped", 0),
        "skipped": manifest.get("skipped", []),
        "nodes": label_counts(G),
        "relationships": relation_counts(G),
        "outputs": {k: str(directory / v) for k, v in manifest.get("outputs", {}).items()},
    }
    _summary(summary)


@app.command("eval")
def eval_(gold: Annotated[Path, typer.Argument(help="Gold records (ANNOTATION.md format).")],
          pred: Annotated[Path, typer.Argument(help="Predicted triples (extraction contract).")],
          show: Annotated[int, typer.Option("--show", help="List the N most frequent misses and false positives.")] = 0,
          as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False):
    """Score extracted triples against gold annotations (precision, recall, F1 per type family)."""
    from kg.evaluate import SCOPES, evaluate, top
    for p in (gold, pred):
        if not p.exists():
            _fail(f"{p}: no such file")
    try:
        s = evaluate(gold, pred)
    except (json.JSONDecodeError, KeyError) as err:
        _fail(f"cannot read {gold} / {pred}: {err}")
    d = s.as_dict()
    if as_json:
        out_console.print_json(json.dumps(d))
        return
    print(f"papers {d['papers']}  with output {d['papers_with_output']}  role accuracy on matches {d['role_accuracy']}")
    for name in SCOPES:
        v = d.get(name)
        if v:
            print(f"{name:14s} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}  (gold {v['gold']}, pred {v['pred']})")
    if show:
        print("most missed:", top(s.misses, show))
        print("most spurious:", top(s.spurious, show))
        print("role errors (name, gold role, predicted):", top(s.role_errors, show))
    print(f"entity F1 {d['all']['f1']:.3f}")


from kg import cli_rdf, cli_views  # noqa: E402
from kg.cli_load import load_app  # noqa: E402
from kg.cli_query import query_app  # noqa: E402

app.add_typer(load_app, name="load", help="Load a build into a database (Neo4j).")
app.add_typer(query_app, name="query", help="The query pack: named questions in Cypher and SPARQL.")
cli_rdf.register(app)
cli_views.register(app)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
