"""Source readers: files of papers in, :class:`kg.model.Paper` records out.

Line formats (the listing, JSON Lines, CSV) have a pure ``parse_*`` function over decoded lines
(easy to test on a list of strings); whole-document formats (arXiv Atom, BibTeX, CSL-JSON,
Semantic Scholar, OpenAlex, ACL Anthology XML, Papers with Code) have one over the document's
bytes or text, in :mod:`loaders.formats`. The shared :func:`read_source` opens a file, picks the
format (by extension, then by content) and hands the parser what it reads.
Bad records never stop a reader: they are reported to ``on_error`` as
:class:`kg.errors.SourceError` (file, line, reason) and skipped.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import SourceError
from kg.model import Paper
from loaders.formats.acl_xml import parse_acl_xml
from loaders.formats.arxiv_atom import parse_arxiv_atom
from loaders.formats.base import (ARXIV_ID_RE, OnError, as_dict, decode_text, document_parser, json_records,
                                  make_paper, paper_from_fields, read_records)
from loaders.formats.base import raise_error as _raise
from loaders.formats.bibtex import parse_bibtex
from loaders.formats.csl_json import parse_csl_json
from loaders.formats.openalex import parse_openalex
from loaders.formats.pwc import parse_pwc
from loaders.formats.semantic_scholar import parse_semantic_scholar

__all__ = ["ARXIV_ID_RE", "EXTENSIONS", "OnError", "PARSERS", "decode_lines", "detect_format", "make_paper",
           "parse_csv", "parse_json", "parse_jsonl", "parse_listing", "read_source", "read_sources"]

#: A line longer than this many words reads as an abstract, not a title.
ABSTRACT_MIN_WORDS = 12
TITLE_MAX_WORDS = 40


# --------------------------------------------------------------------------- listing format


def _blocks(lines: Iterable[str | None]) -> Iterator[tuple[int, str | None]]:
    """Runs of non-empty lines as (first line number, text); None text for undecodable lines."""
    start, buf, bad = None, [], False
    for no, line in enumerate(lines, 1):
        if line is None:
            bad = True
            start = start or no
            continue
        if line.strip():
            start = start or no
            buf.append(line.strip())
        elif start is not None:
            yield start, (None if bad else " ".join(buf))
            start, buf, bad = None, [], False
    if start is not None:
        yield start, (None if bad else " ".join(buf))


def _is_abstract(text: str | None) -> bool:
    return text is not None and len(text.split()) >= ABSTRACT_MIN_WORDS


def _is_title(text: str | None) -> bool:
    return text is not None and 0 < len(text.split()) <= TITLE_MAX_WORDS


def parse_listing(lines: Iterable[str | None], path: str = "<listing>",
                  on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers from the listing format: title line, empty line, abstract line, empty line.

    Lines before the first title (page furniture such as "Subscribe" or a date) are skipped.
    A line that could not be decoded is passed as ``None`` and spoils only its record.

    >>> text = ["Subscribe", "", "A Title", "", "This abstract has more than twelve words in it so it reads as one."]
    >>> [p.title for p in parse_listing(text)]
    ['A Title']
    """
    blocks = list(_blocks(lines))
    # The first paper starts at the first title-like block followed by an abstract-like one.
    i = 0
    while i + 1 < len(blocks) and not (_is_title(blocks[i][1]) and _is_abstract(blocks[i + 1][1])
                                       and not _is_abstract(blocks[i][1])):
        i += 1
    if i + 1 >= len(blocks):
        if blocks:
            on_error(SourceError(path, None, "no paper found (expected a title line, an empty line and an abstract line)"))
        return
    while i < len(blocks):
        line, title = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else (None, "")
        if title is None:
            on_error(SourceError(path, line, "title is not valid UTF-8"))
            i += 2 if _is_abstract(nxt[1]) or nxt[1] is None else 1
            continue
        if _is_abstract(title) and len(title.split()) > TITLE_MAX_WORDS:
            on_error(SourceError(path, line, "abstract without a title"))
            i += 1
            continue
        if nxt[1] is None:
            on_error(SourceError(path, nxt[0], f"abstract of {title[:60]!r} is not valid UTF-8"))
            i += 2
            continue
        if not nxt[1] or not _is_abstract(nxt[1]):
            # The next block is another title (or nothing): this record has no abstract.
            on_error(SourceError(path, line, f"record {title[:60]!r} has an empty abstract"))
            i += 1
            continue
        yield make_paper(title, nxt[1], source=path)
        i += 2


