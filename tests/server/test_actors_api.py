"""The actor relationship API over the sample graph: search, neighbourhoods, paths, errors, and
conformance of every response to the OpenAPI description (schemathesis)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings


def test_search_by_name_and_class(client):
    r = client.get("/api/actors?q=mal")
    assert r.status_code == 200
    assert [a["id"] for a in r.get_json()["actors"]] == ["state/MLI"]
    nl = client.get("/api/actors?q=nederland").get_json()["actors"]  # other-language label
    assert [a["id"] for a in nl] == ["state/NLD"]
    groups = client.get("/api/actors?class=ArmedGroup").get_json()["actors"]
    assert {a["id"] for a in groups} == {"group/mnla", "group/ansar-dine"}
    assert client.get("/api/actors?class=skg:Mission").get_json()["actors"][0]["label"] == "MINUSMA"


def test_search_rejects_unknown_class(client):
    r = client.get("/api/actors?class=Planet")
    assert r.status_code == 400 and "Planet" in r.get_json()["error"]


def test_relations_depth_one_and_two(client):
    one = client.get("/api/actors/state/MLI/relations").get_json()
    types = {(e["source"], e["type"], e["target"]) for e in one["edges"]}
    assert types == {("state/FRA", "skg:supports", "state/MLI"), ("mission/minusma", "skg:operatesIn", "state/MLI"),
                     ("state/MLI", "skg:memberOf", "organisation/ecowas")}
    edge = next(e for e in one["edges"] if e["type"] == "skg:supports")
    src = edge["evidence"][0]
    assert src["passage"] == "Frankrijk steunt de regering van Mali" and src["letter_date"] == "2013-11-01"
    assert src["letter"].endswith("/id/letter/900_sample") and src["end"] - src["start"] == len(src["passage"])
    two = client.get("/api/actors/state/MLI/relations?depth=2").get_json()
    assert ("state/NLD", "skg:contributesTo", "mission/minusma") in {(e["source"], e["type"], e["target"]) for e in two["edges"]}
    assert {n["id"] for n in two["nodes"]} >= {"state/NLD", "state/FRA", "organisation/ecowas"}


def test_relations_filters(client):
    only = client.get("/api/actors/state/MLI/relations?types=memberOf").get_json()
    assert [e["type"] for e in only["edges"]] == ["skg:memberOf"]
    later = client.get("/api/actors/state/MLI/relations?from=2014").get_json()  # letter 901 is from 2014
    assert [e["type"] for e in later["edges"]] == ["skg:memberOf"]
    earlier = client.get("/api/actors/state/MLI/relations?to=2013-12-31").get_json()
    assert {e["type"] for e in earlier["edges"]} == {"skg:supports", "skg:operatesIn"}


@pytest.mark.parametrize("query,status", [("depth=9", 400), ("depth=x", 400), ("types=likes", 400),
                                          ("from=yesterday", 400)])
def test_relations_bad_parameters(client, query, status):
    r = client.get("/api/actors/state/MLI/relations?" + query)
    assert r.status_code == status and r.get_json()["error"]


def test_relations_unknown_actor(client):
    r = client.get("/api/actors/state/XXX/relations")
    assert r.status_code == 404 and "state/XXX" in r.get_json()["error"]


def test_shortest_paths_with_evidence_on_each_hop(client):
    r = client.get("/api/paths?from=state/NLD&to=state/FRA")
    body = r.get_json()
    assert r.status_code == 200 and body["length"] == 3
    (path,) = body["paths"]
    assert [(h["from"], h["relation"], h["to"], h["direction"]) for h in path] == [
        ("state/NLD", "skg:contributesTo", "mission/minusma", "forward"),
        ("mission/minusma", "skg:operatesIn", "state/MLI", "forward"),
        ("state/MLI", "skg:supports", "state/FRA", "backward"),
    ]
    assert all(h["evidence"] and h["evidence"][0]["passage"] for h in path)


def test_paths_respect_max_length_and_report_none(client):
    assert client.get("/api/paths?from=state/NLD&to=state/FRA&max_length=2").get_json()["paths"] == []
    none = client.get("/api/paths?from=state/NLD&to=group/mnla").get_json()
    assert none["paths"] == [] and none["length"] is None
    assert client.get("/api/paths?from=state/NLD").status_code == 400
    assert client.get("/api/paths?from=state/NLD&to=state/FRA&max_length=99").status_code == 400


def test_openapi_description_is_served(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and set(spec["paths"]) == {
        "/api/actors", "/api/actors/{id}/relations", "/api/paths"}
    assert client.get("/api/openapi.yaml").status_code == 200


@pytest.fixture()
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_every_operation_conforms_to_openapi(api_schema):
    """Generated requests (schemathesis strategies, driven by hypothesis) get responses that match the
    OpenAPI description: no 5xx, documented status codes, bodies valid against the schemas."""
    checks = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance,
              schemathesis.checks.status_code_conformance]
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) == 3
    for operation in operations:
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case):
            case.validate_response(case.call(), checks=checks)

        check()
