"""RDF export of the graph: Turtle, N-Triples, JSON-LD and TriG, written as a stream.

Naming
------
* Resources live under ``<base>resource/<percent-encoded id>``; ``base`` is configurable
  (default ``https://w3id.org/papergraph/``).
* Classes and properties live in the published ontology, ``https://w3id.org/papergraph/ontology#``
  (:class:`PG`, shipped as ``kg/data/rdf/ontology.ttl``). The ontology IRI does *not* follow the
  base: a vocabulary keeps its identity wherever the data is hosted, so queries and shapes work on
  every export.
* A relationship type is a property of the same name: ``PROPOSES`` is ``pg:PROPOSES``. The
  one-to-one spelling keeps the Cypher and SPARQL forms of a query pack mechanical to translate.

Provenance (one form, documented in the ontology)
-------------------------------------------------
Every relationship is asserted directly (``res:paper:X pg:PROPOSES res:method:Y``) **and**
described by one statement node, using the RDF 1.1 reification vocabulary with PROV-O terms::

    res:statement:<hash> a pg:Statement, rdf:Statement, prov:Entity ;
        rdf:subject res:paper:X ; rdf:predicate pg:PROPOSES ; rdf:object res:method:Y ;
        pg:evidence "the sentence"@en ; pg:section "abstract" ;
        pg:start 120 ; pg:end 128 ;                 # character offsets into the section
        pg:confidence "0.85"^^xsd:double ;
        prov:wasAttributedTo res:agent:rules:vocab:default ;   # a prov:SoftwareAgent
        prov:wasDerivedFrom res:paper:X .           # paper-level statements only

Plain triples keep the export readable by every RDF 1.1 tool and every format (JSON-LD has no
RDF-star); ``<hash>`` is the first 16 hex digits of sha1("subject id|TYPE|object id"), stable
across runs. The evidence of a statement is one SPARQL pattern away::

    SELECT ?evidence WHERE { ?st rdf:subject ?paper ; rdf:predicate pg:PROPOSES ;
                             rdf:object ?method ; pg:evidence ?evidence }

Streaming
---------
:func:`iter_triples` yields plain tuples (IRIs as ``str``, literals as :class:`Lit`) node by node
and edge by edge; :func:`generate_ntriples` and :func:`generate_turtle` turn them into text
without building an rdflib ``Graph``; JSON-LD and TriG go through ``pyoxigraph.serialize`` fed by
the same generator. Memory beyond the networkx graph itself stays flat. :func:`to_rdf` still
builds an rdflib ``Graph`` (tests, benchmark).
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, NamedTuple
from urllib.parse import quote, unquote

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg.errors import WriterError
from loaders.files import atomic_open

__all__ = ["PG", "DEFAULT_BASE", "ONTOLOGY", "Lit", "iri", "id_of", "prefixes", "iter_triples",
           "generate_ntriples", "generate_turtle", "to_rdf", "write_rdf", "FORMATS", "format_name"]

DEFAULT_BASE = "https://w3id.org/papergraph/"
ONTOLOGY = "https://w3id.org/papergraph/ontology#"


class PG(DefinedNamespace):
    """The papergraph ontology (``kg/data/rdf/ontology.ttl``); a misspelt term raises."""

    _fail = True
    _NS = Namespace(ONTOLOGY)

    # classes
    Paper: URIRef
    Method: URIRef
    Dataset: URIRef
    Benchmark: URIRef
    Task: URIRef
    Metric: URIRef
    Modality: URIRef
    Result: URIRef
    Repository: URIRef
    Statement: URIRef
    # paper-level relationships
    PROPOSES: URIRef
    USES: URIRef
    USES_BACKBONE: URIRef
    COMPARES_WITH: URIRef
    INTRODUCES: URIRef
    TRAINS_ON: URIRef
    EVALUATES_ON: URIRef
    ADDRESSES: URIRef
    REPORTS: URIRef
    HAS_MODALITY: URIRef
    HAS_CODE: URIRef
    # entity-to-entity relationships
    VARIANT_OF: URIRef
    EVALUATED_ON: URIRef
    BENCHMARK_FOR: URIRef
    MEASURED_BY: URIRef
    ON: URIRef
    OF: URIRef
    # datatype properties
    id: URIRef
    year: URIRef
    source: URIRef
    venue: URIRef
    doi: URIRef
    authorName: URIRef
    category: URIRef
    named: URIRef
    value: URIRef
    unit: URIRef
    rawText: URIRef
    # provenance
    evidence: URIRef
    section: URIRef
    start: URIRef
    end: URIRef
    confidence: URIRef


class S:
    """The PG terms as plain ``str`` (the streaming writers compare types with ``type(x) is str``)."""


for _name in PG.__annotations__:
    setattr(S, _name, ONTOLOGY + _name)

PAPER_RELATIONS = ("PROPOSES", "USES", "USES_BACKBONE", "COMPARES_WITH", "INTRODUCES", "TRAINS_ON",
                   "EVALUATES_ON", "ADDRESSES", "REPORTS", "HAS_MODALITY", "HAS_CODE")
ENTITY_RELATIONS = ("VARIANT_OF", "EVALUATED_ON", "BENCHMARK_FOR", "MEASURED_BY", "ON", "OF")
CLASSES = ("Paper", "Method", "Dataset", "Benchmark", "Task", "Metric", "Modality", "Result", "Repository")

# One table of prefixes, bound everywhere (Turtle, TriG, JSON-LD context, SPARQL). ``res`` follows the base.
_PREFIXES = {
    "pg": ONTOLOGY,
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefix table for an export under ``base`` (``res:`` is ``<base>resource/``)."""
    return {**_PREFIXES, "res": f"{base}resource/"}


