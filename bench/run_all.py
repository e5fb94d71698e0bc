"""Run every stage benchmark (read, extract, resolve, build graph, export RDF, load Neo4j, render
views, run the query pack) at the chosen sizes and write one Markdown table with the machine, the
date and the command (default docs/benchmarks.md). Also runs bench/build_memory.py (whole-build
peak RSS) when it is there, unless ``--no-build-memory``.

Stages run in order, each size in a fresh process; later stages reuse the extraction records and
graph the earlier ones cached (``--cache``). The Neo4j stage is skipped when NEO4J_URI is unset;
it EMPTIES the database (``--yes``). Options are those of every stage (see bench/_common.py).

    scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"
    .venv/bin/python bench/run_all.py --sizes 1000 10000 100000 --yes
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import shlex
import sys
import time
from pathlib import Path

from _common import HEADER, ROOT, Row, corpus_name, log, markdown_row, parser

STAGES = ["read", "extract", "resolve", "graph", "rdf", "neo4j", "views", "queries"]


def options() -> argparse.ArgumentParser:
    ap = parser(__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="the Markdown report")
    ap.add_argument("--stages", nargs="+", choices=STAGES, default=STAGES)
    ap.add_argument("--no-build-memory", action="store_true", help="skip bench/build_memory.py")
    return ap


def stage_argv(argv: list[str]) -> list[str]:
    """``argv`` without run_all's own options, for the stage scripts."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--out")
    ap.add_argument("--stages", nargs="+")
    ap.add_argument("--no-build-memory", action="store_true")
    return ap.parse_known_args(argv)[1]


def run_stages(args, argv: list[str]) -> tuple[list[Row], list[str]]:
    """Rows of every chosen stage, and notes on the stages skipped."""
    rows, notes = [], []
    for name in args.stages:
        module = importlib.import_module(f"stage_{name}")
        if name == "neo4j" and not module.configured():
            notes.append("load Neo4j: skipped (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD not set)")
            continue
        log(f"stage {name} ...")
        t0 = time.perf_counter()
        got = module.run(stage_argv(argv))
        log(f"stage {name}: {time.perf_counter() - t0:.0f}s")
        if name == "views" and any(n > args.views_max for n in args.sizes):
            notes.append(f"render views: sizes over --views-max {args.views_max:,} skipped")
        rows += got
    return rows, notes


def build_memory(args, out: Path) -> str:
    """bench/build_memory.py's report at the same sizes, when the script exists ('' otherwise)."""
    if args.no_build_memory or not (ROOT / "bench" / "build_memory.py").exists():
        return ""
    module = importlib.import_module("build_memory")
    md = out.with_name("build-memory.md")
    log("build_memory.py ...")
    module.main(["--sizes", ",".join(map(str, args.sizes)), "--markdown", str(md),
                 "--default-max", str(args.default_max), "--no-views-from", str(args.views_max + 1)])
    return md.read_text(encoding="utf-8") if md.exists() else ""


def machine() -> str:
    """CPU, cores, memory, Python and load: what the figures depend on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    mem = next((int(line.split()[1]) / 2**20 for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} CPUs, {mem:.0f} GiB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; load average at the end {load} (the machine may be shared)")


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def stage_baselines() -> list[str]:
    return [f"- {name}: {importlib.import_module(f'stage_{name}').BASELINE}" for name in STAGES]


def report(rows: list[Row], notes: list[str], argv: list[str], minutes: float, memory: str) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmarks per stage", "",
        f"{when}, {minutes:.1f} min. Command: `.venv/bin/python bench/run_all.py {shlex.join(argv)}`", "",
        f"Machine: {machine()}.", "",
        f"Corpus: the first N records of {corpus_name()}; stages after extraction use the fast pipeline's "
        "records (`--fast`, no learned span model). Each size runs in a fresh process; *peak RSS* is that "
        "process's high-water mark during the stage (or its largest worker's), *added* what the stage added "
        "to the memory held before it (its inputs are loaded first, untimed). *vs baseline* is the stage's "
        "throughput over the baseline's, measured in the same process on the same input.", "",
        HEADER, *map(markdown_row, rows), "",
        *(f"- {n}" for n in notes), "" if notes else "",
        "Baselines:", "", *stage_baselines(), "",
    ]
    if memory:
        parts += ["## Whole builds (bench/build_memory.py)", "", memory]
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = options().parse_args(argv)
    t0 = time.perf_counter()
    rows, notes = run_stages(args, argv)
    memory = build_memory(args, args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(rows, notes, argv, (time.perf_counter() - t0) / 60, memory), encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
