"""Sentence splitting of Dutch officialese and tokens."""

from __future__ import annotations

import pytest

from sahelkg.extract.model import Letter
from sahelkg.extract.normalise import normalise
from sahelkg.extract.read import read_letter
from sahelkg.extract.sentences import nlp, sentence_spans, split, tokenize
from sahelkg.resources import seed_letters


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Op 2 april jl. zijn de trainingen begonnen. Inmiddels gaat het goed.",
         ["Op 2 april jl. zijn de trainingen begonnen.", "Inmiddels gaat het goed."]),
        # jl. / a.s. at the end of a sentence
        ("De Kamer is op 16 januari jl. Inmiddels zijn er twee vluchten.",
         ["De Kamer is op 16 januari jl.", "Inmiddels zijn er twee vluchten."]),
        ("De Raad vergadert op maandag 21 februari a.s. Daarnaast brengen de VN de gevolgen in kaart.",
         ["De Raad vergadert op maandag 21 februari a.s.", "Daarnaast brengen de VN de gevolgen in kaart."]),
        ("Het overleg d.d. 16 februari jl. leverde niets op.", ["Het overleg d.d. 16 februari jl. leverde niets op."]),
        ("Rebellen van m.n. AQIM bieden weerstand.", ["Rebellen van m.n. AQIM bieden weerstand."]),
        ("Zie Kamerstuk 29 521, nr. 207. De brief volgt.", ["Zie Kamerstuk 29 521, nr. 207.", "De brief volgt."]),
        ("Zie nr. 12 van de reeks.", ["Zie nr. 12 van de reeks."]),
        ("Landen als o.a. Duitsland leveren troepen.", ["Landen als o.a. Duitsland leveren troepen."]),
        ("Dit gebeurt i.v.m. De veiligheid en t.b.v. Nederlandse militairen.",
         ["Dit gebeurt i.v.m. De veiligheid en t.b.v. Nederlandse militairen."]),
        ("Helikopters, voertuigen e.d. Zij worden ingezet.", ["Helikopters, voertuigen e.d.", "Zij worden ingezet."]),
        ("Resp. Duitsland en Frankrijk leveren 10 resp. 20 militairen.",
         ["Resp. Duitsland en Frankrijk leveren 10 resp. 20 militairen."]),
        ("Het gesprek met mr. De Vries en dhr. Jansen en drs. Pietersen verliep goed.",
         ["Het gesprek met mr. De Vries en dhr. Jansen en drs. Pietersen verliep goed."]),
        ("De Minister van Defensie, K.H. Ollongren, ondertekende. Daarna volgde de rest.",
         ["De Minister van Defensie, K.H. Ollongren, ondertekende.", "Daarna volgde de rest."]),
        ("Ondertekend door F.C.G.M. Timmermans en J. Smit vandaag.",
         ["Ondertekend door F.C.G.M. Timmermans en J. Smit vandaag."]),
        ("Zoals in art. 100 Grondwet staat. Zie blz. 12 van de brief.",
         ["Zoals in art. 100 Grondwet staat.", "Zie blz. 12 van de brief."]),
        ("De operaties van de VS. Het kabinet beschikt niet over informatie.",
         ["De operaties van de VS.", "Het kabinet beschikt niet over informatie."]),
        ("Is het waar dat de VS steun leverden? Waaruit bestond deze steun?",
         ["Is het waar dat de VS steun leverden?", "Waaruit bestond deze steun?"]),
        ("Wat is uw oordeel over het artikel «U.S. Trains Commandos»? Is het waar?",
         ["Wat is uw oordeel over het artikel «U.S. Trains Commandos»?", "Is het waar?"]),
        ("De bijdrage (Kamerstuk 29 521, nr. A). De missie loopt.", ["De bijdrage (Kamerstuk 29 521, nr. A).", "De missie loopt."]),
        ("Zie Kamerstuk 29 521, nr. A. Het kabinet besluit.", ["Zie Kamerstuk 29 521, nr. A.", "Het kabinet besluit."]),
        ("1. Politieke situatie in de Sahel", ["1. Politieke situatie in de Sahel"]),
        ("2.3 EU-missies in Mali", ["2.3 EU-missies in Mali"]),
        ("Vraag 1\n\nIs het waar?\n\nAntwoord 1\n\nJa.", ["Vraag 1", "Is het waar?", "Antwoord 1", "Ja."]),
        ("De bijdrage bestaat uit:\n\n– 150 militairen;\n\n– twee adviseurs.",
         ["De bijdrage bestaat uit:", "– 150 militairen;", "– twee adviseurs."]),
        ("In totaal 6.600 troepen. 13.289 militairen zijn er nu.", ["In totaal 6.600 troepen.", "13.289 militairen zijn er nu."]),
        ("Hij zei: \"Wij gaan.\" Daarna ging hij.", ["Hij zei: \"Wij gaan.\"", "Daarna ging hij."]),
        ("Dit duurt tot 2018. 2019 wordt anders.", ["Dit duurt tot 2018.", "2019 wordt anders."]),
        ("Het gaat om ca. 450 militairen.", ["Het gaat om ca. 450 militairen."]),
        ("", []),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("De EU-lidstaten leveren 6.600 troepen.", ["De", "EU-lidstaten", "leveren", "6.600", "troepen", "."]),
        ("op 29 juni jl. door", ["op", "29", "juni", "jl.", "door"]),
        ("€ 3,8 miljoen (ca. 4 mln)", ["€", "3,8", "miljoen", "(", "ca.", "4", "mln", ")"]),
        ("K.H. Ollongren i.v.m. zo'n", ["K.H.", "Ollongren", "i.v.m.", "zo'n"]),
        ("Het einde.", ["Het", "einde", "."]),
    ],
)
def test_tokens(text, tokens):
    toks = tokenize(text)
    assert [t.text for t in toks] == tokens
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_spacy_pipeline_is_loaded_once():
    assert nlp() is nlp()
    assert nlp().lang == "nl"


