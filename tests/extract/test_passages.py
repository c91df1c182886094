"""The real extractor on our own passages (tests/passages): every expected fact is found, no non-fact asserted.

These are the genre rules the extractor must learn from passages worded unlike the seeds; they fail
until the extractor handles each case. Matching is the evaluator's (tests/gold/README.md): a fact counts
as found when a predicted fact matches it on its key; passages do not penalise extra predictions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelkg.extract.evaluate import extract_and_score_passage, load_passages

PASSAGES = load_passages(Path(__file__).resolve().parents[2] / "tests" / "passages")


@pytest.fixture(scope="module")
def scored():
    cache: dict[str, object] = {}

    def get(passage):
        if passage["id"] not in cache:
            cache[passage["id"]] = extract_and_score_passage(passage)
        return cache[passage["id"]]

    return get


KNOWN_GAPS: dict[str, str] = {  # passage id -> why it fails today (strict xfail: a fix turns it into a reported XPASS)
}


def _with_known_gaps(passages):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[p["id"]]))
            if p["id"] in KNOWN_GAPS else p for p in passages]


@pytest.mark.parametrize("passage", _with_known_gaps(PASSAGES), ids=lambda p: p["id"])
def test_passage_expected_facts_are_found(passage, scored):
    s = scored(passage)
    assert s.errors == [], f"extractor failed on passage {passage['id']}: {s.errors}"
    missed = {t: v for t, v in s.missed.items() if t != "letter"}
    assert missed == {}, f"{passage['id']}: expected but not extracted: {missed}"


@pytest.mark.parametrize("passage", [p for p in PASSAGES if (p.get("expected") or {}).get("non_facts")],
                         ids=lambda p: p["id"])
def test_passage_non_facts_stay_silent(passage, scored):
    s = scored(passage)
    assert s.errors == [], f"extractor failed on passage {passage['id']}: {s.errors}"
    assert s.non_facts_violated == [], f"{passage['id']}: facts extracted from non-fact statements"
