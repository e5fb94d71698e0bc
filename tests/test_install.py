"""The wheel carries its package data, and a non-editable install builds the sample corpus."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if r.returncode != 0:
        r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                           capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (whl,) = out.glob("papergraph-*.whl")
    return whl


def test_wheel_holds_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ["kg/data/sample/hf-papers-pretraining.txt", "kg/data/vocab/methods.jsonl",
                     "kg/data/vocab/datasets.jsonl", "kg/data/vocab/tasks.jsonl", "kg/data/vocab/metrics.jsonl",
                     "kg/data/vocab/benchmarks.jsonl", "kg/data/priors.json", "kg/cli.py", "loaders/sources.py"]:
        assert required in names, required
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kg = kg.cli:app" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.mark.slow
def test_non_editable_install_builds_the_sample(wheel, tmp_path):
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import kg, kg.builder as b; "
            "assert b.__file__.startswith(sys.argv[1]), b.__file__; "
            "res = kg.build(fast=True); print(len(res.papers), res.graph.number_of_edges())")
    r = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    papers, edges = map(int, r.stdout.split())
    assert papers == 133 and edges > 500
