"""BibTeX with abstracts (Zotero, Google Scholar, arXiv and ACL exports), read with bibtexparser 2."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache

from kg.errors import SourceError
from kg.model import Paper
from loaders.formats.base import (BadRecord, OnError, arxiv_id, decode_text, document_parser, raise_error,
                                  read_records, text)

#: Fields whose LaTeX is decoded to text; identifiers (url, doi, eprint) are taken as written.
PROSE = ("title", "abstract", "author", "journal", "booktitle")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text
    return LatexNodes2Text(math_mode="text")


def latex_text(value: str) -> str:
    """Plain text of a BibTeX value: braces, accents and macros decoded.

    A bare ``%`` is text in a BibTeX value, not a LaTeX comment, so it is escaped first.
    """
    value = re.sub(r"(?<!\\)%", r"\\%", value)
    try:
        return _decoder().latex_to_text(value)
    except Exception:  # pylatexenc is tolerant; a value it still rejects keeps its raw text
        return value.replace("{", "").replace("}", "")


def person(name: str) -> str:
    """"Devlin, Jacob" -> "Jacob Devlin"; "Last, Jr, First" -> "First Last Jr"."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}".strip()
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return name.strip()


def authors(value: str | None) -> list[str]:
    """BibTeX's "A and B and others" as a list of names ("others" dropped)."""
    if not value:
        return []
    return [person(n) for n in re.split(r"\s+and\s+", value) if n.strip() and n.strip() != "others"]


def entry_fields(block) -> dict:
    """Fields of one entry; a block bibtexparser could not parse is a bad record.

    An entry that repeats a citation key is still read (merged bibliographies often reuse keys
    for different papers); deduplication decides whether it is the same paper.
    """
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
    if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
        block = block.ignore_error_block
    if isinstance(block, ParsingFailedBlock):
        reason = str(block.error).strip().splitlines()
        raise BadRecord(f"is not valid BibTeX ({reason[0] if reason else 'unreadable entry'})")
    raw = {f.key.lower(): f.value for f in block.fields if isinstance(f.value, str)}
    get = {k: text(latex_text(v)) if k in PROSE else text(v) for k, v in raw.items()}.get
    journal = get("journal") or get("booktitle")
    return {
        "title": get("title"),
        "abstract": get("abstract"),
        "year": get("year") or get("date"),
        "url": get("url"),
        "doi": get("doi"),
        "arxiv": arxiv_id(get("eprint"), get("arxivid"), get("url"), get("doi"), journal),
        "authors": authors(get("author")),
        "venue": journal,
    }


def _records(library) -> Iterator[tuple[int, object]]:
    """(line, block) of each entry or failed block, in file order; strings and comments are not records."""
    from bibtexparser.model import Entry, ParsingFailedBlock
    for block in library.blocks:
        if isinstance(block, (Entry, ParsingFailedBlock)):
            yield (block.start_line or 0) + 1, block


@document_parser
def parse_bibtex(data: str | bytes, path: str = "<bibtex>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from a BibTeX file; the arXiv id comes from ``eprint`` (or url, doi, journal)."""
    import bibtexparser
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # failures reach on_error instead
    try:
        library = bibtexparser.parse_string(decode_text(data))
    except Exception as err:  # the library's own failure modes are not part of its API
        on_error(SourceError(path, None, f"unreadable BibTeX ({type(err).__name__}: {err})"))
        return
    yield from read_records(_records(library), entry_fields, path, on_error)
