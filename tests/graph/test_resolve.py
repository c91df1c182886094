"""Entity resolution over hand-made quads: merges by name, never merges facts, deterministic."""

from __future__ import annotations

import random

from pyoxigraph import Literal, NamedNode, Quad

from sahelkg.graph.resolve import apply_merges, entity_records, normalise_name, plan_merges
from sahelkg.namespaces import PROV, RDF, RDFS, SKG, SKOS

ID = "https://w3id.org/sahelkg/id/"
G = "https://w3id.org/sahelkg/graph/letter/"


def n(x: str) -> NamedNode:
    return NamedNode(x if x.startswith("http") else ID + x)


def q(s, p, o, g) -> Quad:
    return Quad(n(s), NamedNode(p), o if isinstance(o, Literal) else n(o), NamedNode(G + g))


def entity(key, cls, label, g, *, lang="nl", alt=(), unlinked=False):
    out = [q(key, RDF + "type", SKG + cls, g), q(key, RDFS + "label", Literal(label, language=lang), g)]
    out += [q(key, SKOS + "altLabel", Literal(a, language=lang), g) for a in alt]
    if unlinked:
        out.append(q(key, SKG + "unlinked", Literal(True), g))
    return out


def contribution(key, state, mission, letter):
    return [q(key, RDF + "type", SKG + "Contribution", letter), q(key, SKG + "contributor", state, letter),
            q(key, SKG + "mission", mission, letter), q(key, PROV + "wasDerivedFrom", "letter/" + letter, letter)]


def test_normalise_name_drops_case_accents_punctuation_and_articles():
    assert normalise_name("Het Platform") == normalise_name("platform") == "platform"
    assert normalise_name("Ansar al-Dine") == normalise_name("ANSAR AL DINE")
    assert normalise_name("Ménaka") == "menaka"
    assert normalise_name("De") == "de"  # a lone article stays a name


def test_unlinked_node_named_like_a_known_alt_label_merges_into_it():
    a = entity("group/jnim", "ArmedGroup", "JNIM", "a", alt=("Jama'at Nusrat al-Islam wal-Muslimin",))
    b = entity("group/jama-at-nusrat-al-islam-wal-muslimin", "Organisation", "Jama’at Nusrat al Islam wal Muslimin", "b",
               unlinked=True)
    b += [q("event/b-1", SKG + "agent", "group/jama-at-nusrat-al-islam-wal-muslimin", "b")]
    plan = plan_merges([entity_records(a), entity_records(b)])
    assert plan == {ID + "group/jama-at-nusrat-al-islam-wal-muslimin": ID + "group/jnim"}
    out = apply_merges(b, plan)
    subjects = {x.subject.value for x in out}
    assert ID + "group/jama-at-nusrat-al-islam-wal-muslimin" not in subjects
    assert q("event/b-1", SKG + "agent", "group/jnim", "b") in out
    # the name that letter used is kept as an altLabel, the known node's class is not polluted
    assert q("group/jnim", SKOS + "altLabel", Literal("Jama’at Nusrat al Islam wal Muslimin", language="nl"), "b") in out
    assert not any(x.subject == n("group/jnim") and x.predicate.value in (RDF + "type", SKG + "unlinked",
                                                                         RDFS + "label") for x in out)


def test_unlinked_nodes_with_the_same_normalised_name_become_one():
    a = entity("org/het-platform", "Organisation", "Het Platform", "a", unlinked=True)
    b = entity("org/platform", "Organisation", "Platform", "b", unlinked=True)
    plan = plan_merges([entity_records(a), entity_records(b)])
    assert plan == {ID + "org/platform": ID + "org/het-platform"}  # the smaller IRI wins
    out = apply_merges(b, plan)
    # an unlinked target keeps the types: nothing else knows its class
    assert q("org/het-platform", RDF + "type", SKG + "Organisation", "b") in out
    assert q("org/het-platform", SKOS + "altLabel", Literal("Platform", language="nl"), "b") in out


def test_ambiguous_names_and_incompatible_classes_do_not_merge():
    a = entity("place/gao", "Place", "Gao", "a") + entity("person/gao", "Person", "Gao", "a")
    b = entity("org/gao", "Organisation", "Gao", "b", unlinked=True)
    c = entity("person/x-gao", "Person", "Gao", "c", unlinked=True)
    plan = plan_merges([entity_records(a), entity_records(b), entity_records(c)])
    # org/gao: only place/gao is class-compatible -> merged; the unlinked person merges into the known person
    assert plan[ID + "org/gao"] == ID + "place/gao"
    assert plan[ID + "person/x-gao"] == ID + "person/gao"
    two = entity("state/mli", "State", "Mali", "a") + entity("place/mali", "Place", "Mali", "a")
    three = entity("org/mali", "Organisation", "Mali", "b", unlinked=True)
    assert plan_merges([entity_records(two), entity_records(three)]) == {}  # two candidates: leave it


def test_the_same_contribution_in_two_letters_stays_two_facts_on_the_same_entities():
    a = entity("state/DEU", "State", "Duitsland", "a") + entity("mission/minusma", "Mission", "MINUSMA", "a")
    a += contribution("contribution/a-1", "state/DEU", "mission/minusma", "a")
    b = entity("mission/de-vn-missie", "Mission", "Minusma", "b", unlinked=True)
    b += contribution("contribution/b-1", "state/DEU", "mission/de-vn-missie", "b")
    plan = plan_merges([entity_records(a), entity_records(b)])
    out_b = apply_merges(b, plan)
    facts = [x for x in a + out_b if x.predicate.value == RDF + "type" and x.object.value == SKG + "Contribution"]
    assert len(facts) == 2 and {f.graph_name.value for f in facts} == {G + "a", G + "b"}
    missions = {x.object.value for x in a + out_b if x.predicate.value == SKG + "mission"}
    assert missions == {ID + "mission/minusma"}
    assert q("contribution/b-1", PROV + "wasDerivedFrom", "letter/b", "b") in out_b


def test_plan_is_the_same_in_any_order():
    letters = [entity(f"org/x{i}", "Organisation", name, f"l{i}", unlinked=True)
               for i, name in enumerate(["Het Comité", "comite", "COMITÉ", "de Raad", "Raad"])]
    letters.append(entity("org/known-raad", "Organisation", "Hoge Raad", "k", alt=("Raad",)))
    records = [entity_records(x) for x in letters]
    plan = plan_merges(records)
    for _ in range(5):
        random.shuffle(records)
        assert plan_merges(records) == plan
    assert plan[ID + "org/x1"] == plan[ID + "org/x2"] == ID + "org/x0"
    assert plan[ID + "org/x3"] == plan[ID + "org/x4"] == ID + "org/known-raad"


def test_unlinked_can_be_given_explicitly_and_no_plan_changes_nothing():
    a = entity("org/foo", "Organisation", "Foo", "a")
    recs = entity_records(a, unlinked={ID + "org/foo"})
    assert recs == [[ID + "org/foo", True, ["Foo"], [SKG + "Organisation"]]]
    assert apply_merges(a, {}) == a
