"""The lexical checks on SPARQL text: keywords count only outside strings, IRIs and comments."""

from __future__ import annotations

import pytest

from sahelkg.server import guard


@pytest.mark.parametrize("text,expected", [
    ("SELECT * {}", "SELECT"),
    ("PREFIX ex: <http://ex/#select>\nBASE <http://b/>\n ask {}", "ASK"),
    ("# INSERT DATA {}\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("prefix : <http://x/> describe :a", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", None),
])
def test_query_form(text, expected):
    assert guard.query_form(text) == expected


@pytest.mark.parametrize("text", ["INSERT DATA { <a> <b> <c> }", "load <http://x>", "PREFIX a: <http://a#>\nCLEAR ALL",
                                  "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "# x\n drop silent graph <g>",
                                  "COPY DEFAULT TO <g>", "CREATE GRAPH <g>"])
def test_updates_are_recognised(text):
    assert guard.looks_like_update(text)


@pytest.mark.parametrize("text", ['SELECT ("INSERT" AS ?x) {}', "SELECT * { ?s <http://x/insert> ?o }",
                                  "SELECT ?insert {}"])
def test_queries_are_not_updates(text):
    assert not guard.looks_like_update(text)


@pytest.mark.parametrize("text,expected", [
    ("SELECT * { SERVICE <http://x> { ?s ?p ?o } }", True),
    ("SELECT * { service silent <http://x> { } }", True),
    ("SELECT * {\n  OPTIONAL { SERVICE ?ep { } } }", True),
    ('SELECT ("SERVICE" AS ?x) {}', False),
    ("SELECT ('''a\nSERVICE b''' AS ?x) {}", False),
    ("SELECT * { ?s <http://example/SERVICE> ?o }", False),
    ("SELECT ?service { ?service a ex:SERVICE }", False),
    ("SELECT * {} # SERVICE <x> {}", False),
    ('SELECT * { ?s ?p "#" . SERVICE <http://x> {} }', True),
])
def test_service_detection(text, expected):
    assert guard.uses_service(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("SELECT * FROM <g> {}", True), ("SELECT * FROM NAMED <g> {}", True),
    ("SELECT * { ?s <http://x/from> ?o }", False), ('SELECT ("from" AS ?x) {}', False),
    ("SELECT ?from {}", False),
])
def test_dataset_clause_detection(text, expected):
    assert guard.has_dataset_clause(text) is expected