# classes from other vocabularies that also type a node (justified in ontology.ttl)
EXTRA_CLASSES = {"Paper": str(SDO.ScholarlyArticle), "Dataset": str(SDO.Dataset),
                 "Benchmark": str(SDO.Dataset), "Repository": str(SDO.SoftwareSourceCode)}

_X = str(XSD)
XSD_STRING, XSD_INTEGER, XSD_DECIMAL, XSD_DOUBLE = _X + "string", _X + "integer", _X + "decimal", _X + "double"
XSD_GYEAR, XSD_ANYURI, XSD_BOOLEAN = _X + "gYear", _X + "anyURI", _X + "boolean"
RDF_LANGSTRING = str(RDF) + "langString"
_RDF_TYPE = str(RDF.type)


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (``None`` for xsd:string) and language tag."""

    lex: str
    datatype: str | None = None
    lang: str | None = None


Term = "str | Lit"  # an IRI is a plain str
Triple = tuple


# --------------------------------------------------------------------------- IRIs

_SAFE = ":/-._~"


def iri(base: str, node_id: str) -> URIRef:
    """A safe, stable IRI for a node id: UTF-8 percent-encoded, ``:`` and ``/`` kept readable.

    The mapping is injective (``%`` itself is encoded) and the result is plain ASCII. Path
    segments ``.`` and ``..`` are encoded so no tool can collapse them.

    >>> str(iri(DEFAULT_BASE, "method:vit-b-16"))
    'https://w3id.org/papergraph/resource/method:vit-b-16'
    >>> str(iri(DEFAULT_BASE, 'dataset:a b"c'))
    'https://w3id.org/papergraph/resource/dataset:a%20b%22c'
    >>> str(iri(DEFAULT_BASE, "dataset:café/../x"))
    'https://w3id.org/papergraph/resource/dataset:caf%C3%A9/%2E%2E/x'
    """
    return URIRef(_iri(base, node_id))


def _iri(base: str, node_id: str) -> str:
    path = quote(node_id, safe=_SAFE)
    if "." in path and ("/." in path or path.startswith(".")):
        path = "/".join(seg.replace(".", "%2E") if seg in (".", "..") else seg for seg in path.split("/"))
    return f"{base}resource/{path}"


def id_of(base: str, resource: str) -> str | None:
    """The node id of a resource IRI (inverse of :func:`iri`), ``None`` for other IRIs.

    >>> id_of(DEFAULT_BASE, str(iri(DEFAULT_BASE, "dataset:a b")))
    'dataset:a b'
    """
    prefix = f"{base}resource/"
    return unquote(str(resource)[len(prefix):]) if str(resource).startswith(prefix) else None


def statement_id(u: str, key: str, v: str) -> str:
    return "statement:" + hashlib.sha1(f"{u}|{key}|{v}".encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- triples

DCTERMS_abstract = str(DCTERMS.abstract)
DCTERMS_issued = str(DCTERMS.issued)
DCTERMS_title = str(DCTERMS.title)
PROV_Entity = str(PROV.Entity)
PROV_SoftwareAgent = str(PROV.SoftwareAgent)
PROV_wasAttributedTo = str(PROV.wasAttributedTo)
PROV_wasDerivedFrom = str(PROV.wasDerivedFrom)
RDF_Statement = str(RDF.Statement)
RDF_object = str(RDF.object)
RDF_predicate = str(RDF.predicate)
RDF_subject = str(RDF.subject)
RDFS_label = str(RDFS.label)
SDO_codeRepository = str(SDO.codeRepository)
SDO_name = str(SDO.name)
SDO_url = str(SDO.url)
SKOS_altLabel = str(SKOS.altLabel)



def _clean(text: str) -> str:
    """Text safe for UTF-8 output: lone surrogates (from broken JSON) become U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _decimal(value) -> str | None:
    """The xsd:decimal lexical form of a number, ``None`` for NaN, infinities and non-numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return text


def _double(value) -> str:
    v = float(value)
    return repr(v) if math.isfinite(v) else ("NaN" if v != v else ("INF" if v > 0 else "-INF"))


def _year(value) -> int | None:
    try:
        y = int(str(value).strip()[:4]) if value not in (None, "") else None
    except ValueError:
        return None
    return y if y and 1000 <= y <= 9999 else None


def _text(value, lang: str | None = None) -> Lit:
    return Lit(_clean(str(value)), RDF_LANGSTRING if lang else None, lang)


def _node_triples(base: str, n: str, d: dict) -> Iterator[Triple]:
    s = _iri(base, n)
    label = d.get("label")
    types: list[str] = []
    for lab in d.get("labels") or [label]:
        if lab:
            types.append(ONTOLOGY + lab)
            extra = EXTRA_CLASSES.get(lab)
            if extra and extra not in types:
                types.append(extra)
    for t in types:
        yield s, _RDF_TYPE, t
    yield s, S.id, _text(n)
    if label == "Paper":
        if d.get("title"):
            yield s, DCTERMS_title, _text(d["title"], "en")
        if d.get("abstract"):
            yield s, DCTERMS_abstract, _text(d["abstract"], "en")
        y = _year(d.get("year"))
        if y:
            yield s, DCTERMS_issued, Lit(str(y), XSD_GYEAR)
            yield s, S.year, Lit(str(y), XSD_INTEGER)
        if d.get("url"):
            yield s, SDO_url, Lit(_clean(str(d["url"])), XSD_ANYURI)
        if d.get("code_url"):
            yield s, SDO_codeRepository, Lit(_clean(str(d["code_url"])), XSD_ANYURI)
        for a in dict.fromkeys(d.get("authors") or []):
            yield s, S.authorName, _text(a)
        if d.get("venue"):
            yield s, S.venue, _text(d["venue"])
        if d.get("doi"):
            yield s, S.doi, _text(d["doi"])
        if d.get("source"):
            yield s, S.source, _text(Path(str(d["source"])).name)
    if d.get("name"):
        yield s, SDO_name, _text(d["name"])
        yield s, RDFS_label, _text(d["name"])
    elif label == "Paper" and d.get("title"):
        yield s, RDFS_label, _text(d["title"], "en")
    for a in dict.fromkeys(d.get("aliases") or []):
        if a and a != d.get("name"):
            yield s, SKOS_altLabel, _text(a)
    if d.get("category"):
        yield s, S.category, _text(d["category"])
    if d.get("named") is not None and label != "Paper":
        yield s, S.named, Lit("true" if d["named"] else "false", XSD_BOOLEAN)
    if label == "Result":
        v = _decimal(d.get("value"))
        if v is not None:
            yield s, S.value, Lit(v, XSD_DECIMAL)
        if d.get("unit"):
            yield s, S.unit, _text(d["unit"])
        if d.get("raw"):
            yield s, S.rawText, _text(d["raw"])
    if label == "Repository" and d.get("url"):
        yield s, SDO_codeRepository, Lit(_clean(str(d["url"])), XSD_ANYURI)


def _edge_triples(base: str, G: nx.MultiDiGraph, u: str, v: str, k: str, d: dict,
                  agents: set[str]) -> Iterator[Triple]:
    su, sv, p = _iri(base, u), _iri(base, v), ONTOLOGY + k
    yield su, p, sv
    st = _iri(base, statement_id(u, k, v))
    yield st, _RDF_TYPE, S.Statement
    yield st, _RDF_TYPE, RDF_Statement
    yield st, _RDF_TYPE, PROV_Entity
    yield st, RDF_subject, su
    yield st, RDF_predicate, p
    yield st, RDF_object, sv
    if d.get("evidence"):
        yield st, S.evidence, _text(d["evidence"], "en")
    if d.get("section"):
        yield st, S.section, _text(d["section"])
    if d.get("start") is not None and d.get("end") is not None:
        yield st, S.start, Lit(str(int(d["start"])), XSD_INTEGER)
        yield st, S.end, Lit(str(int(d["end"])), XSD_INTEGER)
    if d.get("confidence") is not None:
        yield st, S.confidence, Lit(_double(d["confidence"]), XSD_DOUBLE)
    extractor = d.get("extractor")
    if extractor:
        agents.add(extractor)
        yield st, PROV_wasAttributedTo, _iri(base, f"agent:{extractor}")
    if G.nodes[u].get("label") == "Paper" and d.get("section") in ("abstract", "title"):
        yield st, PROV_wasDerivedFrom, su


def iter_triples(G: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """The triples of ``G`` in a stable order: nodes by id, edges by (source, target, type), agents.

    Each triple is ``(subject, predicate, object)``; IRIs are ``str``, literals :class:`Lit`.
    Triples of one subject come together, which the Turtle writer relies on.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("method:bert", label="Method", labels=["Method"], name="BERT")
    >>> next(iter_triples(G))[2]
    'https://w3id.org/papergraph/ontology#Method'
    """
    for n in sorted(G.nodes):
        yield from _node_triples(base, n, G.nodes[n])
    agents: set[str] = set()
    for u, v, k in sorted(G.edges(keys=True)):
        yield from _edge_triples(base, G, u, v, k, G.edges[u, v, k], agents)
    for a in sorted(agents):
        s = _iri(base, f"agent:{a}")
        yield s, _RDF_TYPE, PROV_SoftwareAgent
        yield s, RDFS_label, Lit(_clean(a))


# --------------------------------------------------------------------------- N-Triples / Turtle

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})


def _quote_lit(lex: str) -> str:
    return '"' + lex.translate(_ESCAPES) + '"'


def _nt_term(o) -> str:
    if type(o) is str:
        return f"<{o}>"
    lex, dt, lang = o
    if lang:
        return f"{_quote_lit(lex)}@{lang}"
    if dt and dt != XSD_STRING:
        return f"{_quote_lit(lex)}^^<{dt}>"
    return _quote_lit(lex)


def generate_ntriples(triples: Iterable[Triple]) -> Iterator[str]:
    """N-Triples lines (with newline) for ``triples``.

    >>> list(generate_ntriples([("http://x/a", "http://x/p", Lit('say "hi"', None, "en"))]))
    ['<http://x/a> <http://x/p> "say \\\\"hi\\\\""@en .\\n']
    """
    for s, p, o in triples:
        yield f"<{s}> <{p}> {_nt_term(o)} .\n"


_PN_LOCAL = re.compile(r"^(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-.:]|%[0-9A-Fa-f]{2})*$")


class _Names:
    """IRI → prefixed name when the local part is a valid Turtle PN_LOCAL, else ``<IRI>``."""

    def __init__(self, table: dict[str, str]):
        # longest namespace first, so res: never shadows a deeper namespace
        self.table = sorted(((ns, p) for p, ns in table.items()), key=lambda x: -len(x[0]))
        self.cache: dict[str, str] = {}

    def __call__(self, value: str, cache: bool = False) -> str:
        hit = self.cache.get(value)
        if hit is not None:
            return hit
        out = f"<{value}>"
        for ns, p in self.table:
            if value.startswith(ns):
                local = value[len(ns):]
                if local == "" or (_PN_LOCAL.match(local) and not local.endswith(".")):
                    out = f"{p}:{local}"
                break
        if cache:
            self.cache[value] = out
        return out


def generate_turtle(triples: Iterable[Triple], table: dict[str, str]) -> Iterator[str]:
    """Turtle text for ``triples``: prefixes from ``table``, consecutive triples of a subject grouped."""
    names = _Names(table)
    for p, ns in table.items():
        yield f"@prefix {p}: <{ns}> .\n"
    subject = last = None
    for s, p, o in triples:
        if type(o) is str:
            obj = names(o, cache=p == _RDF_TYPE or p == ONTOLOGY + "id")
        else:
            lex, dt, lang = o
            obj = (f"{_quote_lit(lex)}@{lang}" if lang else
                   f"{_quote_lit(lex)}^^{names(dt, True)}" if dt and dt != XSD_STRING else _quote_lit(lex))
        if s == subject:
            if p == last:
                yield f" , {obj}"
            else:
                yield f" ;\n    {'a' if p == _RDF_TYPE else names(p, True)} {obj}"
        else:
            pred = "a" if p == _RDF_TYPE else names(p, True)
            yield (" .\n\n" if subject is not None else "\n") + f"{names(s)} {pred} {obj}"
            subject = s
        last = p
    if subject is not None:
        yield " .\n"


# --------------------------------------------------------------------------- rdflib / pyoxigraph


def _rdflib_term(o):
    if type(o) is str:
        return URIRef(o)
    lex, dt, lang = o
    return Literal(lex, lang=lang) if lang else Literal(lex, datatype=URIRef(dt) if dt and dt != XSD_STRING else None)


def to_rdf(G: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    """The export as an in-memory rdflib ``Graph`` (same triples as the streaming writers)."""
    g = Graph()
    for p, ns in prefixes(base).items():
        g.bind(p, Namespace(ns), override=True)
    for s, p, o in iter_triples(G, base):
        g.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return g


def to_oxigraph(triples: Iterable[Triple], graph: str | None = None) -> Iterator:
    """pyoxigraph ``Triple`` (or ``Quad`` in ``graph``) objects for ``triples``."""
    import pyoxigraph as ox
    NamedNode, OxLiteral = ox.NamedNode, ox.Literal
    nodes: dict[str, object] = {}

    def node(value: str):
        n = nodes.get(value)
        if n is None:
            n = NamedNode(value)
            if len(nodes) < 4096:
                nodes[value] = n
        return n

    g = NamedNode(graph) if graph else None
    for s, p, o in triples:
        if type(o) is str:
            obj = node(o)
        else:
            lex, dt, lang = o
            obj = (OxLiteral(lex, language=lang) if lang else
                   OxLiteral(lex, datatype=node(dt)) if dt else OxLiteral(lex))
        yield ox.Quad(node(s), node(p), obj, g) if g is not None else ox.Triple(node(s), node(p), obj)


# --------------------------------------------------------------------------- writers


class WriteStats(NamedTuple):
    triples: int
    path: str


def _counted(triples: Iterable[Triple], counter: list[int]) -> Iterator[Triple]:
    n = 0
    for t in triples:
        n += 1
        yield t
    counter[0] = n


def _write_text(gen: Callable[[Iterable[Triple]], Iterator[str]]):
    def write(triples: Iterable[Triple], fh: IO[bytes], base: str) -> int:
        counter = [0]
        buf: list[str] = []
        size = 0
        for chunk in gen(_counted(triples, counter), base):
            buf.append(chunk)
            size += len(chunk)
            if size > 1 << 16:
                fh.write("".join(buf).encode("utf-8"))
                buf, size = [], 0
        fh.write("".join(buf).encode("utf-8"))
        return counter[0]
    return write


def _write_oxigraph(fmt_name: str, named_graph: bool):
    def write(triples: Iterable[Triple], fh: IO[bytes], base: str) -> int:
        import pyoxigraph as ox
        counter = [0]
        fmt = getattr(ox.RdfFormat, fmt_name)
        ox.serialize(to_oxigraph(_counted(triples, counter), graph=f"{base}graph" if named_graph else None),
                     fh, fmt, prefixes=prefixes(base))
        return counter[0]
    return write


# name → (writer, file extension); aliases map onto these names (rdflib plugin style: looked up by name)
FORMATS: dict[str, tuple[Callable, str]] = {
    "turtle": (_write_text(lambda t, base: generate_turtle(t, prefixes(base))), "ttl"),
    "nt": (_write_text(lambda t, base: generate_ntriples(t)), "nt"),
    "jsonld": (_write_oxigraph("JSON_LD", False), "jsonld"),
    "trig": (_write_oxigraph("TRIG", True), "trig"),
}
_ALIASES = {"ttl": "turtle", "turtle": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
            "nt11": "nt", "jsonld": "jsonld", "json-ld": "jsonld", "trig": "trig"}


def format_name(fmt: str) -> str:
    """The canonical writer name of ``fmt`` (``ttl`` → ``turtle``); raises WriterError if unknown."""
    name = _ALIASES.get(fmt.lower())
    if name is None:
        raise WriterError(f"unknown RDF format {fmt!r}; choose one of ttl, nt, jsonld, trig")
    return name


def check_base(base: str) -> str:
    """``base`` if it is an absolute http(s) IRI ending in ``/`` or ``#``; raises WriterError otherwise."""
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base or ""):
        raise WriterError(f"base IRI {base!r} must be an absolute http(s) IRI ending in '/' or '#'")
    return base


