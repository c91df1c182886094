"""An OWL reasoner (HermiT through owlready2) over the ontology alone and over ontology + seed graph."""

from __future__ import annotations

import pytest
import rdflib

from sahelkg.namespaces import SKG
from sahelkg.ontology.reasoning import (
    actor_relation_properties, event_classes, reason, store_graph, subclasses, superclasses,
)

pytestmark = pytest.mark.slow


def _turtle(text: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data="@prefix skg: <https://w3id.org/sahelkg/ontology#> .\n"
                 "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + text, format="turtle")
    return g


def test_ontology_is_consistent_without_unsatisfiable_classes():
    report = reason()
    assert report.consistent, report.explanation
    assert report.unsatisfiable == ()


def test_reasoner_detects_an_inconsistent_graph():
    """The check can fail: a node that is both a state and a person contradicts the disjointness axioms."""
    report = reason(_turtle("<http://example.org/x> a skg:State , skg:Person ."))
    assert not report.consistent


def test_reasoner_detects_unsatisfiable_classes():
    report = reason(_turtle("<http://example.org/C> rdfs:subClassOf skg:Letter , skg:Event ."))
    assert report.consistent
    assert report.unsatisfiable == ("http://example.org/C",)


def test_functional_chamber_with_two_distinct_chambers_is_inconsistent():
    report = reason(_turtle("<http://example.org/l> a skg:Letter ; skg:chamber skg:TweedeKamer , skg:EersteKamer ."))
    assert not report.consistent


def test_ontology_plus_seed_graph_is_consistent(seed_store_path):
    data = store_graph(seed_store_path)
    assert len(data) > 0
    report = reason(data)
    assert report.consistent, f"ontology + seed graph ({report.triples} triples) is inconsistent: {report.explanation}"
    assert report.unsatisfiable == ()


def test_hierarchy_lookups_come_from_the_ontology():
    events = event_classes()
    assert SKG + "Event" in events and SKG + "Attack" in events and SKG + "Ceasefire" in events
    assert SKG + "Agreement" in superclasses("Ceasefire")
    assert SKG + "Actor" in superclasses(SKG + "Mission")
    assert set(subclasses("Actor", direct=True)) >= {SKG + n for n in ("State", "Organisation", "ArmedGroup", "Mission", "Person")}
    rels = {p[len(SKG):] for p in actor_relation_properties()}
    assert rels == {"memberOf", "affiliatedWith", "mergedInto", "partOf", "ledBy", "supports", "opposes",
                    "succeededBy", "signatoryOf", "operatesIn", "contributesTo"}


def test_inconsistency_is_explained_by_node():
    report = reason(_turtle("<http://example.org/p> a skg:Person , skg:Organisation .\n"
                            "<http://example.org/s> a skg:State ; skg:office \"Minister\" ."))
    assert not report.consistent
    assert "http://example.org/p: both skg:Organisation (typed skg:Organisation) and skg:Person" in report.explanation
    assert "http://example.org/s: both skg:Actor (typed skg:State) and skg:Signature (subject of skg:office)" in report.explanation


def test_owlready2_sync_reasoner_agrees_on_the_ontology():
    """owlready2's own sync_reasoner (HermiT, full classification) finds no unsatisfiable class either."""
    import owlready2

    from sahelkg.ontology.reasoning import load_world

    world, onto = load_world()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    unsat = [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]
    assert unsat == []
    # classification keeps the asserted hierarchy
    assert world[SKG + "Actor"] in world[SKG + "Mission"].ancestors()
