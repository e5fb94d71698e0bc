"""CSL-JSON, as Zotero, Mendeley and citeproc export it: an array of items."""
from __future__ import annotations

from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import (OnError, arxiv_id, as_dict, document_parser, json_records, raise_error,
                                  read_records, text)


def _first(value):
    """CSL allows some strings as one-item lists (``container-title`` in citeproc-js output)."""
    return value[0] if isinstance(value, list) and value else value


def _name(person) -> str | None:
    if not isinstance(person, dict):
        return None
    return text(person.get("literal")) or text(" ".join(
        part for part in (person.get("given"), person.get("non-dropping-particle"), person.get("family"))
        if isinstance(part, str)))


def _issued_year(issued):
    """The year of a CSL date: ``{"date-parts": [[2020, 5]]}``, ``{"raw": "2020"}`` or a string."""
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return parts[0][0]
        return issued.get("raw") or issued.get("literal")
    return issued


def item_fields(item) -> dict:
    """Fields of one CSL item; an arXiv id may sit in URL, number, DOI or the item id."""
    item = as_dict(item)
    url, doi = item.get("URL"), item.get("DOI")
    return {
        "title": _first(item.get("title")),
        "abstract": item.get("abstract"),
        "year": _issued_year(item.get("issued")),
        "url": url,
        "doi": doi,
        "arxiv": arxiv_id(item.get("number"), url, doi, item.get("id"), _first(item.get("container-title"))),
        "authors": [_name(a) for a in item.get("author") or [] if isinstance(a, dict)],
        "venue": _first(item.get("container-title")) or item.get("event-title"),
    }


@document_parser
def parse_csl_json(data: str | bytes, path: str = "<csl-json>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from a CSL-JSON export (an array of items, or one item)."""
    return read_records(json_records(data, path, on_error, wrappers=("items",)), item_fields, path, on_error)
