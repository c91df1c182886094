"""CSV tables with a Frictionless datapackage, and GraphML/GEXF networks, loaded back by their own readers."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
from frictionless import Package

from sahelkg.graph.network import actor_network, write_network
from sahelkg.graph.tables import write_tables


def test_csv_tables_load_in_pandas_with_sources_and_validate_as_a_datapackage(small_store, tmp_path):
    files = write_tables(small_store, tmp_path)
    assert {f.name for f in files} == {"entities.csv", "contributions.csv", "mandates.csv", "events.csv",
                                       "relations.csv", "letters.csv", "datapackage.json"}
    contributions = pd.read_csv(tmp_path / "contributions.csv")
    row = contributions.iloc[0]
    assert (row.contributor.endswith("state/NLD"), int(row.personnel), row.quantifier, int(row.year)) == \
        (True, 250, "Exact", 2018)
    assert row.quote == "Nederland levert 250 militairen aan MINUSMA." and (row.start, row.end) == (0, 44)
    entities = pd.read_csv(tmp_path / "entities.csv")
    nld = entities[entities.iri.str.endswith("state/NLD")].iloc[0]
    assert (nld["class"], nld.iso3166, nld.wikidata, nld.label_nl) == ("State", "NLD", "Q55", "Nederland")
    events = pd.read_csv(tmp_path / "events.csv")
    assert list(events.type) == ["Attack"] and int(events.fatalities[0]) == 5
    relations = pd.read_csv(tmp_path / "relations.csv")
    assert set(relations.predicate) == {"contributesTo", "mergedInto"}

    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_network_carries_attributes_and_round_trips_through_graphml_and_gexf(small_store, tmp_path):
    g = actor_network(small_store)
    edge = next(d for _, _, d in g.edges(data=True) if d["relation"] == "mergedInto")
    assert edge["date"] == "2017-03-02" and edge["quote"].startswith("Nederland levert") and edge["letter"].endswith("L1")
    nld = next(n for n in g if n.endswith("state/NLD"))
    assert g.nodes[nld]["iso3166"] == "NLD" and g.nodes[nld]["wikidata"] == "Q55" and g.nodes[nld]["class"] == "State"

    back = nx.read_graphml(write_network(g, tmp_path / "actors.graphml", "graphml"))
    assert back.number_of_edges() == g.number_of_edges() == 2
    assert back.nodes[nld]["iso3166"] == "NLD"
    gexf = nx.read_gexf(write_network(g, tmp_path / "actors.gexf", "gexf"))
    assert gexf.number_of_edges() == 2


def test_network_filters_by_type_date_and_letter(small_store):
    assert {d["relation"] for *_, d in actor_network(small_store, types=["mergedInto"]).edges(data=True)} == {"mergedInto"}
    # mergedInto is dated 2017-03-02; contributesTo falls back to its letter's date, 2017-09-11.
    only_march = actor_network(small_store, start=dt.date(2017, 3, 1), end=dt.date(2017, 3, 31))
    assert [d["relation"] for *_, d in only_march.edges(data=True)] == ["mergedInto"]
    assert actor_network(small_store, letters=["https://w3id.org/sahelkg/id/letter/other"]).number_of_edges() == 0


def test_seed_graph_tables_validate_and_every_fact_row_quotes_its_letter(seed_store_path, tmp_path):
    from sahelkg.graph.store import open_current

    store = open_current(seed_store_path, read_only=True)
    write_tables(store, tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    for name in ("contributions", "mandates", "events", "relations"):
        frame = pd.read_csv(tmp_path / f"{name}.csv")
        assert len(frame) > 0, name
        assert frame.quote.notna().all() and frame.letter.notna().all(), name
    g = actor_network(store)
    back = nx.read_graphml(write_network(g, tmp_path / "seeds.graphml", "graphml"))
    assert back.number_of_edges() == g.number_of_edges() > 100
