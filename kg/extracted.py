"""Extraction records: one paper with its raw (unresolved) triples and results, a JSON object a line.

Extraction is the costly step and works paper by paper; resolution needs every paper at once.
A record holds what resolution needs of one paper, so records made anywhere (shards on N
machines, Dask workers, an earlier build's ``extracted.jsonl.gz``) merge into exactly the
build of one run. Format ``papergraph.extracted/1``, one object a line, gzip when the name ends
in ``.gz``::

    {"format": "papergraph.extracted/1", "seq": 17, "total": 133, "pipeline": "fast",
     "paper": {Paper}, "triples": [Triple, ...], "results": [ResultRecord, ...]}

- ``seq``: the paper's position in the run's input order (every input read, papers
  deduplicated). Records merge in ``seq`` order, so a build never depends on the order of the
  files or of the lines in them.
- ``total``: the run's number of papers. A merge checks that every position ``0..total-1`` has
  a record, so a forgotten shard is an error (even a shard with no paper).
- ``pipeline``: ``default`` or ``fast``; records of the two do not mix.
- ``triples`` / ``results``: as extracted, before resolution and before ``--min-confidence``
  (applied when building), so one set of records serves any threshold.

Shards: paper ``p`` is in shard ``1 + int(sha1(p.id)[:16], 16) % n`` of ``n``. A hash of the
id (not Python's salted ``hash``) gives the same assignment on every machine and run, spreads
papers evenly, and keeps a paper in its shard when other papers are added to the inputs.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import ValidationError

from kg.errors import BuildError
from kg.model import Paper, Record, ResultRecord, Triple

FORMAT = "papergraph.extracted/1"
Pipeline = Literal["default", "fast"]


def pipeline_name(fast: bool) -> Pipeline:
    return "fast" if fast else "default"


class Extracted(Record):
    """One paper and what the pipeline extracted from it, before resolution."""

    format: Literal["papergraph.extracted/1"] = FORMAT
    seq: int
    total: int
    pipeline: Pipeline
    paper: Paper
    triples: list[Triple]
    results: list[ResultRecord]


class Shard(NamedTuple):
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def positions(self, papers: list[Paper]) -> list[int]:
        """Positions of the papers of this shard.

        >>> ps = [Paper(id=f"paper:{i}", title="t", abstract="a") for i in range(30)]
        >>> sorted(i for k in (1, 2, 3) for i in Shard(k, 3).positions(ps)) == list(range(30))
        True
        """
        return [i for i, p in enumerate(papers) if shard_of(p.id, self.count) == self.index]


def shard_of(paper_id: str, count: int) -> int:
    """The shard (1..count) of a paper id, the same on every machine.

    >>> shard_of("paper:1706.03762", 3)
    2
    """
    return 1 + int(hashlib.sha1(paper_id.encode("utf-8")).hexdigest()[:16], 16) % count


def parse_shard(text: str) -> Shard:
    """``"2/3"`` -> ``Shard(2, 3)``; a ValueError says what is wrong.

    >>> parse_shard("2/3")
    Shard(index=2, count=3)
    """
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise ValueError(f"{text!r} is not I/N (e.g. 2/3)")
    shard = Shard(int(m.group(1)), int(m.group(2)))
    if not 1 <= shard.index <= shard.count:
        raise ValueError(f"{text!r}: I must be between 1 and N")
    return shard


def write_records(path: str | Path, records: Iterable[Extracted]) -> int:
    """Write records as JSON Lines (gzip for ``.gz``), atomically; returns how many."""
    from loaders.files import write_jsonl
    return write_jsonl(path, (r.model_dump(mode="json") for r in records))


class RecordSpool:
    """Records on disk instead of in memory: each one written as it is made, in the exact bytes of
    ``extracted.jsonl.gz``, and read back only when asked for.

    A build keeps its records to write them beside its outputs; for 100,000 papers, holding them
    as objects until then would cost more than the graph. Reads as a sequence of records (a new
    list each time it is read), so code written for ``list[Extracted]`` keeps working. The
    temporary file goes when the spool does; the file of a build that was killed (and so could
    not remove it) carries its process id, and the next spool in that directory removes it.
    """

    def __init__(self, directory: str | Path | None = None):
        import contextlib
        import os
        import tempfile
        import weakref

        from loaders.files import gzip_text
        _drop_orphan_spools(Path(directory or tempfile.gettempdir()))
        fd, name = tempfile.mkstemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", suffix=".jsonl.gz", dir=directory)
        self.path = Path(name)
        self._stack = contextlib.ExitStack()
        self._fh = gzip_text(self._stack.enter_context(os.fdopen(fd, "wb")), self._stack)
        self._count = 0
        self._cleanup = weakref.finalize(self, _drop_spool, self._stack, self.path)

    def append(self, record: Extracted) -> None:
        from loaders.files import dumps
        if self._fh is None:
            raise ValueError("the spool is closed: records are added before it is read")
        self._fh.write(dumps(record.model_dump(mode="json")) + "\n")
        self._count += 1

    def close(self) -> None:
        """Finish the gzip stream; reading closes it too."""
        if self._fh is not None:
            self._stack.close()
            self._fh = None

    def copy_to(self, path: str | Path) -> int:
        """Write the records to ``path`` atomically (the bytes :func:`write_records` would write)."""
        import shutil

        from loaders.files import atomic_open
        self.close()
        with atomic_open(path, "wb") as out, open(self.path, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        return self._count

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        from loaders.files import iter_jsonl
        self.close()
        return (Extracted.model_validate_json(line) for _, line in iter_jsonl(self.path))

    def __getitem__(self, index):
        return list(self)[index]


def _drop_spool(stack, path: Path) -> None:
    stack.close()
    path.unlink(missing_ok=True)


SPOOL_PREFIX = "papergraph-records-"


def _drop_orphan_spools(directory: Path) -> None:
    """Remove spool files whose process is gone (a killed build cannot remove its own)."""
    for path in directory.glob(f"{SPOOL_PREFIX}*-*.jsonl.gz"):
        pid = path.name[len(SPOOL_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    import os
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def read_records(paths: Iterable[str | Path]) -> list[Extracted]:
    """Records of all ``paths`` merged into one run, in input order (``seq``).

    The same record given twice (a shard file passed twice) counts once. Raises BuildError,
    naming the file and line, on a line that is not a record, and when the records do not make
    one complete run: positions missing, two papers at one position, different runs or pipelines.
    """
    from loaders.files import iter_jsonl
    paths = [Path(p) for p in paths]
    by_seq: dict[int, Extracted] = {}
    totals: set[int] = set()
    for path in paths:
        if not path.is_file():
            raise BuildError(f"{path}: no such file")
        try:
            for line_no, line in iter_jsonl(path):
                try:
                    r = Extracted.model_validate_json(line)
                except ValidationError as err:
                    first = err.errors()[0]
                    where = ".".join(str(x) for x in first["loc"])
                    raise BuildError(f"{path}:{line_no}: not an extraction record ({where}: {first['msg']}); "
                                     "write them with `kg extract --raw`") from None
                totals.add(r.total)
                old = by_seq.setdefault(r.seq, r)
                if old.paper.id != r.paper.id:
                    raise BuildError(f"{path}:{line_no}: position {r.seq} holds {old.paper.id} in another "
                                     f"file and {r.paper.id} here: these records come from different inputs")
        except (OSError, EOFError, UnicodeDecodeError) as err:
            raise BuildError(f"{path}: cannot read ({err})") from err
    names = ", ".join(str(p) for p in paths)
    if len(totals) > 1:
        raise BuildError(f"{names}: records of different runs ({' and '.join(map(str, sorted(totals)))} papers); "
                         "merge the shards of one set of inputs, or add papers with `kg build --into`")
    total = totals.pop() if totals else 0
    stray = sorted(i for i in by_seq if not 0 <= i < total)
    if stray:
        raise BuildError(f"{names}: position {stray[0]} is outside a run of {total} papers")
    missing = [i for i in range(total) if i not in by_seq]
    if missing:
        raise BuildError(f"{names}: {len(missing)} of {total} papers have no record (first missing position "
                         f"{missing[0]}): give the files of every shard")
    records = [by_seq[i] for i in range(total)]
    pipeline_of(records)
    return records


def pipeline_of(records: Iterable[Extracted]) -> Pipeline | None:
    """The one pipeline the records were extracted with (None for no record); BuildError on a mix."""
    seen = {r.pipeline for r in records}
    if len(seen) > 1:
        raise BuildError("records extracted with both the default and the fast pipeline do not mix; "
                         "extract them again with one of them")
    return seen.pop() if seen else None


def use_fast(records: Iterable[Extracted], fast: bool) -> bool:
    """Whether to extract new papers with the fast pipeline: the records' own, when there are any.

    ``fast`` (the caller's ``--fast``) against default-pipeline records is an error, not a silent mix.
    """
    have = pipeline_of(records)
    if have is None:
        return fast
    if fast and have != "fast":
        raise BuildError("--fast was given but the existing records come from the default pipeline; "
                         "drop --fast, or build again from the paper files")
    return have == "fast"


def flatten(records: Iterable[Extracted], min_confidence: float = 0.0
            ) -> tuple[list[Paper], list[Triple], list[ResultRecord]]:
    """Papers, triples and results of records, in record order, below ``min_confidence`` dropped."""
    papers: list[Paper] = []
    triples: list[Triple] = []
    results: list[ResultRecord] = []
    for r in records:
        papers.append(r.paper)
        triples.extend(t for t in r.triples if t.confidence >= min_confidence)
        results.extend(x for x in r.results if x.confidence >= min_confidence)
    return papers, triples, results


def input_names(records: Iterable[Extracted]) -> list[str]:
    """The file names the records' papers were read from, first seen first."""
    return list(dict.fromkeys(Path(r.paper.source).name for r in records if r.paper.source))
