"""Source readers: files of papers in, :class:`kg.model.Paper` records out.

Each format has a pure ``parse_*`` function over decoded lines (easy to test on a list of
strings) and the shared :func:`read_source` that opens a file, picks the format and decodes.
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
from kg.model import Paper, paper_id

OnError = Callable[[SourceError], None]

#: A line longer than this many words reads as an abstract, not a title.
ABSTRACT_MIN_WORDS = 12
TITLE_MAX_WORDS = 40
ARXIV_ID_RE = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.I)


def _raise(err: SourceError) -> None:
    raise err


def make_paper(title: str, abstract: str, *, source: str, record_id: str | None = None,
               year=None, url: str | None = None, **extra) -> Paper:
    """A Paper with the SPEC.md id rules applied (arXiv id when known, else title slug)."""
    title = " ".join(str(title).split())
    abstract = " ".join(str(abstract).split())
    arxiv = None
    pid = None
    if record_id:
        rid = str(record_id).strip()
        m = ARXIV_ID_RE.match(rid)
        if m:
            arxiv = m.group(1)
        elif rid:
            pid = "paper:" + re.sub(r"[^A-Za-z0-9._:-]+", "-", rid).strip("-")
    pid = pid or paper_id(title, url=url, arxiv_id=arxiv)
    return Paper(id=pid, title=title, abstract=abstract, year=_year(year), url=url or None,
                 source=source, **extra)


def _year(value) -> int | None:
    if value in (None, ""):
        return None
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", str(value))
    return int(m.group(1)) if m else None


def _check(title: str | None, abstract: str | None, path: str, line: int) -> None:
    if not title or not str(title).strip():
        raise SourceError(path, line, "record has no title")
    if not abstract or not str(abstract).strip():
        raise SourceError(path, line, f"record {str(title)[:60]!r} has an empty abstract")


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

FIELDS = ("title", "abstract", "id", "year", "url")


def _from_mapping(rec: dict, path: str, line: int) -> Paper:
    if not isinstance(rec, dict):
        raise SourceError(path, line, f"expected a JSON object, got {type(rec).__name__}")
    title, abstract = rec.get("title"), rec.get("abstract")
    _check(title, abstract, path, line)
    if not isinstance(title, str) or not isinstance(abstract, str):
        raise SourceError(path, line, "title and abstract must be text")
    url = rec.get("url")
    return make_paper(title, abstract, source=path, record_id=rec.get("id"), year=rec.get("year"),
                      url=url if isinstance(url, str) else None)


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


# --------------------------------------------------------------------------- files

PARSERS: dict[str, Callable[..., Iterator[Paper]]] = {
    "listing": parse_listing,
    "jsonl": parse_jsonl,
    "csv": parse_csv,
}
EXTENSIONS = {".txt": "listing", ".md": "listing", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".csv": "csv"}


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


def detect_format(path: Path, head: bytes) -> str:
    """The reader for a file: by extension, else by a look at its first bytes."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in EXTENSIONS:
        return EXTENSIONS[suffixes[-1]]
    text = head.lstrip()
    if text.startswith(b"{"):
        return "jsonl"
    first = text.split(b"\n", 1)[0].lower()
    if b"title" in first and b"abstract" in first and b"," in first:
        return "csv"
    return "listing"


def read_source(path: str | Path, on_error: OnError = _raise, fmt: str | None = None) -> Iterator[Paper]:
    """Papers from one file, format detected unless ``fmt`` is given.

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
    fmt = fmt or detect_format(path, data[:4096])
    if fmt not in PARSERS:
        raise SourceError(str(path), None, f"unknown format {fmt!r} (known: {', '.join(PARSERS)})")
    yield from PARSERS[fmt](decode_lines(data), str(path), on_error)


def read_sources(paths: Iterable[str | Path], on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers from several files; a file that cannot be opened is reported and skipped."""
    for path in paths:
        try:
            yield from read_source(path, on_error)
        except SourceError as err:
            on_error(err)
