"""The ontology as published: parses in rdflib and rapper, declares the whole contract, documents every term."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import rdflib
import rdflib.compare
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sahelkg.namespaces import ONTOLOGY_IRI, SKG
from sahelkg.ontology import reference
from sahelkg.ontology.reasoning import ontology_graph
from sahelkg.resources import ontology_dir, ontology_file

DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
DC = rdflib.Namespace("http://purl.org/dc/elements/1.1/")


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    return ontology_graph()


def skg_terms(g) -> set[rdflib.URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and str(s).startswith(SKG)}


def contract_terms(root) -> set[str]:
    """Every ``skg:`` name written in the public schema."""
    text = (root / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    return set(re.findall(r"skg:([A-Za-z][A-Za-z0-9]*)", text))


def test_parses_in_rdflib(g):
    assert len(g) > 500
    assert (rdflib.URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in g


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_parses_in_rapper():
    out = subprocess.run(["rapper", "-i", "turtle", "-c", str(ontology_file())], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n = int(re.search(r"returned (\d+) triples", out.stderr).group(1))
    assert n == len(ontology_graph())


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_shapes_parse_in_rapper():
    out = subprocess.run(["rapper", "-i", "turtle", "-c", str(ontology_dir() / "shapes.ttl")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_every_contract_term_is_declared(g, root):
    names = contract_terms(root)
    assert len(names) >= 50, "the schema parser found too few terms; is docs/SCHEMA.md there?"
    declared = {str(t)[len(SKG):] for t in skg_terms(g)}
    missing = sorted(names - declared)
    assert not missing, f"contract terms not declared in sahelkg.ttl: {missing}"


def test_contract_terms_have_the_contract_kind(g):
    kinds = {
        OWL.Class: ["Letter", "Actor", "State", "Organisation", "ArmedGroup", "Mission", "Person", "Place",
                    "Mandate", "Contribution", "Event", "Attack", "Coup", "Withdrawal", "Deployment", "Agreement", "Decision"],
        OWL.ObjectProperty: ["chamber", "contributor", "mission", "quantifier", "issuer", "place", "agent", "affected",
                             "memberOf", "affiliatedWith", "mergedInto", "partOf", "ledBy", "supports", "opposes",
                             "succeededBy", "signatoryOf", "operatesIn", "contributesTo", "evidence"],
        OWL.DatatypeProperty: ["iso3166", "dossier", "number", "personnel", "amount", "currency", "date", "startDate",
                               "endDate", "year", "personnelCeiling", "resolution", "fatalities"],
        OWL.NamedIndividual: ["TweedeKamer", "EersteKamer", "Exact", "Approximately", "AtMost", "AtLeast"],
    }
    for kind, names in kinds.items():
        for n in names:
            assert (rdflib.URIRef(SKG + n), RDF.type, kind) in g, f"skg:{n} is not an {kind}"


def test_contract_subclasses(g):
    for sub in ("State", "Organisation", "ArmedGroup", "Mission", "Person"):
        assert (rdflib.URIRef(SKG + sub), RDFS.subClassOf, rdflib.URIRef(SKG + "Actor")) in g
    for sub in ("Attack", "Coup", "Withdrawal", "Deployment", "Agreement", "Decision"):
        assert (rdflib.URIRef(SKG + sub), RDFS.subClassOf, rdflib.URIRef(SKG + "Event")) in g


def test_contract_datatypes(g):
    xsd = rdflib.namespace.XSD
    expected = {"personnel": xsd.integer, "amount": xsd.decimal, "date": xsd.date, "startDate": xsd.date,
                "endDate": xsd.date, "year": xsd.gYear, "personnelCeiling": xsd.integer, "resolution": xsd.string,
                "fatalities": xsd.integer, "iso3166": xsd.string}
    for name, dt in expected.items():
        assert g.value(rdflib.URIRef(SKG + name), RDFS.range) == dt, name


def test_every_term_has_english_and_dutch_label_and_definitions(g):
    problems = []
    for t in sorted(skg_terms(g)):
        langs = {getattr(l, "language", None) for l in g.objects(t, RDFS.label)}
        if not {"en", "nl"} <= langs:
            problems.append(f"{t}: labels in {langs}")
        dlangs = {getattr(d, "language", None) for d in g.objects(t, SKOS.definition)}
        if not {"en", "nl"} <= dlangs:
            problems.append(f"{t}: definitions in {dlangs}")
    assert not problems, "\n".join(problems)


def test_object_properties_have_ranges_and_relations_have_domains(g):
    for p in g.subjects(RDF.type, OWL.ObjectProperty):
        if not str(p).startswith(SKG):
            continue
        if p in (rdflib.URIRef(SKG + "affected"), rdflib.URIRef(SKG + "actorRelation")):
            continue  # deliberately open ranges (documented in their comments)
        assert g.value(p, RDFS.range) is not None, f"{p} has no range"


def test_ontology_header(g):
    o = rdflib.URIRef(ONTOLOGY_IRI)
    version_iri = g.value(o, OWL.versionIRI)
    version = str(g.value(o, OWL.versionInfo))
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert str(version_iri).endswith("/" + version)
    assert g.value(o, DCTERMS.license) is not None
    assert list(g.objects(o, DC.creator))
    assert list(g.objects(o, SKOS.changeNote))
    changelog = (ontology_dir() / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {version}" in changelog, "CHANGELOG.md has no section for the current version"


def test_alignments_point_at_declared_external_terms(g):
    """Every external class or property we subclass is declared with its OWL kind (keeps OWL 2 DL)."""
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass):
        for s, o in g.subject_objects(p):
            if isinstance(o, rdflib.URIRef) and not str(o).startswith(SKG):
                assert list(g.objects(o, RDF.type)), f"{o} (used by {s}) is not declared"


def test_expected_alignments(g):
    A = {(SKG + "Letter", "http://www.w3.org/ns/prov#Entity"), (SKG + "Event", "http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
         (SKG + "Event", "https://schema.org/Event"), (SKG + "Organisation", "http://www.w3.org/ns/org#Organization"),
         (SKG + "Place", "https://schema.org/Place"), (SKG + "Evidence", "http://www.w3.org/ns/oa#TextQuoteSelector"),
         (SKG + "Letter", "http://purl.org/dc/terms/BibliographicResource")}
    for s, o in A:
        assert (rdflib.URIRef(s), RDFS.subClassOf, rdflib.URIRef(o)) in g, (s, o)
    assert (rdflib.URIRef(SKG + "memberOf"), RDFS.subPropertyOf, rdflib.URIRef("http://www.w3.org/ns/org#memberOf")) in g
    assert (rdflib.URIRef(SKG + "Person"), OWL.equivalentClass, rdflib.URIRef("https://schema.org/Person")) in g


def test_reference_lists_every_class_and_property(g):
    html = reference.render_reference_html()
    for t in skg_terms(g):
        name = str(t)[len(SKG):]
        assert f'id="{name}"' in html, f"skg:{name} missing from the HTML reference"
    for d in g.objects(None, SKOS.definition):
        if getattr(d, "language", None) == "en":
            assert reference._e(str(d)) in html or not str(d)
    assert "<h2 id=\"hierarchy\">" in html


def test_reference_is_well_formed_html():
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "link", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
            self.stack.pop()

    c = Counter()
    c.feed(reference.render_reference_html())
    assert c.stack == []


def test_context_file_is_generated_from_the_turtle():
    stored = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert stored == reference.build_context(), "ontology/context.jsonld is stale: run python -m sahelkg.ontology.reference --context -o ontology/context.jsonld"


def test_context_round_trips_a_contribution():
    doc = {
        **reference.build_context(),
        "@id": "https://w3id.org/sahelkg/id/contribution/x", "@type": "Contribution",
        "contributor": "https://w3id.org/sahelkg/id/state/NLD", "personnel": 250, "year": "2018",
    }
    g = rdflib.Graph()
    g.parse(data=json.dumps(doc), format="json-ld")
    s = rdflib.URIRef("https://w3id.org/sahelkg/id/contribution/x")
    assert (s, RDF.type, rdflib.URIRef(SKG + "Contribution")) in g
    assert (s, rdflib.URIRef(SKG + "contributor"), rdflib.URIRef("https://w3id.org/sahelkg/id/state/NLD")) in g
    year = g.value(s, rdflib.URIRef(SKG + "year"))
    assert year.datatype == rdflib.namespace.XSD.gYear


@pytest.mark.parametrize("media_type,fmt", [("application/rdf+xml", "xml"), ("application/n-triples", "nt"),
                                            ("application/ld+json", "json-ld"), ("text/turtle", "turtle")])
def test_serialisations_hold_the_same_triples(media_type, fmt):
    data = reference.ontology_representation(media_type)
    g2 = rdflib.Graph()
    g2.parse(data=data, format=fmt)
    assert rdflib.compare.isomorphic(g2, ontology_graph())


def test_term_requests_are_all_declared(g):
    """Every term an extractor author requested in term-requests.md is declared (and marked so)."""
    text = (ontology_dir() / "term-requests.md").read_text(encoding="utf-8")
    declared = {str(t)[len(SKG):] for t in skg_terms(g)}
    for line in text.splitlines():
        m = re.match(r"^[-*]\s+`skg:([A-Za-z][A-Za-z0-9]*)", line)
        if m:
            assert m.group(1) in declared, f"requested term skg:{m.group(1)} is not declared"
            assert "[declared]" in line, f"requested term skg:{m.group(1)} is declared but not marked [declared]"


def test_every_skg_term_in_the_seed_graph_is_declared(g, seed_store_path):
    """The built graph uses no skg: class or property the ontology does not declare (see term-requests.md)."""
    from sahelkg.ontology.reasoning import store_graph

    data = store_graph(seed_store_path, drop_text=False)
    declared = skg_terms(g)
    used = {p for p in data.predicates() if str(p).startswith(SKG)}
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(SKG)}
    used |= {o for o in data.objects() if isinstance(o, rdflib.URIRef) and str(o).startswith(SKG)}
    undeclared = sorted(str(t)[len(SKG):] for t in used - declared)
    assert not undeclared, f"skg: terms used in the seed graph but not declared: {undeclared}"