# --------------------------------------------------------------------------- JSON Lines / CSV

FIELDS = ("title", "abstract", "id", "year", "url", "doi", "venue", "authors")


def generic_fields(rec: dict) -> dict:
    """Fields of a plain record: ``title``, ``abstract`` and optional ``id``, ``year``, ``url``,
    ``doi``, ``venue`` and ``authors`` (a list, or names separated by ``;``)."""
    authors = rec.get("authors")
    if isinstance(authors, str):
        authors = authors.split(";")
    return {"title": rec.get("title"), "abstract": rec.get("abstract"), "record_id": rec.get("id"),
            "year": rec.get("year"), "url": rec.get("url"), "doi": rec.get("doi"),
            "venue": rec.get("venue"), "authors": authors}


def _from_mapping(rec: dict, path: str, line: int) -> Paper:
    if not isinstance(rec, dict):
        raise SourceError(path, line, f"expected a JSON object, got {type(rec).__name__}")
    return paper_from_fields(generic_fields(rec), path, line)


def parse_jsonl(lines: Iterable[str | None], path: str = "<jsonl>",
                on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers from JSON Lines with ``title``, ``abstract`` and optional ``id``, ``year``, ``url``."""
    for no, line in enumerate(lines, 1):
        if line is None:
            on_error(SourceError(path, no, "line is not valid UTF-8"))
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            on_error(SourceError(path, no, f"malformed JSON ({err.msg} at column {err.colno})"))
            continue
        try:
            yield _from_mapping(rec, path, no)
        except SourceError as err:
            on_error(err)


def parse_csv(lines: Iterable[str | None], path: str = "<csv>",
              on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers from CSV with a header row naming ``title``, ``abstract`` and optional fields."""
    good = []
    bad_lines = []
    for no, line in enumerate(lines, 1):
        if line is None:
            bad_lines.append(no)
            good.append("")
        else:
            good.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(good)))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "title" not in header or "abstract" not in header:
        on_error(SourceError(path, 1, "CSV header must name the columns 'title' and 'abstract'"))
        return
    reader.fieldnames = header
    for no in bad_lines:
        on_error(SourceError(path, no, "line is not valid UTF-8"))
    prev = reader.line_num
    for rec in reader:
        no = prev + 1
        prev = reader.line_num
        if any(n in bad_lines for n in range(no, reader.line_num + 1)):
            continue
        if None in rec:
            on_error(SourceError(path, no, "row has more fields than the header"))
            continue
        try:
            yield _from_mapping({k: v for k, v in rec.items() if k in FIELDS and v}, path, no)
        except SourceError as err:
            on_error(err)


