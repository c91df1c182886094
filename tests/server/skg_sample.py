"""A small graph in the shape SCHEMA.md describes, written by hand for the server tests.

Two letters (with text), actors, reified relations and a contribution, each with evidence whose
offsets are computed from the text here, so they are right by construction.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from sahelkg.namespaces import DCTERMS, OA, OWL, PROV, RDF, RDFS, SKG, XSD, Iris

LETTERS = {
    "900_sample": (
        "2013-11-01",
        "Geachte voorzitter,\n\nHet kabinet zendt 250 militairen naar de VN-missie in Mali. "
        "Nederland draagt zo bij aan MINUSMA. De missie is actief in Mali.\n"
        "Frankrijk steunt de regering van Mali met troepen.\n",
    ),
    "901_sample": (
        "2014-03-12",
        "De MNLA bestrijdt Ansar Dine in het noorden. Mali is lid van ECOWAS & de <AU>.\n",
    ),
}
ACTORS = {
    "state/NLD": ("State", "Netherlands", "Nederland"),
    "state/MLI": ("State", "Mali", "Mali"),
    "state/FRA": ("State", "France", "Frankrijk"),
    "mission/minusma": ("Mission", "MINUSMA", "MINUSMA"),
    "group/mnla": ("ArmedGroup", "MNLA", "MNLA"),
    "group/ansar-dine": ("ArmedGroup", "Ansar Dine", "Ansar Dine"),
    "organisation/ecowas": ("Organisation", "ECOWAS", "ECOWAS"),
}
# (letter, subject, relation, object, passage)
RELATIONS = [
    ("900_sample", "state/NLD", "contributesTo", "mission/minusma", "Nederland draagt zo bij aan MINUSMA"),
    ("900_sample", "mission/minusma", "operatesIn", "state/MLI", "De missie is actief in Mali"),
    ("900_sample", "state/FRA", "supports", "state/MLI", "Frankrijk steunt de regering van Mali"),
    ("901_sample", "group/mnla", "opposes", "group/ansar-dine", "De MNLA bestrijdt Ansar Dine"),
    ("901_sample", "state/MLI", "memberOf", "organisation/ecowas", "Mali is lid van ECOWAS"),
]


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


def sample_quads(base: str = "https://w3id.org/sahelkg/") -> list[Quad]:
    iris = Iris(base)
    out: list[Quad] = []
    onto = n(iris.ontology_graph)
    for cls in ("State", "Mission", "ArmedGroup", "Organisation", "Person"):
        out.append(Quad(n(SKG + cls), n(RDFS + "subClassOf"), n(SKG + "Actor"), onto))
    for key, (cls, en, nl) in ACTORS.items():
        a = n(iris.id(*key.split("/")))
        g = n(iris.letter_graph("900_sample"))
        out += [Quad(a, n(RDF + "type"), n(SKG + cls), g), Quad(a, n(RDFS + "label"), Literal(en, language="en"), g)]
        if nl != en:
            out.append(Quad(a, n(RDFS + "label"), Literal(nl, language="nl"), g))
    out.append(Quad(n(iris.id("state", "MLI")), n(OWL + "sameAs"), n("http://www.wikidata.org/entity/Q912"),
                    n(iris.letter_graph("900_sample"))))
    for name, (date, text) in LETTERS.items():
        g, letter = n(iris.letter_graph(name)), n(iris.letter(name))
        out += [Quad(g, n(PROV + "wasDerivedFrom"), letter, g), Quad(letter, n(RDF + "type"), n(SKG + "Letter"), g),
                Quad(letter, n(SKG + "text"), Literal(text), g),
                Quad(letter, n(DCTERMS + "date"), Literal(date, datatype=n(XSD + "date")), g)]
    for i, (name, s, rel, o, passage) in enumerate(RELATIONS):
        g, text = n(iris.letter_graph(name)), LETTERS[name][1]
        start = text.index(passage)
        st, ev = n(iris.id("statement", f"{name}-{i}")), n(iris.id("evidence", f"{name}-{i}"))
        sub, obj = n(iris.id(*s.split("/"))), n(iris.id(*o.split("/")))
        out += [Quad(sub, n(SKG + rel), obj, g), Quad(st, n(RDF + "type"), n(RDF + "Statement"), g),
                Quad(st, n(RDF + "subject"), sub, g), Quad(st, n(RDF + "predicate"), n(SKG + rel), g),
                Quad(st, n(RDF + "object"), obj, g), Quad(st, n(PROV + "wasDerivedFrom"), n(iris.letter(name)), g),
                Quad(st, n(SKG + "evidence"), ev, g), Quad(ev, n(OA + "exact"), Literal(passage), g),
                Quad(ev, n(OA + "start"), Literal(str(start), datatype=n(XSD + "integer")), g),
                Quad(ev, n(OA + "end"), Literal(str(start + len(passage)), datatype=n(XSD + "integer")), g)]
    # a contribution node with its own evidence
    name, text = "900_sample", LETTERS["900_sample"][1]
    passage = "Het kabinet zendt 250 militairen naar de VN-missie in Mali"
    g, c, ev = n(iris.letter_graph(name)), n(iris.id("contribution", "900-1")), n(iris.id("evidence", "900-c1"))
    start = text.index(passage)
    out += [Quad(c, n(RDF + "type"), n(SKG + "Contribution"), g),
            Quad(c, n(SKG + "contributor"), n(iris.id("state", "NLD")), g),
            Quad(c, n(SKG + "mission"), n(iris.id("mission", "minusma")), g),
            Quad(c, n(SKG + "personnel"), Literal("250", datatype=n(XSD + "integer")), g),
            Quad(c, n(PROV + "wasDerivedFrom"), n(iris.letter(name)), g),
            Quad(c, n(SKG + "evidence"), ev, g), Quad(ev, n(OA + "exact"), Literal(passage), g),
            Quad(ev, n(OA + "start"), Literal(str(start), datatype=n(XSD + "integer")), g),
            Quad(ev, n(OA + "end"), Literal(str(start + len(passage)), datatype=n(XSD + "integer")), g)]
    return out