def write_rdf(G: nx.MultiDiGraph, path: str | Path, base: str = DEFAULT_BASE, fmt: str = "turtle") -> int:
    """Stream the graph to ``path`` atomically in ``fmt`` (ttl, nt, jsonld, trig); returns the triple count."""
    writer, _ = FORMATS[format_name(fmt)]
    check_base(base)
    try:
        with atomic_open(path, "wb") as fh:
            return writer(iter_triples(G, base), fh, base)
    except OSError as err:
        raise WriterError(f"{path}: cannot write ({err.strerror or err})") from err


def ontology_path() -> Path:
    return Path(__file__).resolve().parents[1] / "kg" / "data" / "rdf" / "ontology.ttl"


def shapes_path() -> Path:
    return Path(__file__).resolve().parents[1] / "kg" / "data" / "rdf" / "shapes.ttl"


# --------------------------------------------------------------------------- validation


class Violation(NamedTuple):
    """One SHACL result in plain words: the node (its papergraph id when it has one), what is wrong."""

    node: str
    message: str
    path: str | None = None
    value: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        found = f" (found: {self.value})" if self.value is not None else ""
        return f"{self.node}{where}: {self.message}{found}"


def _short(term, names: _Names, base: str) -> str:
    node_id = id_of(base, str(term))
    if node_id is not None:
        return node_id
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    return names(str(term)) if isinstance(term, URIRef) else str(term)


