"""One Paper per paper, however many sources list it.

The same paper read from an arXiv feed, a BibTeX file and an OpenAlex export is recognised by
its arXiv id, its DOI (case-insensitive, bare) or its normalised title, and merged into one
record that keeps the richest metadata. Two records whose arXiv ids (or, for a title match,
DOIs) differ are different papers, however alike their titles.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from kg.model import Paper, paper_id
from loaders.formats.base import arxiv_id, normalise_doi

__all__ = ["deduplicate", "normalise_title"]

_ARXIV_PAPER_ID = re.compile(r"^paper:(\d{4}\.\d{4,5})$")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
#: Identity keys, strongest first; a match on an earlier kind wins.
KINDS = ("arxiv", "doi", "id", "title")


def normalise_title(title: str) -> str:
    """A title for comparison: accents dropped, case folded, punctuation and spaces collapsed.

    >>> normalise_title("Don’t Stop  Pretraining: Adapt LMs!")
    'don t stop pretraining adapt lms'
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _arxiv(p: Paper) -> str | None:
    m = _ARXIV_PAPER_ID.match(p.id)
    return m.group(1) if m else arxiv_id(p.url, p.doi)


def _doi(p: Paper) -> str | None:
    """The bare DOI, case-folded; an arXiv DOI counts as the arXiv id instead."""
    doi = normalise_doi(p.doi)
    return doi.casefold() if doi and not arxiv_id(doi) else None


def _keys(p: Paper) -> list[tuple[str, str]]:
    """The identity keys of a record, strongest first."""
    keys = []
    if arxiv := _arxiv(p):
        keys.append(("arxiv", arxiv))
    if doi := _doi(p):
        keys.append(("doi", doi))
    if not _ARXIV_PAPER_ID.match(p.id) and p.id != paper_id(p.title, url=p.url):
        keys.append(("id", p.id))          # an id the source gave, not one made from the title
    if title := normalise_title(p.title):
        keys.append(("title", title))
    return keys


def _compatible(a: Paper, b: Paper, kind: str) -> bool:
    """False when the records name different papers despite sharing a key of ``kind``."""
    if (x := _arxiv(a)) and (y := _arxiv(b)) and x != y:
        return False
    if kind in ("id", "title") and (x := _doi(a)) and (y := _doi(b)) and x != y:
        return False
    return True


def _truncated(short: str, long: str) -> bool:
    """``short`` is a cut-off copy of ``long`` (a prefix of it, or ending in an ellipsis)."""
    if len(long) <= len(short):
        return False
    return bool(_ELLIPSIS.search(short)) or long.startswith(_ELLIPSIS.sub("", short))


def merge(first: Paper, other: Paper) -> Paper:
    """``first`` with what ``other`` adds: empty fields filled, the longer author list, the full
    abstract where ``first``'s was cut short, and an arXiv-based id over a title slug."""
    update = {k: getattr(other, k) for k in ("year", "url", "source", "venue", "doi")
              if not getattr(first, k) and getattr(other, k)}
    if len(other.authors) > len(first.authors):
        update["authors"] = other.authors
    if _truncated(first.abstract, other.abstract):
        update["abstract"] = other.abstract
    if _ARXIV_PAPER_ID.match(other.id) and not _ARXIV_PAPER_ID.match(first.id):
        update["id"] = other.id
    return first.model_copy(update=update) if update else first


def _unique_ids(papers: list[Paper]) -> list[Paper]:
    """Different papers that got the same id (a title slug cut at 120 characters, or one title
    with two DOIs) are told apart by a short hash of what distinguishes them."""
    seen: set[str] = set()
    out = []
    for p in papers:
        if p.id in seen:
            basis = _doi(p) or normalise_title(p.title) or p.abstract
            p = p.model_copy(update={"id": f"{p.id}-{hashlib.sha1(basis.encode()).hexdigest()[:8]}"})
        seen.add(p.id)
        out.append(p)
    return out


def deduplicate(papers: Iterable[Paper]) -> list[Paper]:
    """One Paper per paper, in first-seen order, each merged from all the records of it.

    Records are the same paper when they share an arXiv id, a DOI, a source-given id or a
    normalised title, unless their arXiv ids (or, for a title or id match, their DOIs) differ.
    A record that links two groups (say, the arXiv id of one and the DOI of another) joins them.
    """
    groups: list[Paper | None] = []
    owner: dict[tuple[str, str], int] = {}
    for p in papers:
        keys = _keys(p)
        links: dict[int, str] = {}
        for kind, value in keys:
            g = owner.get((kind, value))
            if g is not None and g not in links and _compatible(groups[g], p, kind):
                links[g] = kind
        if not links:
            target = len(groups)
            groups.append(p)
        else:
            target = min(links)
            for g in sorted(links):
                if g != target and _compatible(groups[target], groups[g], links[g]):
                    groups[target] = merge(groups[target], groups[g])
                    groups[g] = None
                    for key, owned in owner.items():
                        if owned == g:
                            owner[key] = target
            groups[target] = merge(groups[target], p)
        for key in keys:
            owner.setdefault(key, target)
    return _unique_ids([p for p in groups if p is not None])
