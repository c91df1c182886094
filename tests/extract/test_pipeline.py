"""The pipeline: every step in order, pure and deterministic; a failing extractor loses nothing else."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import sahelkg.extract.pipeline as pipeline
from sahelkg.extract import EXTRACTOR_VERSION, extract_letter, extract_path
from sahelkg.extract.facts import FACT_EXTRACTORS
from sahelkg.extract.model import Letter

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _letter(body: str) -> Letter:
    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 6 juni 2018\n\n{body}\n"
    return Letter(name="p", text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


def test_fact_extractors_listed_once():
    names = [f.__module__ for f in FACT_EXTRACTORS]
    assert len(names) == len(set(names))
    for mod in ("letter_meta", "contributions", "mandates", "events"):
        assert f"sahelkg.extract.facts.{mod}" in names


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_runs_clean_and_deterministic(path):
    a = extract_path(path)
    b = extract_path(path)
    assert a.facts == b.facts and a.entities == b.entities and a.mentions == b.mentions
    assert a.warnings == ()
    assert a.metadata["failed_extractors"] == []
    assert a.metadata["extractor_version"] == EXTRACTOR_VERSION
    assert a.metadata["letter_date"] is not None
    for f in a.facts:
        assert a.letter.text[f.evidence.start:f.evidence.end] == f.evidence.exact


def test_entities_are_distinct_and_cover_mentions_and_facts():
    ex = extract_path(SEEDS[0])
    keys = [e.key for e in ex.entities]
    assert len(keys) == len(set(keys))
    assert {m.entity.key for m in ex.mentions} <= set(keys)
    for f in ex.facts:
        for _, v in f.props:
            if hasattr(v, "key") and hasattr(v, "cls"):
                assert v.key in keys


def test_letter_date_found_in_text_resolves_relative_dates():
    ex = extract_letter(_letter("Op 2 april jl. besloot het kabinet de Nederlandse bijdrage aan MINUSMA te "
                                "verlengen tot en met 31 december 2019."))
    assert ex.metadata["letter_date"] == "2018-06-06"
    assert any(f.kind == "Mandate" for f in ex.facts)


def test_a_failing_extractor_becomes_a_warning(monkeypatch):
    def broken(ctx):
        raise RuntimeError("kapot")

    import sahelkg.extract.facts as facts
    monkeypatch.setattr(facts, "FACT_EXTRACTORS", (broken,) + facts.FACT_EXTRACTORS)
    ex = pipeline.extract_letter(_letter("Nederland levert in 2018 maximaal 40 militairen aan MINUSMA."))
    assert any("broken" in w and "p:" in w and "kapot" in w for w in ex.warnings)
    assert [f for f in ex.facts if f.kind == "Contribution"], "the other extractors still ran"
    assert ex.metadata["failed_extractors"]


def test_empty_letter_extracts_nothing_but_does_not_fail():
    ex = extract_letter(Letter(name="e", text="", media_type="text/plain", encoding="utf-8",
                               sha256=hashlib.sha256(b"").hexdigest()))
    assert ex.facts == () and ex.warnings == ()


def test_a_failing_finder_costs_only_its_findings(monkeypatch):
    import sahelkg.extract.dates as dates

    def broken(parsed, letter_date):
        raise ValueError("stuk")

    monkeypatch.setattr(dates, "find_dates", broken)
    ex = pipeline.extract_letter(_letter("Nederland levert maximaal 40 militairen aan MINUSMA."))
    assert any("find_dates" in w and "stuk" in w for w in ex.warnings)
    assert ex.metadata["failed_steps"] == ["find_dates"]
    assert [f for f in ex.facts if f.kind == "Contribution"]


def test_unusable_text_is_a_letter_error(monkeypatch):
    import sahelkg.extract.normalise as normalise
    from sahelkg.errors import LetterError

    def broken(letter):
        raise RuntimeError("no text")

    monkeypatch.setattr(normalise, "normalise", broken)
    with pytest.raises(LetterError, match="p: cannot read the running text"):
        pipeline.extract_letter(_letter("x"))


def test_static_data_frozen_once_after_the_first_letter(monkeypatch):
    """The first letter loads the static data; it is then moved out of the cyclic collector, once."""
    import gc

    from sahelkg.extract import gazetteer

    gc.unfreeze()
    monkeypatch.setattr(pipeline, "_static_frozen", False)
    try:
        pipeline.extract_letter(_letter("Nederland levert maximaal 40 militairen aan MINUSMA."))
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the gazetteer, automata, patterns, vocabulary
        g = gazetteer.load()
        assert not any(o is g for o in gc.get_objects())  # frozen objects are no longer tracked per generation
        pipeline.extract_letter(_letter("Duitsland levert 25 militairen aan EUTM Mali."))
        assert gc.get_freeze_count() <= frozen  # not again for every letter (freed ones leave the count)
    finally:
        gc.unfreeze()


def test_nothing_frozen_when_the_collector_is_off(monkeypatch):
    import gc

    gc.unfreeze()
    monkeypatch.setattr(pipeline, "_static_frozen", False)
    gc.disable()
    try:
        pipeline.extract_letter(_letter("Nederland levert maximaal 40 militairen aan MINUSMA."))
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_a_state_a_mission_name_places_it_in_is_an_entity_without_facts(monkeypatch):
    letter = _letter("Het kabinet verlengt de bijdrage aan de European Union Training Mission in Mozambique.")
    ex = pipeline.extract_letter(letter)
    keys = {e.key for e in ex.entities}
    assert {"mission/eutm-mozambique", "state/MOZ"} <= keys
    assert "state/MOZ" not in {m.entity.key for m in ex.mentions}  # no mention: its offsets are the mission's
    assert ex.metadata["named_in_mission_names"] == ["state/MOZ"]
    monkeypatch.setattr(pipeline, "_states_in_mission_names", lambda mentions: ())
    assert pipeline.extract_letter(letter).facts == ex.facts  # an entity only: the facts are the same


def test_a_state_only_part_of_a_mission_name_is_no_entity():
    ex = pipeline.extract_letter(_letter("Nederland levert maximaal vijf experts aan EUCAP Sahel Niger."))
    assert "state/NER" not in {e.key for e in ex.entities}
    assert ex.metadata["named_in_mission_names"] == []


def test_the_letter_mentions_a_state_its_mission_names():
    from pyoxigraph import NamedNode

    from sahelkg.extract import to_quads
    from sahelkg.namespaces import SKG

    ex = pipeline.extract_letter(_letter("De EU-trainingsmissie in Mozambique wordt verlengd."))
    mentioned = {q.object.value for q in to_quads(ex) if q.predicate == NamedNode(SKG + "mentions")}
    assert any(iri.endswith("/state/MOZ") for iri in mentioned)