def validate(data: Graph | str | Path, base: str = DEFAULT_BASE, shapes: str | Path | None = None
             ) -> tuple[bool, list[Violation]]:
    """Check an export (rdflib ``Graph``, build directory or RDF file) against the shipped SHACL shapes.

    Returns ``(conforms, violations)``, violations sorted by node. pySHACL runs without inference:
    the export asserts every type the shapes rely on.
    """
    import pyshacl
    from rdflib.namespace import SH
    if not isinstance(data, Graph):
        from loaders.sparql import find_export
        file = find_export(data)
        fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig"}.get(file.suffix, None)
        if fmt == "trig":
            from rdflib import Dataset
            ds = Dataset()
            ds.parse(file, format="trig")
            data = Graph()
            for s, p, o, _ in ds.quads():
                data.add((s, p, o))
        else:
            data = Graph().parse(file, format=fmt)
    shapes_graph = Graph().parse(shapes or shapes_path(), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", advanced=True)
    names = _Names(prefixes(base))
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus, path, value = report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.value)
        msg = report.value(r, SH.resultMessage)
        severity = report.value(r, SH.resultSeverity)
        out.append(Violation(_short(focus, names, base), str(msg) if msg else "does not match its shape",
                             _short(path, names, base) if isinstance(path, URIRef) else None,
                             _short(value, names, base) if value is not None else None,
                             str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    return bool(conforms), sorted(out)
