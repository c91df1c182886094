"""Competency questions: every ontology/queries/*.rq is well-formed and answers its question on the seed graph.

Expected answers live in ``competency.yaml`` beside this file (true answers from reading the letters).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pyoxigraph import QuerySolutions, Store

from sahelkg.namespaces import PREFIXES
from sahelkg.ontology.reference import competency_questions

EXPECTED = yaml.safe_load((Path(__file__).parent / "competency.yaml").read_text(encoding="utf-8"))
QUESTIONS = {q["name"]: q for q in competency_questions()}


# ---------------------------------------------------------------------------------- matching


def _row_matches(expected: dict, actual: dict) -> bool:
    for var, pattern in expected.items():
        if var == "optional":
            continue
        if not re.search(str(pattern), actual.get(var, ""), re.IGNORECASE):
            return False
    return True


def match_rows(expected: list[dict], actual: list[dict], mode: str) -> list[str]:
    """Problems (empty when the answer is right): a one-to-one pairing of expected rows with result rows."""
    pair: dict[int, int] = {}  # actual index -> expected index

    def assign(e: int, seen: set[int]) -> bool:
        for a, row in enumerate(actual):
            if a in seen or not _row_matches(expected[e], row):
                continue
            seen.add(a)
            if a not in pair or assign(pair[a], seen):
                pair[a] = e
                return True
        return False

    problems = []
    for e, row in enumerate(expected):
        if not assign(e, set()) and not row.get("optional"):
            problems.append(f"missing: {row}")
    if mode == "exact":
        problems.extend(f"unexpected: {row}" for a, row in enumerate(actual) if a not in pair)
    return problems


def test_matcher_pairs_one_to_one():
    exp = [{"x": "^a$"}, {"x": "^a$"}]
    assert match_rows(exp, [{"x": "a"}], "includes") == ["missing: {'x': '^a$'}"]
    assert match_rows(exp, [{"x": "a"}, {"x": "a"}], "exact") == []
    assert match_rows([{"x": "a"}], [{"x": "a"}, {"x": "b"}], "exact") == ["unexpected: {'x': 'b'}"]
    assert match_rows([{"x": "a"}], [{"x": "a"}, {"x": "b"}], "includes") == []
    # a greedy first choice must be undone to pair both
    assert match_rows([{"x": "a|b"}, {"x": "^a$"}], [{"x": "a"}, {"x": "b"}], "exact") == []
    assert match_rows([{"x": "a", "optional": True}], [], "exact") == []


# ---------------------------------------------------------------------------------- the query files


def test_at_least_25_questions_each_with_an_expected_answer():
    assert len(QUESTIONS) >= 25
    assert sorted(QUESTIONS) == sorted(EXPECTED), "competency.yaml and ontology/queries/ must list the same questions"


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_query_file_is_well_formed(name):
    q = QUESTIONS[name]
    assert q["query"].startswith("# title: "), "the query page parses the first line as the title"
    assert len(q["title"]) > 10 and len(q["description"]) > 20
    # project prefixes are used with their project IRIs
    for prefix, iri in re.findall(r"^PREFIX\s+([A-Za-z]*):\s*<([^>]*)>", q["query"], re.MULTILINE):
        if prefix in PREFIXES:
            assert iri == PREFIXES[prefix], f"PREFIX {prefix}: is not the project's"
    # it parses and runs (on an empty store) without FROM/GRAPH: it queries the default graph
    assert not re.search(r"^\s*(FROM|GRAPH)\b", q["query"], re.MULTILINE | re.IGNORECASE)
    res = Store().query(q["query"], use_default_graph_as_union=True)
    assert isinstance(res, QuerySolutions)
    used = {v.value for v in res.variables}
    for row in EXPECTED[name]["rows"]:
        unknown = set(row) - used - {"optional"}
        assert not unknown, f"expected answer names variables the query does not return: {unknown}"


# ---------------------------------------------------------------------------------- answers on the seed graph


@pytest.fixture(scope="module")
def seed_store(seed_store_path):
    from sahelkg.graph.store import open_store

    return open_store(seed_store_path, read_only=True)


def _run(store, query: str) -> list[dict]:
    res = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: ("" if r[n] is None else r[n].value) for n in names} for r in res]


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_competency_question_on_seed_graph(seed_store, name):
    spec = EXPECTED[name]
    rows = _run(seed_store, QUESTIONS[name]["query"])
    problems = match_rows(spec["rows"], rows, spec.get("mode", "exact"))
    assert not problems, f"{QUESTIONS[name]['title']}\n" + "\n".join(problems) + f"\n(got {len(rows)} rows)"
    if spec.get("quote_check"):
        for row in rows:
            text = _run(seed_store, f"SELECT ?t WHERE {{ <{row['letter']}> <https://w3id.org/sahelkg/ontology#text> ?t }}")
            assert text, f"no text stored for {row['letter']}"
            start, end = int(row["start"]), int(row["end"])
            assert text[0]["t"][start:end] == row["quote"], "the quote is not the letter's text at its offsets"
