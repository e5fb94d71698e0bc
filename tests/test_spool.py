"""The record spool of a build: its temporary file goes with it, and a killed build's is cleaned up."""
from __future__ import annotations

import os
import subprocess
import sys

from kg.extracted import SPOOL_PREFIX, RecordSpool


def test_a_dead_builds_spool_is_removed_and_a_live_ones_kept(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(proc.stdout)  # that process has exited
    orphan = tmp_path / f"{SPOOL_PREFIX}{dead}-abc.jsonl.gz"
    live = tmp_path / f"{SPOOL_PREFIX}{os.getppid()}-def.jsonl.gz"
    other = tmp_path / "papergraph-records-old.jsonl.gz"  # no process id: not ours to judge
    for p in (orphan, live, other):
        p.write_bytes(b"")
    spool = RecordSpool(tmp_path)
    assert not orphan.exists() and live.exists() and other.exists()
    assert spool.path.parent == tmp_path and spool.path.name.startswith(f"{SPOOL_PREFIX}{os.getpid()}-")
    path = spool.path
    del spool
    assert not path.exists()
