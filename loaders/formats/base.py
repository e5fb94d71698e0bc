"""What every source reader shares: Paper ids, field checks, and record-by-record error reports.

A reader turns each record of its format into a plain dict of fields (``title``, ``abstract``,
``year``, ``url``, ``arxiv``, ``doi``, ``authors``, ``venue``, ``record_id``) and hands the
records to :func:`read_records`, which checks them, makes :class:`kg.model.Paper` records and
reports bad ones to ``on_error`` with the file, line and record number. Whole-document formats
(JSON, XML) are read as streams by :func:`json_records` and :func:`xml_elements`, so a file cut
short still yields every record that was complete before the cut.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from kg.errors import SourceError
from kg.model import Paper, paper_id

OnError = Callable[[SourceError], None]
Fields = Mapping[str, Any]

ARXIV_ID_RE = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.I)
#: arXiv ids inside URLs (abs/pdf), ``arXiv:`` mentions and arXiv DOIs (10.48550/arXiv.<id>).
ARXIV_IN_TEXT_RE = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv[:.]\s*)(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
DOI_RE = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


def raise_error(err: SourceError) -> None:
    """The default ``on_error``: stop at the first bad record."""
    raise err


class BadRecord(ValueError):
    """A converter's verdict on a record it cannot use; :func:`read_records` adds where it was."""


def document_parser(func: Callable[..., Iterator[Paper]]) -> Callable[..., Iterator[Paper]]:
    """Mark a parser that reads a whole document (bytes or text) rather than decoded lines."""
    func.reads_document = True
    return func


# --------------------------------------------------------------------------- ids and fields


def arxiv_id(*values: object) -> str | None:
    """The first new-style arXiv id among ``values``: bare ids, ``arXiv:`` ids, URLs, arXiv DOIs.

    >>> arxiv_id(None, "https://doi.org/10.48550/arXiv.2101.00001", "x")
    '2101.00001'
    >>> arxiv_id("http://arxiv.org/abs/1810.04805v2")
    '1810.04805'
    """
    for value in values:
        if isinstance(value, str):
            m = ARXIV_ID_RE.match(value.strip()) or ARXIV_IN_TEXT_RE.search(value)
            if m:
                return m.group(1)
    return None


def normalise_doi(value: object) -> str | None:
    """A bare DOI (``10.…/…``) from a DOI, ``doi:`` or https://doi.org/ form; None if it is none.

    >>> normalise_doi("https://doi.org/10.18653/v1/N19-1423")
    '10.18653/v1/N19-1423'
    """
    if not isinstance(value, str):
        return None
    m = DOI_RE.match(value.strip())
    return m.group(1).rstrip(".,;") if m else None


def year_of(value: object) -> int | None:
    """The first plausible publication year in a value ("2021-01-04", 2021, "July 2020")."""
    if value in (None, "") or isinstance(value, bool):
        return None
    m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", str(value))
    return int(m.group(1)) if m else None


