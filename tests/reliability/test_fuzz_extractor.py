"""Fuzzing the extractor with mutated letters: it never crashes, and every evidence span points into
the letter's text and quotes exactly what stands there."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahelkg.errors import LetterError
from sahelkg.extract import extract_path, to_quads
from sahelkg.namespaces import OA, SKG

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]

ODD = st.sampled_from(["\x00", "\ufeff", "\u200b", "\r\n", "\r", "-\n", "<sup>", "**", "€", "—", "\t", "ﬁ", "🇲🇱",
                       "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "jl.", "a.s.", " nr. "])


@st.composite
def mutated_letters(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 2000)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate", "odd"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.text(max_size=200)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "truncate":
            text = text[:j]
        else:
            text = text[:i] + draw(ODD) + text[i:]
    return text


def _check_evidence(quads, text: str) -> int:
    spans: dict = {}
    for q in quads:
        p = q.predicate.value
        if p in (OA + "start", OA + "end", OA + "exact"):
            spans.setdefault(q.subject.value, {})[p[len(OA):]] = q.object.value
    for node, span in spans.items():
        start, end = int(span["start"]), int(span["end"])
        assert 0 <= start <= end <= len(text), (node, start, end, len(text))
        assert text[start:end] == span["exact"], (node, text[start:end][:80], span["exact"][:80])
    return len(spans)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_letters())
def test_mutated_letters_never_crash_and_offsets_stay_inside(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "letter.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        extraction = extract_path(path)
    except LetterError as e:  # a clear refusal naming the file is fine (empty, binary...)
        assert str(path) in str(e)
        return
    quads = to_quads(extraction)
    stored = next(q.object.value for q in quads if q.predicate.value == SKG + "text")
    _check_evidence(quads, stored)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes_are_refused_clearly_or_read(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzzb") / "random.txt"
    path.write_bytes(data)
    try:
        extraction = extract_path(path)
    except LetterError as e:
        assert str(path) in str(e)
        return
    _check_evidence(to_quads(extraction), extraction.letter.text)


def test_seed_evidence_quotes_the_stored_text_exactly():
    total = 0
    for path, text in zip(SEEDS, TEXTS):
        total += _check_evidence(to_quads(extract_path(path)), text)
    assert total > 0, "the seeds yield no evidence at all"
