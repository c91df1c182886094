"""RDF output: one named graph per letter, provenance as SCHEMA.md says, exact evidence, stable IRIs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, serialize

from sahelkg.extract import extract_letter, extract_path, to_quads
from sahelkg.extract.model import Entity, Evidence, Extraction, Fact, Letter, Mention
from sahelkg.namespaces import OA, PROV, RDF, SKG, XSD, sparql_prefixes

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def store_of(quads) -> Store:
    s = Store()
    s.extend(quads)
    return s


def select(store: Store, q: str) -> list[dict]:
    res = store.query(sparql_prefixes() + q, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]


def ask(store: Store, q: str) -> bool:
    return bool(store.query(sparql_prefixes() + q, use_default_graph_as_union=True))


def check_evidence(store: Store, text: str) -> int:
    rows = select(store, "SELECT ?ev ?s ?e ?x WHERE { ?n skg:evidence ?ev . ?ev oa:start ?s ; oa:end ?e ; oa:exact ?x }")
    for r in rows:
        s, e = int(r["s"].value), int(r["e"].value)
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == r["x"].value
    return len(rows)


@pytest.fixture(scope="module")
def seed_graphs():
    out = {}
    for p in SEEDS:
        ex = extract_path(p)
        out[p.stem] = (ex, to_quads(ex))
    return out


def test_every_quad_in_the_letters_graph_and_no_blank_nodes(seed_graphs):
    for stem, (ex, quads) in seed_graphs.items():
        g = NamedNode(f"https://w3id.org/sahelkg/graph/letter/{stem}")
        assert all(q.graph_name == g for q in quads)
        assert not any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object))
        store = store_of(quads)
        assert ask(store, f"ASK {{ GRAPH <{g.value}> {{ <{g.value}> prov:wasDerivedFrom "
                          f"<https://w3id.org/sahelkg/id/letter/{stem}> }} }}")


def test_evidence_maps_back_exactly_on_the_seeds(seed_graphs):
    for stem, (ex, quads) in seed_graphs.items():
        offsets = [q.object for q in quads if q.predicate in (NamedNode(OA + "start"), NamedNode(OA + "end"))]
        assert offsets and {o.datatype for o in offsets} == {NamedNode(XSD + "nonNegativeInteger")}
        n = check_evidence(store_of(quads), ex.letter.text)
        assert n > 0, stem


def test_facts_have_provenance(seed_graphs):
    for stem, (ex, quads) in seed_graphs.items():
        store = store_of(quads)
        missing = select(store, """SELECT ?n WHERE { ?n a ?c . VALUES ?c { skg:Contribution skg:Mandate skg:Event }
            FILTER NOT EXISTS { ?n prov:wasDerivedFrom ?l ; skg:evidence ?ev } }""")
        assert missing == [], stem


def test_relations_are_direct_and_reified(seed_graphs):
    ex, quads = seed_graphs["000_825a412ac6e2827a"]
    store = store_of(quads)
    rows = select(store, """SELECT ?s ?o WHERE { ?s skg:contributesTo ?o .
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate skg:contributesTo ; rdf:object ?o ;
            prov:wasDerivedFrom ?l ; skg:evidence ?ev }""")
    pairs = {(r["s"].value.rsplit("/id/", 1)[1], r["o"].value.rsplit("/id/", 1)[1]) for r in rows}
    assert ("state/BEL", "mission/eutm-mali") in pairs


def test_datatypes(seed_graphs):
    ex, quads = seed_graphs["001_aa2575580b9ffad5"]
    store = store_of(quads)
    for prop, dtype in (("personnel", "integer"), ("amount", "decimal"), ("year", "gYear"),
                        ("endDate", "date"), ("personnelCeiling", "integer")):
        rows = select(store, f"SELECT ?v WHERE {{ ?n skg:{prop} ?v }}")
        assert rows, prop
        assert {r["v"].datatype.value for r in rows} == {XSD + dtype}, prop
    assert select(store, "SELECT ?d WHERE { ?l a skg:Letter ; dcterms:date ?d ; skg:chamber skg:EersteKamer }")


def test_entities_typed_labelled_and_mentioned(seed_graphs):
    ex, quads = seed_graphs["000_825a412ac6e2827a"]
    store = store_of(quads)
    rows = select(store, """SELECT ?l ?iso WHERE { <https://w3id.org/sahelkg/id/state/MLI> a skg:State ;
        rdfs:label ?l ; skg:iso3166 ?iso . <https://w3id.org/sahelkg/id/letter/000_825a412ac6e2827a>
        skg:mentions <https://w3id.org/sahelkg/id/state/MLI> }""")
    assert rows and {r["l"].language for r in rows} <= {"nl", "en"}
    assert rows[0]["iso"].value == "MLI"
    unlabelled = select(store, """SELECT ?e WHERE { ?e a ?c . VALUES ?c { skg:State skg:Organisation skg:Mission
        skg:ArmedGroup skg:Person skg:Place } FILTER NOT EXISTS { ?e rdfs:label ?l } }""")
    assert unlabelled == []


def test_signatures_and_references(seed_graphs):
    ex, quads = seed_graphs["004_58f6a099537d014b"]
    store = store_of(quads)
    rows = select(store, """SELECT ?p ?office WHERE { ?l dcterms:creator ?p ; skg:signature ?s .
        ?s skg:signatory ?p ; skg:office ?office }""")
    assert len(rows) == 3
    refs = select(store, "SELECT ?r ?d ?n WHERE { ?l dcterms:references ?r . ?r a skg:Letter ; skg:dossier ?d ; skg:number ?n }")
    assert {r["r"].value.rsplit("/", 1)[1] for r in refs} >= {"kst-29237-177", "kst-21501-02-2462"}


def test_deterministic(seed_graphs):
    for p in SEEDS[:2]:
        a = to_quads(extract_path(p))
        b = to_quads(extract_path(p))
        assert a == b


def test_parses_with_rdflib(seed_graphs):
    ex, quads = seed_graphs["003_a830313f6b33047f"]
    data = serialize(quads, format=RdfFormat.TRIG)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="trig")
    assert len(ds) == len(set(quads))