def text(value: object) -> str | None:
    """Whitespace-collapsed text, or None for anything that is not non-empty text."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def texts(values: object) -> list[str]:
    """The non-empty texts of a list (anything else gives an empty list)."""
    if not isinstance(values, list):
        return []
    return [t for t in map(text, values) if t]


def make_paper(title: str, abstract: str, *, source: str, record_id: str | None = None, year=None,
               url: str | None = None, arxiv: str | None = None, doi: str | None = None,
               authors: Iterable[str] = (), venue: str | None = None) -> Paper:
    """A Paper with the SPEC.md id rules applied (arXiv id when known, else title slug).

    The arXiv id comes from ``arxiv``, an arXiv-shaped ``record_id``, an arXiv DOI or the URL;
    any other ``record_id`` is kept as the id.

    >>> make_paper("BERT", "Text.", source="x", doi="https://doi.org/10.48550/arXiv.1810.04805").id
    'paper:1810.04805'
    """
    title = " ".join(str(title).split())
    abstract = " ".join(str(abstract).split())
    doi = normalise_doi(doi)
    arxiv = arxiv_id(arxiv, doi)
    pid = None
    if record_id and not arxiv:
        rid = str(record_id).strip()
        m = ARXIV_ID_RE.match(rid)
        if m:
            arxiv = m.group(1)
        elif rid:
            pid = "paper:" + re.sub(r"[^A-Za-z0-9._:-]+", "-", rid).strip("-")
    pid = pid or paper_id(title, url=url, arxiv_id=arxiv)
    return Paper(id=pid, title=title, abstract=abstract, year=year_of(year), url=url or None,
                 source=source, authors=[a for a in (text(a) for a in authors) if a],
                 venue=text(venue), doi=doi)


def _is_valid_text(value: str) -> bool:
    """False for text holding bytes that were not UTF-8 (kept as surrogates by :func:`decode_text`)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def paper_from_fields(fields: Fields, path: str, line: int | None, record: int | None = None) -> Paper:
    """A checked Paper from a converter's fields: a title and an abstract, as valid text.

    Raises :class:`SourceError` naming the file, line and (when given) record number.
    """
    what = f"record {record}" if record is not None else "record"
    title, abstract = fields.get("title"), fields.get("abstract")
    if (title is not None and not isinstance(title, str)) or (
            abstract is not None and not isinstance(abstract, str)):
        raise SourceError(path, line, f"{what}: title and abstract must be text")
    if not title or not title.strip():
        raise SourceError(path, line, f"{what} has no title")
    if not abstract or not abstract.strip():
        raise SourceError(path, line, f"{what} {text(title)[:60]!r} has an empty abstract")
    if not (_is_valid_text(title) and _is_valid_text(abstract)):
        raise SourceError(path, line, f"{what}: text is not valid UTF-8")
    record_id = fields.get("record_id")
    return make_paper(title, abstract, source=path,
                      record_id=str(record_id) if isinstance(record_id, (str, int)) else None,
                      year=fields.get("year"), url=text(fields.get("url")),
                      arxiv=text(fields.get("arxiv")), doi=text(fields.get("doi")),
                      authors=texts(fields.get("authors")), venue=text(fields.get("venue")))


def read_records(records: Iterable[tuple[int | None, Any]], convert: Callable[[Any], Fields],
                 path: str, on_error: OnError) -> Iterator[Paper]:
    """Papers from ``(line, record)`` pairs: each converted, checked and made a Paper.

    A record the converter rejects (:class:`BadRecord`) or chokes on (a record of the wrong
    shape) is reported with its line and record number and skipped.
    """
    for number, (line, record) in enumerate(records, 1):
        try:
            paper = paper_from_fields(convert(record), path, line, number)
        except SourceError as err:
            on_error(err)
            continue
        except BadRecord as err:
            on_error(SourceError(path, line, f"record {number}: {err}"))
            continue
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as err:
            on_error(SourceError(path, line, f"record {number} is malformed ({type(err).__name__}: {err})"))
            continue
        yield paper


def api_error(record: object) -> None:
    """Raise :class:`BadRecord` for an API error object saved in place of a result."""
    if isinstance(record, dict) and "title" not in record and ("error" in record or "message" in record):
        raise BadRecord(f"is an API error response ({record.get('message') or record.get('error')})")


def obj(value: object) -> dict:
    """A JSON object, or an empty one for null or anything else (for optional nested objects)."""
    return value if isinstance(value, dict) else {}


def as_dict(record: object) -> dict:
    """The record if it is an object; the reason it cannot be read otherwise."""
    if record is None:
        raise BadRecord("is null")
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    return record


# --------------------------------------------------------------------------- text and JSON


