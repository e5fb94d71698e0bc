"""ACL Anthology XML: ``<collection>`` of ``<volume>``s, each a ``<meta>`` then its ``<paper>``s."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.model import Paper
from loaders.formats.base import (OnError, child, child_text, children, document_parser, local, raise_error,
                                  read_records, text, xml_elements, xml_text)

ANTHOLOGY = "https://aclanthology.org/"


def author_name(author: ET.Element) -> str | None:
    """"First Last" from ``<author><first/><last/></author>``."""
    return text(" ".join(filter(None, (child_text(author, "first"), child_text(author, "last")))))


def paper_fields(paper: ET.Element, volume: dict) -> dict:
    """Fields of one ``<paper>``; venue and year come from its volume's ``<meta>``."""
    url = child_text(paper, "url")
    if url and not url.startswith(("http://", "https://")):
        url = ANTHOLOGY + url
    return {
        "title": child_text(paper, "title"),
        "abstract": child_text(paper, "abstract"),
        "year": child_text(paper, "year") or volume.get("year"),
        "url": url,
        "doi": child_text(paper, "doi"),
        "authors": [author_name(a) for a in children(paper, "author")],
        "venue": volume.get("venue"),
    }


@document_parser
def parse_acl_xml(data: str | bytes, path: str = "<acl-xml>", on_error: OnError = raise_error) -> Iterator[Paper]:
    """Papers from an ACL Anthology volume file (``data/xml/2020.acl.xml`` in the anthology repo)."""
    volume: dict = {}

    def papers():
        for line, elem in xml_elements(data, path, on_error, tags={"meta", "paper"},
                                       roots={"collection", "volume"}):
            if local(elem.tag) == "meta":
                volume.update(venue=xml_text(child(elem, "booktitle")), year=child_text(elem, "year"))
            else:
                yield line, elem

    return read_records(papers(), lambda paper: paper_fields(paper, volume), path, on_error)
