"""arXiv API responses: an Atom ``<feed>`` with one ``<entry>`` per paper."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import (BadRecord, OnError, arxiv_id, child_text, children, document_parser,
                                  raise_error, read_records, xml_elements)


def entry_fields(entry: ET.Element) -> dict:
    """Fields of one ``<entry>``; the arXiv API reports a failed query as an entry too."""
    ident = child_text(entry, "id") or ""
    if "/api/errors" in ident:
        raise BadRecord(f"is an arXiv API error ({child_text(entry, 'summary')})")
    links = children(entry, "link")
    url = next((link.get("href") for link in links if link.get("rel", "alternate") == "alternate"
                and link.get("href")), None)
    return {
        "title": child_text(entry, "title"),
        "abstract": child_text(entry, "summary"),
        "year": child_text(entry, "published") or child_text(entry, "updated"),
        "url": url or (ident if ident.startswith("http") else None),
        "arxiv": arxiv_id(ident, url),
        "doi": child_text(entry, "doi"),
        "authors": [child_text(a, "name") for a in children(entry, "author")],
        "venue": child_text(entry, "journal_ref"),
    }


@document_parser
def parse_arxiv_atom(data: str | bytes, path: str = "<arxiv-atom>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from an arXiv API Atom feed (``export.arxiv.org/api/query`` responses)."""
    entries = xml_elements(data, path, on_error, tags={"entry"}, roots={"feed"})
    return read_records(entries, entry_fields, path, on_error)
