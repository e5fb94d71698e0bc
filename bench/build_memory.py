"""Peak memory and wall time of whole builds (all outputs, views included) as the corpus grows.

Each run is ``/usr/bin/time -v kg build FIRST_N.jsonl --out TMP --fast --workers 2`` on the first N
abstracts of ``../shared/corpora/combined_ml_nlp_cv.jsonl.gz``; the script reads "Maximum resident
set size" and "Elapsed (wall clock)" from it, and also samples the summed RSS of the build and its
worker processes (``/usr/bin/time`` reports the largest single process, not the sum). A baseline
process that only loads the extraction pipeline gives the fixed cost, so "per 1k" is what the
corpus adds. The printed table ends with the stated bound and whether each run kept to it::

    python bench/build_memory.py                          # 1k, 10k, 100k (fast); default pipeline up to 10k
    python bench/build_memory.py --sizes 1000,10000 --markdown docs/build-memory.md
    python bench/build_memory.py --sizes 10000 --pipelines default

The 100k run takes several minutes on 2 cores; skipped with a message when the corpus is absent.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "combined_ml_nlp_cv.jsonl.gz"
KG = REPO / ".venv" / "bin" / "kg"
PYTHON = REPO / ".venv" / "bin" / "python"
TIME = "/usr/bin/time"
#: The stated bound: peak RSS of the build process within the baseline plus BOUND_FIXED_MB (running
#: the pipeline and writing the outputs, beyond loading them) plus BOUND_MB_PER_1K per 1,000
#: abstracts, and within TARGET_GIB at TARGET_N abstracts (issue #9), TARGET_MIN minutes.
BOUND_FIXED_MB = 64.0
BOUND_MB_PER_1K = 30.0
TARGET_N, TARGET_GIB, TARGET_MIN = 100_000, 4.0, 30.0


@dataclass
class Run:
    """One measured process."""

    label: str
    n: int
    wall_s: float
    peak_mb: float
    tree_mb: float


def parse_time(text: str) -> tuple[float, float]:
    """(wall seconds, max RSS in MB) from ``/usr/bin/time -v`` output.

    >>> parse_time("Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03.5\\nMaximum resident set size (kbytes): 2048")
    (3723.5, 2.0)
    """
    wall = re.search(r"Elapsed \(wall clock\) time.*?: ([\d:.]+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if not wall or not rss:
        raise RuntimeError("no timing in /usr/bin/time output:\n" + text[-2000:])
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.group(1).split(":"))))
    return seconds, int(rss.group(1)) / 1024


def _tree_rss_mb(root: int) -> float:
    """Summed RSS of ``root`` and its descendants, from /proc (0 when gone)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(d)] = int(fields[1])
                rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(c for c, p in parents.items() if p == pid and c not in tree)
    return sum(rss.get(p, 0) for p in tree) / 2**20