def _letter(text: str, name: str = "t") -> Letter:
    return Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


def test_planned_relation_not_asserted_directly():
    letter = _letter("abc Nederland overweegt MINUSMA def")
    nld = Entity("state/NLD", "State", label_en="Netherlands", label_nl="Nederland", iso3166="NLD")
    minusma = Entity("mission/minusma", "Mission", label_en="MINUSMA")
    ev = Evidence(4, 30, letter.text[4:30])
    facts = (Fact("Relation", "state/NLD", ("contributesTo",), (("contributesTo", minusma),), ev, status="considered"),
             Fact("Contribution", "contribution/t-4-30", ("Contribution",),
                  (("contributor", nld), ("mission", minusma), ("personnel", 5)), ev, status="planned"))
    ex = Extraction(letter=letter, facts=facts, entities=(nld, minusma),
                    mentions=(Mention(4, 13, "Nederland", nld),))
    store = store_of(to_quads(ex))
    assert not select(store, "SELECT * WHERE { ?s skg:contributesTo ?o }")
    assert select(store, "SELECT * WHERE { ?st rdf:subject ?s ; skg:status skg:Considered }")
    assert select(store, "SELECT * WHERE { ?c a skg:Contribution ; skg:status skg:Planned }")


def test_colliding_fact_keys_get_suffixes():
    letter = _letter("xx Nederland levert 5 en 6 militairen aan MINUSMA yy")
    nld = Entity("state/NLD", "State", label_nl="Nederland")
    ev = Evidence(3, 40, letter.text[3:40])
    facts = tuple(Fact("Contribution", "contribution/t-3-40", ("Contribution",),
                       (("contributor", nld), ("personnel", n)), ev) for n in (5, 6))
    store = store_of(to_quads(Extraction(letter=letter, facts=facts, entities=(nld,))))
    nodes = {r["n"].value for r in select(store, "SELECT ?n WHERE { ?n a skg:Contribution }")}
    assert {n.rsplit("/", 1)[1] for n in nodes} == {"t-3-40", "t-3-40-2"}


