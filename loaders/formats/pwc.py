"""Papers with Code's ``papers-with-abstracts.json`` dump: one array of papers."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import OnError, as_dict, document_parser, json_records, raise_error, read_records, text


def _venue(proceeding) -> str | None:
    """"CVPR 2016 6" -> "CVPR 2016" (the dump appends the month to the proceedings name)."""
    venue = text(proceeding)
    return re.sub(r"\s+\d{1,2}$", "", venue) if venue else None


def paper_fields(record) -> dict:
    record = as_dict(record)
    return {
        "title": record.get("title"),
        "abstract": record.get("abstract"),
        "year": record.get("date"),
        "url": record.get("url_abs") or record.get("paper_url"),
        "arxiv": record.get("arxiv_id"),
        "authors": record.get("authors"),
        "venue": _venue(record.get("proceeding")),
    }


@document_parser
def parse_pwc(data: str | bytes, path: str = "<pwc>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from Papers with Code's ``papers-with-abstracts.json``."""
    return read_records(json_records(data, path, on_error), paper_fields, path, on_error)