def measure(label: str, n: int, cmd: list[str], cwd: Path) -> Run:
    """Run ``cmd`` under ``/usr/bin/time -v``, sampling the process tree's summed RSS meanwhile."""
    proc = subprocess.Popen([TIME, "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    wall, rss = parse_time(err)
    return Run(label, n, wall, rss, max(peak[0], rss))


def write_sample(n: int, path: Path) -> int:
    """The first ``n`` abstracts of the corpus as JSON Lines; returns how many there were."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        lines = list(itertools.islice(src, n))
        out.writelines(lines)
    return len(lines)


def baseline(fast: bool, cwd: Path) -> Run:
    """The fixed cost: a process that imports papergraph and builds the extraction pipeline."""
    code = f"from kg.extraction.pipeline import build_nlp; import kg.builder, kg.views; build_nlp(fast={fast})"
    return measure("baseline", 0, [str(PYTHON), "-c", code], cwd)


def build_run(n: int, fast: bool, workers: int, tmp: Path, views: bool = True) -> Run:
    """One whole build of the first ``n`` abstracts, every output written (views unless ``views`` is false)."""
    src = tmp / f"first-{n}.jsonl"
    got = write_sample(n, src)
    cmd = [str(KG), "build", str(src), "--out", str(tmp / f"out-{n}"), "--workers", str(workers)]
    if fast:
        cmd.append("--fast")
    if not views:
        cmd.append("--no-views")
    run = measure(("fast" if fast else "default") + ("" if views else ", no views"), got, cmd, tmp)
    src.unlink()
    shutil.rmtree(tmp / f"out-{n}", ignore_errors=True)
    return run


def fit(runs: list[Run]) -> tuple[float, float] | None:
    """Least-squares (MB at 0, MB per 1k abstracts) of peak RSS over the runs; None for fewer than two sizes."""
    pts = [(r.n / 1000, r.peak_mb) for r in runs]
    if len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return my - slope * mx, slope


def _mb(x: float) -> str:
    return f"{x:,.0f} MB" if x < 10_240 else f"{x / 1024:.2f} GiB"


def _wall(s: float) -> str:
    return f"{int(s // 60)}:{s % 60:04.1f}"


def table(runs: list[Run], bases: dict[str, Run], per_1k: float) -> str:
    """The Markdown report: one row per build, then the fit and the bound."""
    rows = ["| pipeline | abstracts | wall | abstracts/s | peak RSS | peak RSS, all processes | "
            "over baseline per 1k | peak / baseline | bound | within |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        base = bases[r.label.split(",")[0]].peak_mb
        bound = base + BOUND_FIXED_MB + per_1k * r.n / 1000
        if r.n >= TARGET_N:
            bound = min(bound, TARGET_GIB * 1024)
        ok = r.peak_mb <= bound and (r.n < TARGET_N or r.wall_s <= TARGET_MIN * 60)
        rows.append(f"| {r.label} | {r.n:,} | {_wall(r.wall_s)} | {r.n / r.wall_s:,.0f} | {_mb(r.peak_mb)} | "
                    f"{_mb(r.tree_mb)} | {(r.peak_mb - base) / (r.n / 1000):,.1f} MB | {r.peak_mb / base:.1f}x | "
                    f"{_mb(bound)} | {'yes' if ok else 'NO'} |")
    lines = ["\n".join(rows), ""]
    for label, b in bases.items():
        lines.append(f"Baseline ({label}: import papergraph, build the pipeline): {_mb(b.peak_mb)} peak RSS.")
    for label in bases:
        f = fit([r for r in runs if r.label.split(",")[0] == label])
        if f:
            lines.append(f"Fit ({label}): peak RSS = {_mb(f[0])} + {f[1]:.1f} MB per 1,000 abstracts.")
    lines.append(f"Stated bound: peak RSS of the build process <= baseline + {BOUND_FIXED_MB:g} MB + {per_1k:g} MB "
                 f"per 1,000 abstracts, "
                 f"and <= {TARGET_GIB:g} GiB in <= {TARGET_MIN:g} min at {TARGET_N:,} abstracts (--fast, "
                 f"--workers 2). Papers, their triples and the graph stay in memory "
                 f"(resolution is global); records, views and output files stream.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="abstract counts, comma-separated")
    ap.add_argument("--pipelines", default="fast,default", help="fast and/or default")
    ap.add_argument("--default-max", type=int, default=10_000, help="largest size run with the default pipeline")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bound-mb-per-1k", type=float, default=BOUND_MB_PER_1K)
    ap.add_argument("--no-views-from", type=int, default=None, metavar="N",
                    help="leave the HTML views out from N abstracts on (default: views at every size)")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args(argv)
    if not CORPUS.is_file():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    pipelines = [p.strip() for p in args.pipelines.split(",") if p.strip()]
    runs: list[Run] = []
    bases: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="build-memory-") as tmp:
        for label in pipelines:
            fast = label == "fast"
            todo = [n for n in sizes if fast or n <= args.default_max]
            if not todo:
                continue
            bases[label] = baseline(fast, Path(tmp))
            for n in todo:
                print(f"building {n:,} abstracts ({label}) ...", file=sys.stderr, flush=True)
                views = args.no_views_from is None or n < args.no_views_from
                runs.append(build_run(n, fast, args.workers, Path(tmp), views))
                print(f"  {_wall(runs[-1].wall_s)}, {_mb(runs[-1].peak_mb)}", file=sys.stderr, flush=True)
    report = table(runs, bases, args.bound_mb_per_1k)
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    return 0 if all("| NO |" not in line for line in report.splitlines()) else 1


if __name__ == "__main__":
    sys.exit(main())