# --------------------------------------------------------------------------- property test

_PIECES = [
    "Nederland levert in 2019 maximaal 80 militairen aan MINUSCA.",
    "Aan EUTM Mali nemen deel: België 25 personen, Spanje twaalf personen.",
    "De VN-Veiligheidsraad heeft het mandaat van MINUSMA op 29 juni 2022 verlengd tot eind juni 2023.",
    "Nederland draagt in 2017 4,5 miljoen euro bij aan het MINUSMA Trust Fund.",
    "Op 3 mei jl. werd een kamp van MINUSMA in Gao aangevallen door JNIM; daarbij vielen drie doden.",
    "Het kabinet heeft besloten de nationale mandaten van EUTM Mali (6 personen) te verlengen tot en met 30 juni 2024.",
    "Zie ook Kamerstuk 29 521, nr. 412.",
    "De missie houdt zich niet bezig met terrorismebestrijding.",
]


def _break_lines(s: str, cuts: list[int]) -> str:
    """Wrap a sentence as a PDF would: line breaks (some hyphenated) at word boundaries."""
    words = s.split(" ")
    out = []
    for i, w in enumerate(words):
        if i in cuts and len(w) > 6 and w.isalpha():
            out.append(w[:3] + "-\n" + w[3:])
        elif i in cuts:
            out.append(w + " \n")
        else:
            out.append(w + " ")
    return "".join(out).rstrip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.lists(st.integers(0, 20), max_size=4)),
                min_size=1, max_size=6),
       st.sampled_from(["\n", "\n\n", " ", "\n \n"]))
def test_evidence_always_maps_back_exactly(parts, sep):
    body = sep.join(_break_lines(s, cuts) for s, cuts in parts)
    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 5 juli 2022\n\n{body}\n"
    ex = extract_letter(_letter(text, name="prop"))
    for f in ex.facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.exact
    check_evidence(store_of(to_quads(ex)), text)


# --------------------------------------------------------------------------- literals written as N-Quads

_AWKWARD = ['a "quoted" \\ back\\slash', "line\nfeed\r\nand\rreturn", "tab\tform\x0cfeed\x00nul\x7f",
            "ééñ – “curly” ‘quotes’ \u00ad\u200b\u2028\u2029\ufeff", "\U0001F600 astral", "\\n not a newline",
            "\\u0041 not an escape", "end backslash \\", ""]


@pytest.mark.parametrize("value", _AWKWARD)
def test_literal_values_come_back_exactly(value):
    """Literal-object quads are written as N-Quads and parsed back: every value must survive as it was."""
    text = f"Een brief. {value} Einde."
    letter = _letter(text)
    nld = Entity("state/NLD", "State", label_nl=value or "Nederland", extra=(("role", value),))
    ev = Evidence(0, len(text), text)
    facts = (Fact("Event", "event/x", ("Event",), (("label", value), ("note", value), ("name", value),
                                                  ("kind", ("duration", value))), ev),)
    quads = to_quads(Extraction(letter=letter, facts=facts, entities=(nld,)))
    got = {(q.predicate.value.rsplit("#", 1)[-1], q.object.value) for q in quads if isinstance(q.object, Literal)}
    for prop in ("label", "note", "name", "kind", "role", "exact", "text"):
        want = text if prop in ("exact", "text") else value
        assert (prop, want) in got, prop
    expected = {  # the same quads made one by one with pyoxigraph's constructors
        Literal(value, language="nl"), Literal(value), Literal(value, datatype=NamedNode(XSD + "duration")),
        Literal(text), Literal(str(len(text)), datatype=NamedNode(XSD + "nonNegativeInteger")),
    }
    assert expected <= {q.object for q in quads}
    assert len(quads) == len(set(quads))


