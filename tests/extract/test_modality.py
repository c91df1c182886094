"""Negation and modality at clause level, and what the fact extractors do with them."""

from __future__ import annotations

import hashlib

import pytest

from sahelkg.extract import extract_letter
from sahelkg.extract.facts.modality import assess, clause_of, clauses, is_negated, modality
from sahelkg.extract.model import Letter


def whole(text: str):
    return assess(text, 0, len(text))


@pytest.mark.parametrize("text,want", [
    ("De missie houdt zich niet bezig met het trainen van speciale eenheden.", "negated"),
    ("Het kabinet beschikt niet over informatie dienaangaande.", "negated"),
    ("Er neemt geen Amerikaans personeel deel aan de missie.", "negated"),
    ("Nederland heeft nooit troepen geleverd aan deze operatie.", "negated"),
    ("Het nationale mandaat zal niet worden verlengd.", "negated"),
    ("Er wordt overwogen om de missie uit te breiden naar Niger.", "considered"),
    ("Het kabinet onderzoekt de mogelijkheden voor een bijdrage aan de missie.", "considered"),
    ("Mogelijk levert Nederland in 2024 een transportvliegtuig.", "considered"),
    ("Dit budget zal mogelijk ook worden ingezet in de regio.", "considered"),
    ("Mauritanië beoogt 1.500 militairen in te zetten.", "planned"),
    ("Frankrijk is voornemens de troepen af te bouwen.", "planned"),
    ("Nederland zal in 2019 twee stafofficieren leveren.", "planned"),
    ("In 2018 streeft Nederland naar de inzet van maximaal 25 agenten.", "planned"),
    ("Een definitief besluit volgt in het voorjaar.", "planned"),
    ("Het besluit hierover volgt na de zomer.", "planned"),
    ("De besluitvorming wordt later afgerond; een besluit volgt.", "planned"),
    ("Het kabinet overweegt wel een bijdrage van 3 miljoen euro.", "considered"),
    ("Duitsland is voornemens om 200 militairen te sturen.", "planned"),
    ("De lijst ziet er als volgt uit.", "asserted"),
    ("Nederland levert in 2019 maximaal 80 militairen.", "asserted"),
    ("Het kabinet heeft besloten de bijdrage te verlengen.", "asserted"),
    ("Nederland levert niet alleen geld maar ook militairen.", "asserted"),
    ("De missie telt niet meer dan 300 militairen.", "asserted"),
    ("De grenzen worden zo goed mogelijk bewaakt.", "asserted"),
    ("De overdracht wordt mogelijk gemaakt door Duitsland.", "asserted"),
    ("Nederland levert naast niet-militaire steun ook 40 militairen.", "asserted"),
])
def test_assess(text, want):
    assert whole(text) == want


def test_negation_is_clause_level():
    text = "Nederland levert 40 militairen aan MINUSMA, maar Duitsland levert geen helikopters."
    first = clause_of(text, 0, len(text), text.index("40"))
    second = clause_of(text, 0, len(text), text.index("geen"))
    assert assess(text, *first) == "asserted"
    assert assess(text, *second) == "negated"


def test_clauses_cover_the_sentence_in_order():
    text = "Het kabinet besluit het mandaat te verlengen tot 2024, mits de missie effectief blijft; dat is nodig."
    spans = clauses(text, 0, len(text))
    assert len(spans) == 3
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert text[spans[1][0]:spans[1][1]].startswith("mits")


def test_is_negated_and_modality_are_independent():
    assert is_negated("geen uitspraken", 0, 15)
    assert modality("zal worden", 0, 10) == "planned"
    assert modality("Nederland levert", 0, 16) is None


