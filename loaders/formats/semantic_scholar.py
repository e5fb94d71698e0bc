"""Semantic Scholar Graph API JSON: search and batch responses, or a saved list of papers."""
from __future__ import annotations

from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import (OnError, api_error, as_dict, document_parser, json_records, obj,
                                  raise_error, read_records)

#: Keys under which the API returns its list of papers (search, bulk search, recommendations,
#: citations and references).
WRAPPERS = ("data", "recommendedPapers", "papers")


def paper_fields(record) -> dict:
    """Fields of one paper; citation and reference lists wrap it in ``citingPaper``/``citedPaper``."""
    record = as_dict(record)
    api_error(record)
    for key in ("citingPaper", "citedPaper"):
        if isinstance(record.get(key), dict):
            record = record[key]
    ids, journal = obj(record.get("externalIds")), obj(record.get("journal"))
    venue = obj(record.get("publicationVenue"))
    return {
        "title": record.get("title"),
        "abstract": record.get("abstract"),
        "year": record.get("year") or record.get("publicationDate"),
        "url": record.get("url"),
        "arxiv": ids.get("ArXiv"),
        "doi": ids.get("DOI"),
        "authors": [a.get("name") for a in record.get("authors") or [] if isinstance(a, dict)],
        "venue": record.get("venue") or journal.get("name") or venue.get("name"),
    }


@document_parser
def parse_semantic_scholar(data: str | bytes, path: str = "<semantic-scholar>",
                           on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from Semantic Scholar Graph API JSON (``{"data": [...]}``, a list, or one paper).

    A ``null`` in a batch response (an id the API did not know) is reported as a bad record.
    """
    return read_records(json_records(data, path, on_error, WRAPPERS), paper_fields, path, on_error)