# --------------------------------------------------------------------------- repeated triples

def test_repeated_triples_become_one_quad_in_first_place():
    """Triples are deduplicated as strings before any quad is made: equal strings must be exactly
    equal terms, whichever way a node or literal was reached (entity, ``("id", …)`` value, a second
    identical fact), and the first occurrence keeps its place."""
    text = "Nederland levert militairen aan MINUSMA. Zie Kamerstuk 29 521, nr. 412."
    letter = _letter(text)
    nld = Entity("state/NLD", "State", label_nl="Nederland", wikidata="Q55", extra=(("role", "lid"),))
    minusma = Entity("mission/minusma", "Mission", label_en="MINUSMA")
    ev = Evidence(0, 39, text[:39])
    rel = Fact("Relation", "state/NLD", ("contributesTo",), (("contributesTo", minusma), ("note", "n")), ev)
    ref = Fact("Letter", "letter/t", (), (("references", ("id", "letter/kst-29521-412")),
                                          ("paperDossier", "29521"), ("paperNumber", "412")), Evidence(40, 71, text[40:71]))
    con = Fact("Contribution", "contribution/t-0-39", ("Contribution",),
               (("contributor", ("id", "state/NLD")), ("mission", minusma), ("quantifier", ("skg", "Exact")),
                ("personnel", 5), ("note", "n")), ev)
    once = Extraction(letter=letter, facts=(rel, ref, con), entities=(nld, minusma),
                      mentions=(Mention(0, 9, "Nederland", nld), Mention(32, 39, "MINUSMA", minusma)))
    twice = Extraction(letter=letter, facts=(rel, ref, ref, rel, con), entities=(nld, minusma, nld),
                       mentions=once.mentions * 2)
    q1, q2 = to_quads(once), to_quads(twice)
    assert len(q1) == len(set(q1)) and len(q2) == len(set(q2))
    # the second relation adds only its own reified statement (``…-2``); everything else is already
    # there, in the same place
    extra = [q for q in q2 if q not in set(q1)]
    assert extra and all(q.subject.value.endswith("-2") for q in extra)
    assert [q for q in q2 if q in set(q1)] == q1
    direct = [q for q in q2 if q.predicate == NamedNode(SKG + "contributesTo")]
    assert len(direct) == 1
    # the entity's node reached as an ("id", …) value is the entity's own node
    store = store_of(q1)
    assert select(store, "SELECT ?c WHERE { ?c skg:contributor ?n . ?n a skg:State ; owl:sameAs ?q }")


def test_evidence_and_statement_iris_escape_the_letter_name_as_a_key_would():
    """Evidence and statement IRIs are made as an escaped prefix plus numbers (speed): the same IRIs
    as escaping the whole key, also for a name that needs escaping."""
    text = "Nederland levert militairen aan MINUSMA."
    letter = _letter(text, name="brief-é(7)")  # a valid IRI segment, but not a plain slug
    nld, minusma = Entity("state/NLD", "State", label_nl="Nederland"), Entity("mission/minusma", "Mission")
    ev = Evidence(0, len(text), text)
    facts = (Fact("Relation", "state/NLD", ("contributesTo",), (("contributesTo", minusma),), ev),)
    quads = to_quads(Extraction(letter=letter, facts=facts, entities=(nld, minusma)))
    iris = {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, NamedNode)}
    base = "https://w3id.org/sahelkg/id/"
    assert f"{base}evidence/brief-%C3%A9%287%29-0-{len(text)}" in iris
    assert f"{base}statement/brief-%C3%A9%287%29-0-{len(text)}-1" in iris