@pytest.fixture(scope="module")
def parsed_seeds():
    return [split(normalise(read_letter(p))) for p in seed_letters()]


def test_seed_sentences_are_slices_of_the_text(parsed_seeds):
    for p in parsed_seeds:
        assert p.sentences
        prev_end = 0
        for s in p.sentences:
            assert p.text[s.start : s.end] == s.text
            assert s.start >= prev_end and s.text == s.text.strip()
            prev_end = s.end
            for t in s.tokens:
                assert s.start <= t.start < t.end <= s.end and p.text[t.start : t.end] == t.text


def test_seed_sentences_do_not_break_at_abbreviations(parsed_seeds):
    for p in parsed_seeds:
        for s in p.sentences:
            last = s.text.rsplit(None, 1)[-1]
            assert last not in ("nr.", "d.d.", "o.a.", "m.n.", "i.v.m.", "t.b.v."), s.text
            assert "\n" not in s.text


def test_seed_000_sentences(parsed_seeds):
    texts = [s.text for s in parsed_seeds[0].sentences]
    assert "In totaal nemen 531 personen deel aan de missie." in texts
    assert "Op 2 april jl. zijn de trainingsactiviteiten begonnen." in texts
    assert any(t.startswith("In de Adrar des Iforas") and "m.n. Al Qaida" in t for t in texts)


def test_split_without_tokens():
    n = normalise(Letter("t", "Een zin. Nog een zin.", "text/plain", "utf-8", ""))
    p = split(n, tokens=False)
    assert [s.text for s in p.sentences] == ["Een zin.", "Nog een zin."]
    assert all(s.tokens == () for s in p.sentences)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["De", "missie", " ", "  ", ".", ". ", "? ", "! ", "\n\n", "jl.", "a.s.", "nr.", "K.H.", "VS.", "1.", "2.3",
     "«", "»", "“", "”", "(", ")", "Ollongren", "Inmiddels", "6.600", "e.d.", "…", "– ", "Vraag 1", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_sentence_spans_are_ordered_trimmed_slices(text):
    spans = sentence_spans(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert "\n\n" not in text[s:e]
        prev = e
    # nothing but whitespace is left out
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_sentence_at():
    from sahelkg.extract.sentences import sentence_at

    p = split(normalise(Letter("t", "Een zin. Nog een zin.\n\nDerde.", "text/plain", "utf-8", "")))
    assert [sentence_at(p, i) for i in (0, 8, 9, 21, 23, len(p.text))] == [0, 1, 1, 2, 2, -1]


@settings(max_examples=400, deadline=None)
@given(
    word=st.text(alphabet="abcdeijlmnorstvxzé(«“'[.-ABCKLMVIX", min_size=1, max_size=9),
    before=st.text(alphabet="ab1. ()VI\n", max_size=12),
    nxt=st.sampled_from(["De", "de", "1", "«Het", ""]),
)
def test_plain_word_end_agrees_with_is_boundary(word, before, nxt):
    """The shortcut for a dot after an ordinary word decides as the full rules do."""
    from sahelkg.extract.sentences import _is_boundary, _plain_word_end

    if _plain_word_end(word):
        assert _is_boundary(word, ".", before + word, nxt)
    for known in ("ingevolge", "nummer", "missie", "kamerbrief"):  # real words, whatever comes before
        assert _plain_word_end(known) == _is_boundary(known, ".", before + " " + known, nxt)
