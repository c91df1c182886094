"""Exports of the seed graph: every format read by rdflib and by Debian's ``rapper``, stable bytes, lossless round trips."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse
from rdflib.compare import isomorphic

from sahelkg.errors import QueryError, SahelkgError
from sahelkg.graph.export import export, select_quads
from sahelkg.graph.serialise import jsonld_context, serialise_quads
from sahelkg.graph.store import open_current
from sahelkg.namespaces import Iris
from sahelkg.resources import ontology_dir

FORMATS = ["turtle", "trig", "nquads", "jsonld"]
RAPPER = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "ntriples"}
RDFLIB = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld", "ntriples": "nt"}
OX = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}
IRIS = Iris()


@pytest.fixture(scope="module")
def exports(seed_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt in FORMATS:
        files[fmt] = out / f"seed.{fmt}"
        export(seed_store_path, IRIS.base, fmt, output=str(files[fmt]))
    return files


@pytest.fixture(scope="module")
def seed_counts(seed_store_path):
    st = open_current(seed_store_path)
    quads = list(st)
    return len(quads), len({(q.subject, q.predicate, q.object) for q in quads})


def rdflib_dataset(path, fmt) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(str(path), format=RDFLIB[fmt])
    return ds


def rdflib_quads(ds: rdflib.Dataset) -> int:
    return sum(1 for _ in ds.quads((None, None, None, None)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_rdflib_reads_every_export_with_every_statement(exports, seed_counts, fmt):
    n_quads, n_triples = seed_counts
    ds = rdflib_dataset(exports[fmt], fmt)
    if fmt == "turtle":
        assert len(ds.default_graph) == n_triples
    else:
        assert rdflib_quads(ds) == n_quads


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is installed by make test")
@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads"])
def test_rapper_reads_every_export_it_has_a_parser_for(exports, seed_counts, fmt):
    # raptor2 has no JSON-LD parser (its "json" is RDF/JSON); JSON-LD is checked by rdflib and Oxigraph instead
    out = subprocess.run(["rapper", "-q", "-i", RAPPER[fmt], "-c", str(exports[fmt]), "http://example.org/base/"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    count = int(re.search(r"returned (\d+) (?:triples|statements)", out.stderr + out.stdout).group(1)) \
        if re.search(r"returned (\d+)", out.stderr + out.stdout) else None
    if count is None:  # -q hides the count: ask again without it
        out = subprocess.run(["rapper", "-i", RAPPER[fmt], "-c", str(exports[fmt]), "http://example.org/base/"],
                             capture_output=True, text=True, timeout=300)
        count = int(re.search(r"returned (\d+)", out.stderr).group(1))
    n_quads, n_triples = seed_counts
    assert count == (n_triples if fmt == "turtle" else n_quads)


def test_jsonld_export_is_read_by_oxigraph_too_and_uses_the_published_context(exports, seed_counts):
    quads = list(parse(path=str(exports["jsonld"]), format=RdfFormat.JSON_LD))
    assert len(set(quads)) == seed_counts[0]
    doc = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    ctx = doc["@context"]
    published_file = ontology_dir() / "context.jsonld"
    published = json.loads(published_file.read_text(encoding="utf-8"))["@context"] if published_file.exists() else {}
    for k, v in published.items():
        assert ctx[k] == v
    assert ctx["letter"] == IRIS.base + "id/letter/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_exports_of_the_same_graph_are_byte_identical(seed_store_path, exports, tmp_path, fmt):
    again = tmp_path / f"again.{fmt}"
    export(seed_store_path, IRIS.base, fmt, output=str(again))
    assert again.read_bytes() == exports[fmt].read_bytes()


def test_turtle_export_has_prefixes_and_groups_subjects(exports):
    text = exports["turtle"].read_text(encoding="utf-8")
    assert "@prefix skg: <https://w3id.org/sahelkg/ontology#> ." in text
    assert "@prefix letter: <https://w3id.org/sahelkg/id/letter/> ." in text
    assert " ;\n" in text  # one subject, several predicates
    assert "<<" not in text  # plain RDF 1.1


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_gives_an_isomorphic_graph_with_the_same_quad_count(exports, tmp_path, seed_counts, fmt):
    fresh = tmp_path / "fresh"
    st = Store(str(fresh))
    st.bulk_load(path=str(exports[fmt]), format=OX[fmt])
    st.flush()
    n = len(st)
    del st
    assert n == (seed_counts[1] if fmt == "turtle" else seed_counts[0])
    back = tmp_path / f"back.{fmt}"
    export(fresh, IRIS.base, fmt, output=str(back))
    a, b = rdflib_dataset(exports[fmt], fmt), rdflib_dataset(back, fmt)
    assert rdflib_quads(a) == rdflib_quads(b)
    ga = {str(c.identifier): c for c in a.graphs()}
    gb = {str(c.identifier): c for c in b.graphs()}
    assert set(ga) == set(gb)
    for g in ga:
        assert isomorphic(ga[g], gb[g]), g


def test_one_letter_the_ontology_and_a_construct_result(seed_store_path, tmp_path):
    st = open_current(seed_store_path)
    name = "000_825a412ac6e2827a"
    quads = select_quads(st, IRIS.base, letter=name)
    assert quads and {q.graph_name.value for q in quads} == {IRIS.letter_graph(name)}
    onto = select_quads(st, IRIS.base, ontology=True)
    assert {q.graph_name.value for q in onto} == {IRIS.ontology_graph}
    res = select_quads(st, IRIS.base, construct="PREFIX skg: <https://w3id.org/sahelkg/ontology#> "
                                                  "PREFIX prov: <http://www.w3.org/ns/prov#> "
                                                  "CONSTRUCT { ?l a skg:Letter } WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?l } }")
    assert len(res) == 5
    with pytest.raises(SahelkgError, match="no graph for letter"):
        select_quads(st, IRIS.base, letter="no-such-letter")
    with pytest.raises(QueryError, match="malformed query"):
        select_quads(st, IRIS.base, construct="CONSTRUCT {")
    with pytest.raises(QueryError, match="CONSTRUCT"):
        select_quads(st, IRIS.base, construct="SELECT * WHERE { ?s ?p ?o }")


def test_gzip_export_is_deterministic_and_decompresses_to_the_plain_export(seed_store_path, exports, tmp_path):
    a, b = tmp_path / "a.ttl.gz", tmp_path / "b.ttl.gz"
    export(seed_store_path, IRIS.base, "turtle", output=str(a), gz=True)
    export(seed_store_path, IRIS.base, "turtle", output=str(b), gz=True)
    assert a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes()) == exports["turtle"].read_bytes()


def test_serialiser_handles_blank_nodes_languages_datatypes_and_refuses_rdf_star():
    g = NamedNode("https://w3id.org/sahelkg/graph/letter/x")
    ev = BlankNode("ev1")
    s = NamedNode("https://w3id.org/sahelkg/id/contribution/x-1")
    quads = [
        Quad(s, NamedNode("https://w3id.org/sahelkg/ontology#evidence"), ev, g),
        Quad(ev, NamedNode("http://www.w3.org/ns/oa#exact"), Literal("levert “12” militairen\n"), g),
        Quad(ev, NamedNode("http://www.w3.org/ns/oa#start"),
             Literal("12", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g),
        Quad(s, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("bijdrage", language="nl"), g),
        Quad(s, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
             NamedNode("https://w3id.org/sahelkg/ontology#Contribution"), g),
    ]
    for fmt in FORMATS:
        data = serialise_quads(list(reversed(quads)), fmt)
        assert data == serialise_quads(quads, fmt)
        ds = rdflib.Dataset()
        ds.parse(data=data.decode(), format=RDFLIB[fmt])
        assert sum(1 for _ in ds.quads((None, None, None, None))) == len(quads)
    star = [Quad(s, s, Triple(s, s, s), g)]
    with pytest.raises(SahelkgError, match="RDF-star"):
        serialise_quads(star, "turtle")
    assert "skg" in jsonld_context()
