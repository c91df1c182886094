"""The notebook API over a small hand-made graph: lookups by any name, typed frames, relations, paths."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sahelkg.api import KnowledgeGraph


@pytest.fixture()
def kg(small_store):
    return KnowledgeGraph(small_store)


def test_actor_lookup_by_any_name_ignores_case_and_accents(kg):
    assert kg.actor("Nederland").iri.endswith("state/NLD")
    assert kg.actor("NETHERLANDS") == kg.actor("nld") == kg.actor("https://w3id.org/sahelkg/id/state/NLD")
    assert kg.actor("al-qaida in de islamitische maghreb").iri.endswith("group/aqim")
    assert kg.actor("Atlantis") is None
    assert {a.cls for a in kg.actors()} == {"State", "Mission", "ArmedGroup"}
    assert [a.label for a in kg.actors("State")] == ["Netherlands"]


def test_query_returns_python_values_and_dataframe_types_columns(kg):
    rows = kg.query("SELECT ?p ?d WHERE { ?c skg:personnel ?p . ?e skg:date ?d . ?e a skg:Attack }")
    assert rows == [{"p": 250, "d": "2017-06-18"}]
    frame = kg.dataframe("SELECT ?p ?d WHERE { ?c skg:personnel ?p . ?e skg:date ?d . ?e a skg:Attack }")
    assert str(frame.p.dtype) == "Int64" and pd.api.types.is_datetime64_any_dtype(frame.d)
    assert kg.query("ASK { ?x skg:mergedInto ?y }") is True


def test_tables_are_typed_and_carry_quotes(kg):
    contributions = kg.table("contributions")
    assert contributions.personnel.tolist() == [250] and contributions.year.tolist() == [2018]
    assert contributions.quote[0].startswith("Nederland levert")
    letters = kg.table("letters")
    assert letters.date[0] == pd.Timestamp("2017-09-11")


def test_relations_in_both_directions_with_dates_and_sources(kg):
    jnim = kg.relations("JNIM")
    assert jnim[["relation", "direction"]].values.tolist() == [["mergedInto", "in"]]
    assert jnim.date[0] == pd.Timestamp("2017-03-02") and jnim.letter[0].endswith("letter/L1")
    assert kg.relations("Nederland", types=["mergedInto"]).empty
    assert kg.relations("Nederland", start=dt.date(2018, 1, 1)).empty
    with pytest.raises(KeyError):
        kg.relations("Atlantis")


def test_paths_follow_relations_either_way_with_evidence(kg):
    [[hop]] = kg.paths("AQIM", "JNIM")
    assert (hop["relation"], hop["direction"]) == ("mergedInto", "out") and hop["quote"]
    [[back]] = kg.paths("JNIM", "AQIM")
    assert back["direction"] == "in"
    assert kg.paths("Nederland", "JNIM") == []


def test_letter_facts_lists_every_fact_of_a_letter_with_its_quote(kg):
    facts = kg.letter_facts("L1")
    assert sorted(facts.kind) == ["contribution", "event", "relation", "relation"]
    assert facts.quote.notna().all()
    assert kg.letter_facts("other").empty
