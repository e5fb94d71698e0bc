"""One exception family for papergraph.

The library raises these typed errors; only ``kg/cli.py`` turns them into messages and exit
codes (the datasette habit in STYLE.md).
"""
from __future__ import annotations


class PapergraphError(Exception):
    """Root of every error papergraph raises on purpose."""


class SourceError(PapergraphError):
    """A record or file that cannot be read: printed as ``path:line: reason``."""

    def __init__(self, path: str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ExtractionError(PapergraphError):
    """The extraction pipeline could not be built or run."""


class BuildError(PapergraphError):
    """A build directory is missing or incomplete."""


class WriterError(PapergraphError):
    """An output could not be written (file, RDF, Neo4j)."""
