"""Annotation priors learned from the project's training annotations (``kg/data/priors.json``).

How often our annotators marked a name where it occurred, and as which type. Built by
``scripts/build_priors.py`` from ../shared/training; used to drop vocabulary names our
annotation style does not count ("attention", bare "classification") and to type names the way
our annotators do.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from kg.vocab import family, norm

#: A name seen in at least MIN_SEEN training abstracts and marked in under MIN_RATE of them is dropped.
MIN_SEEN = 4
MIN_RATE = 0.25
#: A type is preferred when at least TYPE_SEEN annotations agree on it at TYPE_SHARE or more.
TYPE_SEEN = 3
TYPE_SHARE = 0.75


@lru_cache(maxsize=1)
def load_priors() -> dict[str, dict]:
    path = resources.files("kg") / "data" / "priors.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


#: A name absent from the vocabulary joins the lexicon when marked in at least LEXICON_SEEN
#: training abstracts and in LEXICON_RATE of those it occurs in.
LEXICON_SEEN = 3
LEXICON_RATE = 0.6


def learned_lexicon() -> list[tuple[str, str]]:
    """(surface form, type) pairs our annotators mark nearly wherever they occur ("data augmentation")."""
    out = []
    for p in load_priors().values():
        if p["marked"] >= LEXICON_SEEN and p["marked"] / p["n"] >= LEXICON_RATE and p.get("forms"):
            etype = max(p["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
            out.extend((f, etype) for f in p["forms"])
    return sorted(set(out))


def rarely_marked(text: str) -> bool:
    """True when our annotators seldom mark this name where it occurs."""
    p = load_priors().get(norm(text))
    return bool(p) and p["n"] >= MIN_SEEN and p["marked"] / p["n"] < MIN_RATE


def sometimes_marked(text: str) -> bool:
    """True for names our annotators mark only in some contexts (a context model should decide)."""
    p = load_priors().get(norm(text))
    return bool(p) and p["n"] >= MIN_SEEN and p["marked"] / p["n"] < LEXICON_RATE


def preferred_type(text: str, current: str) -> str:
    """The type our annotators give this name, when they agree; else ``current``."""
    p = load_priors().get(norm(text))
    if not p or not p["types"]:
        return current
    total = sum(p["types"].values())
    best, n = max(p["types"].items(), key=lambda kv: (kv[1], kv[0]))
    if n >= TYPE_SEEN and n / total >= TYPE_SHARE and family(best) != family(current):
        return "Dataset" if best == "Dataset" else best
    return current