@document_parser
def parse_json(data: str | bytes, path: str = "<json>", on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers from a JSON array of plain records (the JSON Lines fields), or ``{"papers": [...]}``."""
    return read_records(json_records(data, path, on_error, ("papers", "data", "results", "items", "records")),
                        lambda rec: generic_fields(as_dict(rec)), path, on_error)


# --------------------------------------------------------------------------- files

PARSERS: dict[str, Callable[..., Iterator[Paper]]] = {
    "listing": parse_listing,
    "jsonl": parse_jsonl,
    "csv": parse_csv,
    "json": parse_json,
    "arxiv-atom": parse_arxiv_atom,
    "bibtex": parse_bibtex,
    "csl-json": parse_csl_json,
    "semantic-scholar": parse_semantic_scholar,
    "openalex": parse_openalex,
    "acl-xml": parse_acl_xml,
    "pwc": parse_pwc,
}
#: Formats by extension; "xml" and "json" are families whose member is told by content.
EXTENSIONS = {".txt": "listing", ".md": "listing", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".csv": "csv", ".bib": "bibtex", ".bibtex": "bibtex", ".atom": "arxiv-atom",
              ".xml": "xml", ".json": "json"}

#: How much of a file detection looks at.
HEAD_BYTES = 1 << 16

#: Keys that give a JSON document's source away, checked in this order.
JSON_SHAPES = (
    ("openalex", re.compile(r'"abstract_inverted_index"\s*:|"https://openalex\.org/W\d')),
    ("semantic-scholar", re.compile(r'"(?:paperId|externalIds)"\s*:')),
    ("pwc", re.compile(r'"(?:paper_url|arxiv_id)"\s*:')),
    ("csl-json", re.compile(r'"(?:container-title|issued|type)"\s*:')),
)
XML_ROOTS = {"feed": "arxiv-atom", "collection": "acl-xml", "volume": "acl-xml"}
_XML_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S)
_XML_ROOT_RE = re.compile(r"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def decode_lines(data: bytes) -> list[str | None]:
    """Split bytes into lines (any line ending); a line that is not UTF-8 becomes None."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out: list[str | None] = []
    for raw in re.split(rb"\r\n|\r|\n", data):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(None)
    if out and out[-1] == "":
        out.pop()
    return out


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def sniff_json(head: str) -> str:
    """JSON Lines when the first two lines are objects, else the source its keys give away."""
    lines = [line for line in head.splitlines()[:50] if line.strip()][:2]
    first_is_object = bool(lines) and lines[0].lstrip().startswith("{") and _is_json_object(lines[0])
    if first_is_object and len(lines) > 1:
        return "jsonl"
    for fmt, keys in JSON_SHAPES:
        if keys.search(head):
            return fmt
    return "jsonl" if first_is_object else "json"


def sniff_xml(head: str, path: Path) -> str:
    """The XML format its root element names: an Atom ``<feed>`` or an ACL ``<collection>``."""
    pos = 0
    while m := _XML_PROLOG_RE.match(head, pos):
        pos = m.end()
    root = _XML_ROOT_RE.match(head, pos)
    if not root:
        raise SourceError(str(path), None, "not an XML document (no root element found)")
    if root.group(1) not in XML_ROOTS:
        raise SourceError(str(path), None, f"unknown XML format: root element <{root.group(1)}> "
                                           "(known: arXiv Atom <feed>, ACL Anthology <collection>)")
    return XML_ROOTS[root.group(1)]


def _looks_like_bibtex(head: str) -> bool:
    """The first line that is not blank or a ``%`` comment opens an ``@entry``."""
    for line in head.splitlines():
        if line.strip() and not line.lstrip().startswith("%"):
            return bool(re.match(r"\s*@\s*\w+\s*[{(]", line))
    return False


def detect_format(path: Path, head: bytes) -> str:
    """The reader for a file: by extension, else by a look at its first bytes.

    ``.xml`` and ``.json`` files are told apart by content (root element; JSON Lines or the
    keys a source uses). Raises :class:`SourceError` for XML of no known format.
    """
    path = Path(path)
    text = decode_text(head)
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    fmt = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    stripped = text.lstrip()
    if fmt is None:
        if stripped.startswith("<"):
            fmt = "xml"
        elif stripped.startswith(("{", "[")):
            fmt = "json"
        elif _looks_like_bibtex(text):
            return "bibtex"
        else:
            first = stripped.split("\n", 1)[0].lower()
            return "csv" if "title" in first and "abstract" in first and "," in first else "listing"
    if fmt == "xml":
        return sniff_xml(text, path)
    if fmt == "json":
        return sniff_json(text)
    return fmt


def read_source(path: str | Path, on_error: OnError = _raise, fmt: str | None = None) -> Iterator[Paper]:
    """Papers from one file, format detected unless ``fmt`` (a name in :data:`PARSERS`) is given.

    Line parsers get decoded lines; whole-document parsers get the bytes.
    Raises :class:`SourceError` when the file cannot be opened or its format is unknown.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(str(path), None, f"cannot read file ({err.strerror})") from err
    if path.suffix.lower() == ".gz":
        import gzip
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise SourceError(str(path), None, f"not a readable gzip file ({err})") from err
    fmt = fmt or detect_format(path, data[:HEAD_BYTES])
    if fmt not in PARSERS:
        raise SourceError(str(path), None, f"unknown format {fmt!r} (known: {', '.join(PARSERS)})")
    parser = PARSERS[fmt]
    yield from parser(data if getattr(parser, "reads_document", False) else decode_lines(data),
                      str(path), on_error)


def read_sources(paths: Iterable[str | Path], on_error: OnError = _raise,
                 fmt: str | None = None) -> Iterator[Paper]:
    """Papers from several files; a file that cannot be opened is reported and skipped."""
    for path in paths:
        try:
            yield from read_source(path, on_error, fmt)
        except SourceError as err:
            on_error(err)
