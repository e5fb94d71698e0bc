"""bench/run_all.py at a tiny size: every stage script still runs and gives its row (no timing is
checked). The Neo4j stage runs only when NEO4J_URI/USER/PASSWORD are set (it empties that
database, as the Neo4j tests do)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE_ROWS = {"read": ["read"], "extract": ["extract (fast)"], "resolve": ["resolve"], "graph": ["build graph"],
              "rdf": ["export RDF (turtle)", "export RDF (nt)"], "neo4j": ["load Neo4j (batched)"],
              "views": ["render views"], "queries": ["run query pack"]}


def test_run_all_writes_a_row_per_stage(tmp_path):
    neo4j = all(os.environ.get(v) for v in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"))
    stages = [s for s in STAGE_ROWS if neo4j or s != "neo4j"]
    out = tmp_path / "benchmarks.md"
    cmd = [sys.executable, str(ROOT / "bench" / "run_all.py"), "--sizes", "50", "--cache", str(tmp_path / "cache"),
           "--out", str(out), "--workers", "1", "2", "--default-max", "0", "--row-sample", "20", "--repeat", "1",
           "--no-build-memory", "--yes", "--stages", *stages]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    stage_cells = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ") and "| 50 |" in line]
    for stage in stages:
        for name in STAGE_ROWS[stage]:
            assert name in stage_cells, f"no row for {name} in\n{text}"
    assert stage_cells.count("extract (fast)") == 2  # 1 and 2 workers
    assert "Machine:" in text and "bench/run_all.py" in text


def test_extract_speed_prints_a_row_per_pipeline():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_speed.py"), "--papers", "20", "--repeat", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [line.split("|")[1].strip() for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert rows[1:] == ["spacy.blank('en') tokenizer", "default pipeline", "--fast (no learned model)"]
