"""Shared fixtures: paths to ../shared and one build of the bundled corpus per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERGRAPH_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared holds the project's shared data)")
    return path


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled corpus built once with the default pipeline, written to a temporary directory."""
    import kg
    out = tmp_path_factory.mktemp("build")
    b = kg.build()
    b.write(out)
    return b, out