def _letter(body: str) -> Letter:
    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 2 mei 2019\n\n{body}\n"
    return Letter(name="m", text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


def test_planned_contribution_is_marked_not_asserted():
    ex = extract_letter(_letter("Nederland zal in 2020 maximaal 40 militairen leveren aan MINUSMA."))
    cs = [f for f in ex.facts if f.kind == "Contribution"]
    assert cs and all(f.status == "planned" for f in cs)
    rels = [f for f in ex.facts if f.kind == "Relation" and f.props[0][0] == "contributesTo"]
    assert rels and all(f.status == "planned" for f in rels)


@pytest.mark.parametrize("body,status", [
    ("Het kabinet overweegt wel een bijdrage van 5 miljoen euro aan het MINUSMA Trust Fund.", "considered"),
    ("Het kabinet is voornemens om 2 miljoen euro bij te dragen aan de G5 Sahel Joint Force.", "planned"),
    ("Nederland wil in 2022 ongeveer 30 militairen leveren aan Takuba. Een definitief besluit volgt later.", "planned"),
])
def test_intended_or_considered_contribution_is_not_asserted(body, status):
    cs = [f for f in extract_letter(_letter(body)).facts if f.kind == "Contribution"]
    assert cs and all(f.status == status for f in cs)


def test_negated_contribution_yields_nothing():
    ex = extract_letter(_letter("Nederland levert in 2020 geen 40 militairen aan MINUSMA."))
    assert not [f for f in ex.facts if f.kind in ("Contribution", "Mandate")]


def test_clauses_shortcut_and_cache_give_the_plain_split():
    """The split skips sentences without a break character and remembers the latest sentence; both
    must give what the break pattern alone gives."""
    import random

    from sahelkg.extract.facts.modality import _CLAUSE_BREAK, clauses

    def plain(text, start, end):
        spans, pos = [], start
        for m in _CLAUSE_BREAK.finditer(text, start, end):
            if m.start() > pos:
                spans.append((pos, m.start()))
            pos = m.end()
        if pos < end:
            spans.append((pos, end))
        return spans or [(start, end)]

    rng = random.Random(7)
    pieces = ["de missie", " ", ",", " maar ", "MAAR ", ";", ": ", " – ", "\n", ", waarbij ", ", en het ", "—", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert clauses(text, a, b) == plain(text, a, b), (text, a, b)
        assert clauses(text, a, b) == plain(text, a, b)  # again, from the cache


def test_clause_break_lookahead_changes_no_match():
    """The lookahead that speeds up ``_CLAUSE_BREAK`` only rejects positions no branch can start at."""
    import random
    import re

    from sahelkg.extract.facts.modality import _CLAUSE_BREAK

    prefix = "(?=[\\s;:,])(?:"
    assert _CLAUSE_BREAK.pattern.startswith(prefix) and _CLAUSE_BREAK.pattern.endswith(")")
    plain = re.compile(_CLAUSE_BREAK.pattern[len(prefix):-1], _CLAUSE_BREAK.flags)
    rng = random.Random(11)
    pieces = ["de missie", " ", "  ", ",", ", ", " maar ", "MAAR ", ";", "; ", ": ", ":", " – ", " —\n", "\n",
              ", waarbij ", ", en het ", ", En ook de ", "—", "x", "\t", ", omdat", ",\u00a0mits "]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert [m.span() for m in _CLAUSE_BREAK.finditer(text, a, b)] == \
            [m.span() for m in plain.finditer(text, a, b)], (text, a, b)


def test_word_prefilter_gives_the_plain_assessment():
    """``assess``/``is_negated``/``modality`` skip a pattern whose words do not occur; the answer must be
    the one the patterns alone give, also for characters ``str.lower`` folds otherwise (İ, ſ, K)."""
    import random

    from sahelkg.extract.facts import modality as md

    def mask(rx, span):
        return rx.sub(lambda m: " " * len(m.group()), span)

    def plain(span):
        if md._NEGATION.search(mask(md._NOT_NEGATION, span)):
            return "negated"
        if md._CONSIDERED.search(mask(md._NOT_CONSIDERED, span)):
            return "considered"
        if md._PLANNED.search(span):
            return "planned"
        return "asserted"

    rng = random.Random(5)
    pieces = ["de missie ", "niet ", "NIET ", "niet alleen ", "geen twijfel ", "niet-militaire ", "nergens ",
              "zo goed mogelijk ", "mogelijk ", "mogelijk gemaakt ", "overwogen ", "zou ", "zal ", "ZULLEN ",
              "besluit volgt ", "nog te besluiten ", "wil ", "op korte termijn ", "levert ", "40 militairen ",
              "N\u0130ET ", "zal\u017f ", "\u212aomende ", "geen", ", ", "willen", "beoogd"]
    for _ in range(4000):
        span = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert md.assess(span, 0, len(span)) == plain(span), span
        assert md.is_negated(span, 0, len(span)) == (plain(span) == "negated"), span
        want = None if plain(span) in ("negated", "asserted") else plain(span)
        if plain(span) == "negated":
            want = md._CONSIDERED.search(mask(md._NOT_CONSIDERED, span)) and "considered" or \
                (md._PLANNED.search(span) and "planned") or None
        assert md.modality(span, 0, len(span)) == want, span