def decode_text(data: str | bytes) -> str:
    """Text of a document; bytes that are not UTF-8 survive as surrogates, to spoil only their record."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "surrogateescape")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")


_DECODER = json.JSONDecoder()
_WS_RE = re.compile(r"[ \t\n\r]*")


def _skip(doc: str, pos: int) -> int:
    return _WS_RE.match(doc, pos).end()


class _Lines:
    """Line numbers of positions in a text, counted incrementally."""

    def __init__(self, doc: str):
        self.doc, self.pos, self.line = doc, 0, 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.doc.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _array_items(doc: str, pos: int, lines: _Lines):
    """(line, value) of each item of the array at ``pos``; returns the position after it."""
    pos = _skip(doc, pos + 1)
    if doc.startswith("]", pos):
        return pos + 1
    while True:
        value, end = _DECODER.raw_decode(doc, pos)
        yield lines.at(pos), value
        pos = _skip(doc, end)
        if doc.startswith(",", pos):
            pos = _skip(doc, pos + 1)
        elif doc.startswith("]", pos):
            return pos + 1
        else:
            raise json.JSONDecodeError("expected ',' or ']' after a record", doc, pos)


def _object_records(doc: str, start: int, lines: _Lines, wrappers: Collection[str]):
    """Records of the object at ``start``: the items under a wrapper key, else the object itself."""
    pos, wrapped = _skip(doc, start + 1), False
    while not doc.startswith("}", pos):
        if not doc.startswith('"', pos):
            raise json.JSONDecodeError("expected a property name in double quotes", doc, pos)
        key, pos = _DECODER.raw_decode(doc, pos)
        pos = _skip(doc, pos)
        if not doc.startswith(":", pos):
            raise json.JSONDecodeError("expected ':' after a property name", doc, pos)
        pos = _skip(doc, pos + 1)
        if key in wrappers and doc.startswith("[", pos):
            pos = yield from _array_items(doc, pos, lines)
            wrapped = True
        else:
            pos = _DECODER.raw_decode(doc, pos)[1]
        pos = _skip(doc, pos)
        if doc.startswith(",", pos):
            pos = _skip(doc, pos + 1)
        elif not doc.startswith("}", pos):
            raise json.JSONDecodeError("expected ',' or '}' after a property", doc, pos)
    if wrapped:
        return pos + 1
    value, end = _DECODER.raw_decode(doc, start)
    yield lines.at(start), value
    return end


def json_records(data: str | bytes, path: str, on_error: OnError,
                 wrappers: Collection[str] = ()) -> Iterator[tuple[int, Any]]:
    """(line, record) of a JSON document: the items of a top-level array, of the array under one
    of ``wrappers`` in a top-level object (``{"results": [...]}``), or a lone object itself.

    Records are read one at a time, so malformed or truncated JSON costs only the records from
    the fault on: the fault is reported once, with its line.
    """
    doc = decode_text(data)
    lines = _Lines(doc)
    pos = _skip(doc, 0)
    try:
        if doc.startswith("[", pos):
            end = yield from _array_items(doc, pos, lines)
        elif doc.startswith("{", pos):
            end = yield from _object_records(doc, pos, lines, wrappers)
        else:
            raise json.JSONDecodeError("expected a JSON array or object", doc, pos)
        if _skip(doc, end) < len(doc):
            raise json.JSONDecodeError("extra data after the JSON document", doc, _skip(doc, end))
    except json.JSONDecodeError as err:
        on_error(SourceError(path, err.lineno,
                             f"malformed JSON ({err.msg} at column {err.colno}); the rest of the file is skipped"))
    except RecursionError:
        on_error(SourceError(path, None, "malformed JSON (nested too deeply)"))


# --------------------------------------------------------------------------- XML


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def xml_text(elem: ET.Element | None) -> str | None:
    """All text inside an element (child tags such as ``<fixed-case>`` included), collapsed."""
    return None if elem is None else text("".join(elem.itertext()))


def child(elem: ET.Element, name: str) -> ET.Element | None:
    """The first child of ``elem`` with local name ``name``."""
    return next((c for c in elem if local(c.tag) == name), None)


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    """The children of ``elem`` with local name ``name``."""
    return [c for c in elem if local(c.tag) == name]


def child_text(elem: ET.Element, name: str) -> str | None:
    return xml_text(child(elem, name))


def xml_elements(data: str | bytes, path: str, on_error: OnError, tags: Collection[str],
                 roots: Collection[str]) -> Iterator[tuple[int, ET.Element]]:
    """(line of the start tag, element) for each complete element named in ``tags``.

    The document is parsed as a stream, so malformed or truncated XML still yields the elements
    that closed before the fault, which is then reported once with its line. A root element not
    in ``roots`` means the file is not of this format, reported as such.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    parser = ET.XMLPullParser(events=("start", "end"))
    starts: dict[ET.Element, int] = {}
    seen_root = False
    try:
        for line, chunk in enumerate([*data.splitlines(keepends=True), None], 1):
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
            for event, elem in parser.read_events():
                name = local(elem.tag)
                if not seen_root:
                    seen_root = True
                    if name not in roots:
                        expected = " or ".join(f"<{r}>" for r in sorted(roots))
                        on_error(SourceError(path, line, f"root element is <{name}>, expected {expected}"))
                        return
                if name not in tags:
                    continue
                if event == "start":
                    starts[elem] = line
                else:
                    yield starts.pop(elem, line), elem
                    elem.clear()
    except ET.ParseError as err:
        on_error(SourceError(path, err.position[0], f"malformed XML ({err}); the rest of the file is skipped"))
    except LookupError as err:          # an encoding declaration Python does not know
        on_error(SourceError(path, 1, f"malformed XML ({err})"))
