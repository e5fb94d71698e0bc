"""OpenAlex works JSON: ``{"meta": ..., "results": [...]}``, a list of works, or one work."""
from __future__ import annotations

from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import (BadRecord, OnError, api_error, arxiv_id, as_dict, document_parser,
                                  json_records, obj, raise_error, read_records)


def abstract_text(index) -> str | None:
    """The abstract rebuilt from OpenAlex's ``abstract_inverted_index`` (word -> positions).

    >>> abstract_text({"models": [1], "Large": [0], "work.": [2]})
    'Large models work.'
    """
    if index is None:
        return None
    if not isinstance(index, dict):
        raise BadRecord("abstract_inverted_index is not an object")
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions
                    if isinstance(pos, int) and not isinstance(pos, bool))
    return " ".join(word for _, word in placed)


def work_fields(work) -> dict:
    """Fields of one work; an arXiv id may show up as an arXiv location or an arXiv DOI."""
    work = as_dict(work)
    api_error(work)
    primary = obj(work.get("primary_location"))
    ids = obj(work.get("ids"))
    locations = [obj(loc).get("landing_page_url") for loc in work.get("locations") or []]
    doi = work.get("doi") or ids.get("doi")
    return {
        "title": work.get("title") or work.get("display_name"),
        "abstract": abstract_text(work.get("abstract_inverted_index")),
        "year": work.get("publication_year") or work.get("publication_date"),
        "url": primary.get("landing_page_url") or doi or work.get("id"),
        "doi": doi,
        "arxiv": arxiv_id(doi, primary.get("landing_page_url"), *locations),
        "authors": [obj(a.get("author")).get("display_name")
                    for a in work.get("authorships") or [] if isinstance(a, dict)],
        "venue": obj(primary.get("source")).get("display_name"),
    }


@document_parser
def parse_openalex(data: str | bytes, path: str = "<openalex>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from OpenAlex ``/works`` JSON; a work without an abstract is reported and skipped."""
    return read_records(json_records(data, path, on_error, wrappers=("results",)), work_fields, path, on_error)
