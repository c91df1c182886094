"""The held-out passages are well-formed: every quote stands exactly in its passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelkg.extract.evaluate import load_passages, passage_letter_text

HELDOUT = load_passages(Path(__file__).resolve().parents[1] / "heldout")


def _quotes(expected: dict):
    for section in ("contributions", "mandates", "events", "relations", "non_facts"):
        for item in expected.get(section) or ():
            yield section, item["quote"]


@pytest.mark.parametrize("passage", HELDOUT, ids=[p["id"] for p in HELDOUT])
def test_heldout_quotes_are_exact(passage):
    text = passage_letter_text(passage)
    for section, quote in _quotes(passage.get("expected") or {}):
        assert quote in text, (section, quote)


def test_there_are_heldout_passages():
    assert len(HELDOUT) >= 25
