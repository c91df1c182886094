"""Step 7: an extraction as quads in the letter's named graph, with provenance as the schema says."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from sahelkg.extract.model import Extraction
from sahelkg.namespaces import DCTERMS, PROV, RDF, SKG, Iris, DEFAULT_BASE_IRI

XSD_STRING = NamedNode("http://www.w3.org/2001/XMLSchema#string")


def to_quads(extraction: Extraction, base_iri: str = DEFAULT_BASE_IRI) -> list[Quad]:
    iris = Iris(base_iri)
    letter = extraction.letter
    g = NamedNode(iris.letter_graph(letter.name))
    s = NamedNode(iris.letter(letter.name))
    quads = [
        Quad(g, NamedNode(PROV + "wasDerivedFrom"), s, g),
        Quad(s, NamedNode(RDF + "type"), NamedNode(SKG + "Letter"), g),
        Quad(s, NamedNode(SKG + "text"), Literal(letter.text), g),
        Quad(s, NamedNode(SKG + "sha256"), Literal(letter.sha256), g),
        Quad(s, NamedNode(DCTERMS + "format"), Literal(letter.media_type), g),
    ]
    return quads
