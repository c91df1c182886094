"""The IRIs sahelkg mints and the vocabularies it uses.

The ontology namespace is a public contract and never changes with configuration;
the resource base (``id/``, ``graph/``) follows ``Settings.base_iri``.
"""

from __future__ import annotations

import re
import unicodedata

SKG = "https://w3id.org/sahelkg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/sahelkg/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/sahelkg/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
WD = "http://www.wikidata.org/entity/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "skg": SKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "oa": OA,
    "time": TIME,
    "org": ORG,
    "schema": SCHEMA,
    "sem": SEM,
    "wd": WD,
}


def sparql_prefixes(extra: dict[str, str] | None = None) -> str:
    """The PREFIX lines for every prefix above (plus ``extra``), one per line."""
    items = {**PREFIXES, **(extra or {})}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in items.items())


def slugify(text: str) -> str:
    """A stable, ASCII, lower-case IRI segment for a name ("Ansar al-Dine" -> "ansar-al-dine")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "x"


def safe_name(name: str) -> str:
    """A letter name usable as an IRI segment: ASCII letters, digits, ``.``, ``_`` and ``-`` kept as they
    are (seed names stay unchanged), everything else folded or replaced by ``-``
    ("Kamerbrief EUTM Mali" -> "Kamerbrief-EUTM-Mali", "brief-é#1" -> "brief-e-1")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-.")
    return safe or "letter"


class Iris:
    """Mints resource IRIs under one base (``https://w3id.org/sahelkg/`` by default)."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def id(self, kind: str, key: str) -> str:
        """``<base>id/<kind>/<key>``, e.g. ``id("state", "MLI")``."""
        return f"{self.base}id/{kind}/{key}"

    def letter(self, name: str) -> str:
        return self.id("letter", name)

    def letter_graph(self, name: str) -> str:
        """The named graph holding one letter's statements."""
        return f"{self.base}graph/letter/{name}"

    @property
    def ontology_graph(self) -> str:
        return f"{self.base}graph/ontology"
