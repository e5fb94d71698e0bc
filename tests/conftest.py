"""Shared fixtures: paths to ../shared and one build of the bundled corpus per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERGRAPH_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = Path(os.environ.get("PAPERGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


# ------------------------------------------------------------------------------- Neo4j
@pytest.fixture(scope="session")
def neo4j_config():
    """(uri, user, password) of the test server, from the environment."""
    names = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        msg = (f"{', '.join(missing)} not set: start a server with `scripts/neo4j-local start` and "
               f"`eval \"$(scripts/neo4j-local env)\"` (make test does both)")
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return tuple(os.environ[n] for n in names)


@pytest.fixture(scope="session")
def driver(neo4j_config):
    uri, user, password = neo4j_config
    from loaders.neo4j_writer import Neo4jWriter, connect
    with connect(uri, user, password) as drv:
        Neo4jWriter(drv).check()  # a clear error here beats 20 confusing ones below
        yield drv


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test: Playwright's sync API runs one event loop
    per thread, so a second ``sync_playwright()`` next to a live one fails."""
    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} is missing: run scripts/install-browser.sh"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
