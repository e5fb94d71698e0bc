"""papergraph: turn a list of research papers into a knowledge graph.

>>> import kg
>>> b = kg.build()                       # doctest: +SKIP
>>> b.graph.number_of_nodes()            # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"


def build(paths=None, **kwargs):
    """Read, extract, resolve and link ``paths`` (default: the bundled corpus); returns a :class:`kg.builder.Build`."""
    from kg.builder import build as _build
    return _build(paths, **kwargs)


__all__ = ["build", "__version__"]
