"""normalise: hyphenation, paragraphs, asides, and the offset map back to the stored text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sahelkg.extract.model import Letter
from sahelkg.extract.normalise import normalise, normalised_index
from sahelkg.extract.read import read_letter
from sahelkg.resources import seed_letters

SEEDS = {p.stem[:3]: p for p in seed_letters()}


def letter(text: str, media_type: str = "text/plain") -> Letter:
    return Letter(name="t", text=text, media_type=media_type, encoding="utf-8", sha256="")


def check_offsets(n) -> None:
    """The invariants every normalisation keeps (see the module docstring)."""
    orig = n.letter.text
    assert len(n.offsets) == len(n.text) + 1
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:])), "offsets decrease"
    for i, ch in enumerate(n.text):
        o = n.offsets[i]
        assert 0 <= o < len(orig)
        if ch.isspace():
            assert orig[o].isspace(), (i, repr(ch), repr(orig[o]))
        else:
            assert orig[o] == ch, (i, ch, orig[o])
    # every span maps into the original text and back to its characters
    for a, b in [(0, len(n.text)), (0, 1), (len(n.text) // 2, len(n.text))]:
        if a < b <= len(n.text):
            s, e = n.to_original(a, b)
            assert 0 <= s <= e <= len(orig)
    for a in n.asides:
        assert 0 <= a.orig_start <= a.orig_end <= len(orig)
    # running text: no empty paragraphs, no double spaces, nothing dangling at the ends
    assert "\n\n\n" not in n.text and "  " not in n.text
    assert n.text == n.text.strip()


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "de", "missie", "EU", "VN-", "Noord-", "Mali", "verslech-", "terde", " ", "  ", "\n", "\n\n", "\r\n",
        "\f", "-", "–", ".", ",", ";", "?", "1", "29 521", "jl.", "**", "*", "#", "## ", "<sup>1</sup>",
        "<sup>", "</sup>", "[a](http://x.nl)", "\\*", "_", "1 http://x.nl/a-", "b.html", " Zoals", "T ",
        "Tweede Kamer, vergaderjaar 2012–2013, 29 521, nr. 207 2", "Vraag 1", "– ", "K.H.", "«", "»", "é",
        "\t", "\u00a0", "\u00ad", "\u200b", "\ufeff", "Den Haag, 11 april 2013",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, md=st.booleans())
def test_offset_invariants_hold_for_any_text(text, md):
    n = normalise(letter(text, "text/markdown" if md else "text/plain"))
    check_offsets(n)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300), md=st.booleans())
def test_offset_invariants_hold_for_arbitrary_unicode(text, md):
    n = normalise(letter(text, "text/markdown" if md else "text/plain"))
    check_offsets(n)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS)
def test_spans_map_back_to_original_substrings(text):
    n = normalise(letter(text))
    for start in range(0, len(n.text), 7):
        for end in (start, start + 1, start + 5, len(n.text)):
            if end > len(n.text):
                continue
            s, e = n.to_original(start, end)
            assert 0 <= s <= e <= len(text)
            # the non-space characters of the span appear, in order, in the original span
            want = [c for c in n.text[start:end] if not c.isspace()]
            got = iter(text[s:e])
            assert all(any(c == g for g in got) for c in want)


def test_normalised_index_inverts_offsets():
    n = normalise(letter("Een  twee\ndrie-\nvier."))
    for i in range(len(n.text)):
        if not n.text[i].isspace():
            assert normalised_index(n, n.offsets[i]) == i


# --------------------------------------------------------------------------- hyphenation

@pytest.mark.parametrize(
    "text, expected",
    [
        ("in het licht van de verslech-\nterde situatie.", "verslechterde situatie"),
        ("de herstructu-\nrering van vier regimenten.", "herstructurering van"),
        ("troepen uit Noord-\nMali trokken zich terug.", "Noord-Mali trokken"),
        ("de VN-\nmissie in Mali.", "VN-missie in"),
        ("de EU-\nlidstaten leveren trainers.", "EU-lidstaten leveren"),
        ("de opbouw van vredes-\nen trainingsmissies.", "vredes- en trainingsmissies"),
        ("mensen-\nof drugssmokkel.", "mensen- of drugssmokkel"),
        ("de artikel 100-\nbrief van oktober.", "artikel 100-brief van"),
        ("het C-\n130 transportvliegtuig.", "C-130 transportvliegtuig"),
        ("de Liptako-Gourma-\nregio is onrustig.", "Liptako-Gourma-regio is"),
        ("de (SOFA-\n)afspraken.", "(SOFA-)afspraken"),
        # the letter itself says which form it uses
        ("In de Sahel-regio is het onrustig. Stabiliteit in de Sahel-\nregio is van belang.", "in de Sahel-regio is van"),
        ("In de Sahelregio is het onrustig. Stabiliteit in de Sahel-\nregio is van belang.", "in de Sahelregio is van"),
        ("Het Commissiedebat volgt. Het Commissie-\ndebat van gisteren.", "Het Commissiedebat van"),
        ("De Takuba-liaisonofficier blijft. De Takuba-\nliaisonofficier in Niamey.", "De Takuba-liaisonofficier in"),
        # a suffix that happens to be a word ("heden") still joins
        ("Er zijn heden weinig mogelijk-\nheden om te helpen.", "weinig mogelijkheden om"),
        # both halves are words of the letter: a real compound hyphen
        ("De contraterrorisme zaak en activiteiten. Voor contraterrorisme-\nactiviteiten is geld.", "Voor contraterrorisme-activiteiten is"),
        ("Homogene Groep Interna-\ntionale Samenwerking.", "Groep Internationale Samenwerking"),
        ("zie http://www.example.org/us-trains-to-fight-\nterrorism.html voor meer.", "to-fight-terrorism.html"),
        ("BRIEF VAN DE MINISTER VOOR ONTWIKKELINGS-\nSAMENWERKING\n\nDe ontwikkelingssamenwerking is belangrijk.", "VOOR ONTWIKKELINGSSAMENWERKING"),
    ],
)
def test_hyphenation_at_line_ends(text, expected):
    n = normalise(letter(text))
    assert expected in n.text, n.text
    check_offsets(n)


def test_dehyphenated_word_maps_to_the_broken_original():
    text = "in het licht van de verslech-\nterde situatie."
    n = normalise(letter(text))
    i = n.text.index("verslechterde")
    s, e = n.to_original(i, i + len("verslechterde"))
    assert text[s:e] == "verslech-\nterde"


# --------------------------------------------------------------------------- paragraphs and asides

@pytest.mark.parametrize(
    "text, expected_paragraphs",
    [
        ("Eerste alinea loopt\ndoor op de regel.\n\nTweede alinea.", ["Eerste alinea loopt door op de regel.", "Tweede alinea."]),
        # a blank line inside a sentence (page break) does not end the paragraph
        ("bestaande uit ongeveer\n\n150 militairen;\n– een eenheid voor\n\nondersteuning.",
         ["bestaande uit ongeveer 150 militairen;", "– een eenheid voor ondersteuning."]),
        ("zoals toegezegd in het debat d.d.\n\n16 februari jl. hierover.", ["zoals toegezegd in het debat d.d. 16 februari jl. hierover."]),
        ("Vraag 2\nIs het waar dat de VS opleiden?\n\nAntwoord 2\nJa.", ["Vraag 2", "Is het waar dat de VS opleiden?", "Antwoord 2", "Ja."]),
        ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 17 februari 2022\n\nGeachte voorzitter, hierbij de brief.",
         ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 17 februari 2022", "Geachte voorzitter, hierbij de brief."]),
        ("De Minister van Defensie,\nK.H. Ollongren", ["De Minister van Defensie,", "K.H. Ollongren"]),
        ("Windows regels lopen\r\ndoor.\r\n\r\nNieuwe alinea.", ["Windows regels lopen door.", "Nieuwe alinea."]),
    ],
)
def test_paragraphs(text, expected_paragraphs):
    n = normalise(letter(text))
    assert n.text.split("\n\n") == expected_paragraphs
    check_offsets(n)


def test_page_header_inside_a_sentence_is_an_aside():
    text = (
        "De missie steunt de Malinese\n\n"
        "Tweede Kamer, vergaderjaar 2012–2013, 29 521, nr. 207 2\n\n"
        " regering bij de uitvoering van het akkoord.\n"
    )
    n = normalise(letter(text))
    assert n.text == "De missie steunt de Malinese regering bij de uitvoering van het akkoord."
    headers = [a for a in n.asides if a.kind == "header"]
    assert [a.text for a in headers] == ["Tweede Kamer, vergaderjaar 2012–2013, 29 521, nr. 207 2"]
    assert text[headers[0].orig_start : headers[0].orig_end] == headers[0].text


@pytest.mark.parametrize(
    "gap",
    [
        "\n\nTweede Kamer, vergaderjaar 2020–2021, 29 521, nr. 430                    2\n\n",
        "\n\n\fTweede Kamer, vergaderjaar 2020–2021, 29 521, nr. 430 2\n\n",
        "\n\n- 3 -\n\f\n",
        "\n\n12\n\n",
        "\n\fKamerstukken II 2020/21, 29 521, nr. 430\n",
        "\n\n1 Zie de brief van de minister van 4 april 2014 over dit onderwerp.\n"
        "\fTweede Kamer, vergaderjaar 2020–2021, 29 521, nr. 430 2\n\n",
    ],
)
def test_sentence_cut_by_a_page_break_is_joined_across_header_and_footer(gap):
    """The sentence's second half starts with a capital (a name): the page furniture in between is
    an aside, the halves are one sentence, and its span quotes the original across the page break."""
    text = ("Het kabinet steunt de inzet van de partners in de regio. Tsjaad levert sinds 2013\n"
            "ongeveer 1400 militairen aan" + gap + "MINUSMA, vooral in het noorden van Mali.\n")
    n = normalise(letter(text, "application/pdf"))
    assert n.text == ("Het kabinet steunt de inzet van de partners in de regio. Tsjaad levert sinds 2013 "
                      "ongeveer 1400 militairen aan MINUSMA, vooral in het noorden van Mali.")
    assert [a.kind for a in n.asides if a.kind != "heading"] in (["header"], ["footer"], ["footnote", "header"])
    i = n.text.index("Tsjaad")
    s, e = n.to_original(i, n.text.index("MINUSMA") + len("MINUSMA"))
    assert text[s:e] == "Tsjaad levert sinds 2013\nongeveer 1400 militairen aan" + gap + "MINUSMA"
    check_offsets(n)


def test_heading_at_the_foot_of_a_page_stays_its_own_paragraph():
    """A one-line paragraph without a full stop before the page break is a heading, not half a sentence."""
    text = ("De inzet in Niger wordt dit jaar afgebouwd, zoals eerder aan uw Kamer gemeld.\n\n"
            "Bijdragen aan de missie\n\n"
            "Tweede Kamer, vergaderjaar 2021–2022, 29 521, nr. 431 5\n\n"
            "Nederland levert in 2022 maximaal vier politiefunctionarissen aan EUCAP Sahel Niger.\n")
    n = normalise(letter(text, "application/pdf"))
    assert n.text.split("\n\n") == [
        "De inzet in Niger wordt dit jaar afgebouwd, zoals eerder aan uw Kamer gemeld.",
        "Bijdragen aan de missie",
        "Nederland levert in 2022 maximaal vier politiefunctionarissen aan EUCAP Sahel Niger.",
    ]
    check_offsets(n)


@pytest.mark.parametrize(
    "line",
    [
        "Eerste Kamer, vergaderjaar 2016–2017, 29 521, AB 11",
        "Tweede Kamer, vergaderjaar 2020-2021, 29 521, nr. 420 3",
        "Kamerstukken II 2013/14, 29 521, nr. 224",
        "Vergaderjaar 2022–2023",
    ],
)
def test_running_heads_are_headers(line):
    n = normalise(letter(f"De eerste zin van de brief.\n{line}\nDe tweede zin van de brief.\n"))
    assert line not in n.text
    assert any(a.kind == "header" and a.text == line for a in n.asides)


def test_lone_page_numbers_are_footers():
    n = normalise(letter("De eerste zin loopt door\n\n7\n\nop de volgende pagina."))
    assert n.text == "De eerste zin loopt door op de volgende pagina."
    assert [a.kind for a in n.asides] == ["footer"]


def test_footnote_at_the_foot_of_a_page():
    text = (
        "De missie houdt zich niet bezig met het trainen van\n\n"
        "1 Zie ook de brief van de minister van 4 april 2014 over dit onderwerp.\n"
        " speciale eenheden van de strijdkrachten.\n"
    )
    n = normalise(letter(text))
    assert n.text == "De missie houdt zich niet bezig met het trainen van speciale eenheden van de strijdkrachten."
    (note,) = [a for a in n.asides if a.kind == "footnote"]
    assert note.text.startswith("1 Zie ook de brief")


def test_footnote_with_url_split_over_lines():
    text = (
        "Wat is uw oordeel over het artikel «Trains Commandos»?1\n\n"
        "Tekst loopt door tot\n\n1 http://www.example.com/2014/05/27/us-trains-commandos-to-fight-\nterrorism.html\n"
        " het einde van de pagina.\n"
    )
    n = normalise(letter(text))
    (note,) = [a for a in n.asides if a.kind == "footnote"]
    assert note.text == "1 http://www.example.com/2014/05/27/us-trains-commandos-to-fight-terrorism.html"
    assert "«Trains Commandos»?\n\n" in n.text + "\n\n"  # the glued reference number is set apart
    assert "Tekst loopt door tot het einde van de pagina." in n.text


def test_numbers_in_running_text_are_not_footnotes():
    text = "De eenheid bestaat uit ongeveer\n\n150 militairen en\n\n60 Malinese agenten.\n"
    n = normalise(letter(text))
    assert n.text == "De eenheid bestaat uit ongeveer 150 militairen en 60 Malinese agenten."
    assert not [a for a in n.asides if a.kind == "footnote"]


def test_form_feeds_separate_pages():
    text = "Nederland levert een bijdrage aan\n\n2\n\fde missie in Mali.\n\nTweede alinea.\n\f"
    n = normalise(letter(text, "application/pdf"))
    assert n.text == "Nederland levert een bijdrage aan de missie in Mali.\n\nTweede alinea."
    check_offsets(n)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("**29 521**\n\n**Nederlandse deelname aan vredesmissies**", "29 521\n\nNederlandse deelname aan vredesmissies"),
        ("# **1. Politieke situatie**\n\nDe situatie is slecht.", "1. Politieke situatie\n\nDe situatie is slecht."),
        ("tot en met eind juni 2024.<sup>2</sup>\n\nVolgende alinea.", "tot en met eind juni 2024.\n\nVolgende alinea."),
        ("de militair commandant (*Force Commander*) van de missie", "de militair commandant (Force Commander) van de missie"),
        ("zie [de brief](https://example.org/brief) van juni", "zie de brief van juni"),
        ("- eerste punt\n- tweede punt", "eerste punt\n\ntweede punt"),
        ("Het brengen van veiligheid en\n\n<sup>1</sup> Een voetnoot.\n\nde rechtsorde blijft van belang.",
         "Het brengen van veiligheid en de rechtsorde blijft van belang."),
    ],
)
def test_markdown_markup_is_set_apart(text, expected):
    n = normalise(letter(text, "text/markdown"))
    assert n.text == expected
    check_offsets(n)


def test_markdown_headings_stay_in_text_and_are_marked():
    n = normalise(letter("## **2.2 VN-missie MINUSMA**\n\nDe missie loopt door.", "text/markdown"))
    assert n.text.startswith("2.2 VN-missie MINUSMA\n\n")
    assert [a.text for a in n.asides if a.kind == "heading"] == ["2.2 VN-missie MINUSMA"]


def test_empty_text():
    n = normalise(letter(""))
    assert n.text == "" and n.offsets == (0,)


# --------------------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seeds():
    return {k: normalise(read_letter(p)) for k, p in SEEDS.items()}


def test_seed_offsets(seeds):
    for n in seeds.values():
        check_offsets(n)


def test_seeds_have_no_split_words_left(seeds):
    for key, n in seeds.items():
        # a lower-case word part, a hyphen, a space, a lower-case part: "verslech- terde"
        left = [m.group() for m in re.finditer(r"\b[a-zà-ÿ]{2,}- [a-zà-ÿ]{2,}\b", n.text)]
        left = [w for w in left if not w.endswith((" en", " of", " tot"))]
        assert not left, (key, left)
        assert "\n" not in n.text.replace("\n\n", "")


def test_seed_000(seeds):
    n = seeds["000"]
    for word in ("verslechterde", "herstructurering", "commandovoering", "EU-lidstaten", "Noord-Mali", "VN-missie",
                 "vredes- en trainingsmissies", "(West-)Afrikaanse"):
        assert word in n.text, word
    assert "€ 3 miljoen" in n.text


def test_seed_001_header_is_aside(seeds):
    n = seeds["001"]
    assert "vergaderjaar" not in n.text
    assert [a.text for a in n.asides if a.kind == "header"] == ["Eerste Kamer, vergaderjaar 2016–2017, 29 521, AB 11"]
    assert "ongeveer 150 militairen;" in n.text
    assert "Sahel-regio" in n.text and "artikel-100 brieven" in n.text


def test_seed_002_footnote(seeds):
    n = seeds["002"]
    notes = [a for a in n.asides if a.kind == "footnote"]
    assert len(notes) == 1 and notes[0].text.endswith("to-fight-terrorism.html")
    assert "het trainen van speciale eenheden" in n.text
    assert "http" not in n.text


def test_seed_003_markdown(seeds):
    n = seeds["003"]
    assert "<sup>" not in n.text and "**" not in n.text and "#" not in n.text
    notes = [a for a in n.asides if a.kind == "footnote"]
    assert [a.text.split()[0] for a in notes] == ["1", "2", "3", "4", "5", "6", "7"]
    assert "tot en met eind juni 2024." in n.text
    assert "(Force Commander)" in n.text


def test_seed_004_footnote_with_garbled_marker(seeds):
    n = seeds["004"]
    assert any(a.kind == "footnote" and "Déclaration conjointe" in a.text for a in n.asides)
    assert "Déclaration" not in n.text
    assert "Commissiedebat Raad Buitenlandse Zaken d.d. 16 februari jl. (Kamerstuk" in n.text


def test_stacked_footnotes_at_a_page_foot():
    text = (
        "De missie steunt de regering bij de\n\n"
        "1 Kamerstuk 29 521, nr. 207.\n2 Zie ook de brief van 4 april.\n"
        " uitvoering van het akkoord.\n"
    )
    n = normalise(letter(text))
    assert n.text == "De missie steunt de regering bij de uitvoering van het akkoord."
    assert [a.text for a in n.asides if a.kind == "footnote"] == ["1 Kamerstuk 29 521, nr. 207.", "2 Zie ook de brief van 4 april."]


def test_markdown_horizontal_rule_is_markup():
    n = normalise(letter("Eerste alinea.\n\n---\n\nTweede alinea.", "text/markdown"))
    assert n.text == "Eerste alinea.\n\nTweede alinea."
    assert [a.text for a in n.asides if a.kind == "markup"] == ["---"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("de verslech\u00ad\nterde situatie.", "de verslechterde situatie."),
        ("de verslech\u00adterde situatie.", "de verslechterde situatie."),
        ("Mali\u200b en\ufeff Niger.", "Mali en Niger."),
    ],
)
def test_invisible_characters_are_dropped(text, expected):
    n = normalise(letter(text))
    assert n.text == expected
    check_offsets(n)


def test_lines_without_visible_text_make_no_paragraph():
    n = normalise(letter("Een zin.\n\n\u200b\n\nNog een.\n\n\u00ad\n"))
    assert n.text == "Een zin.\n\nNog een."


_UNBROKEN = re.compile(r"(?<![\w\x00-])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w\x00-])")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abZé²½Ⅻ1_- \t\n\r\f\x00.,()«»’'/\u00a0", max_size=40))
def test_word_set_is_the_unbroken_words(text):
    """The word set (runs checked one by one) equals a search for unbroken words with look-arounds."""
    from sahelkg.extract.normalise import _BREAK, _word_set

    assert _word_set(text) == set(_UNBROKEN.findall(_BREAK.sub("\x00", text).lower()))


def test_other_spaces_are_all_whitespace_but_space_and_newline():
    """The list the odd-space index looks for is every code point ``\\s`` matches but " " and "\\n"."""
    from sahelkg.extract.normalise import _OTHER_SPACES

    every = "".join(c for c in map(chr, range(0x110000)) if re.fullmatch(r"\s", c) and c not in " \n")
    assert _OTHER_SPACES == every


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab. \t\n\r\u00a0\u00ad\u200b\u3000", max_size=30), st.data())
def test_odd_space_index_agrees_with_the_regex(text, data):
    """Where the per-letter index says a segment of a line is plain, the per-segment regex finds nothing."""
    from sahelkg.extract.normalise import _ODD_SPACE, _OddSpaces

    odd = _OddSpaces(text)
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    assume("\n" not in text[s:e])  # segments lie within a line
    if odd.surely_plain(s, e):
        assert not _ODD_SPACE.search(text[s:e])
    if not _ODD_SPACE.search(text[s:e]) and "  " not in text[max(s - 1, 0) : e + 1]:
        assert odd.surely_plain(s, e)  # the index is exact but for a double space at an edge


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a1. ?»)\n", max_size=30), st.data())
def test_note_reference_pattern_equals_the_look_behind_form(text, data):
    """Matching the punctuation from one character before the segment finds what the look-behind finds."""
    from sahelkg.extract.normalise import _NOTE_REF

    behind = re.compile(r"(?<=[»”\"'’).,;:?!])(\d{1,2})(?=\s|$)")
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    want = [(m.start(1), m.end(1)) for m in behind.finditer(text, s, e)]
    assert [(m.start(1), m.end(1)) for m in _NOTE_REF.finditer(text, max(s - 1, 0), e)] == want


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["d.d", "jl", "nr", "K", "H.J", "a", "Mali", " ", "(", "\t", ".", "mr", "x", "i.v.m", "é"]),
                max_size=12).map("".join).map(lambda t: (t + ".").rstrip()))
def test_abbreviation_end_equals_the_search(pt):
    """The anchored test of the last word agrees with the search over the last 24 characters."""
    from sahelkg.extract.normalise import _ABBREV_END, _abbrev_end

    assert _abbrev_end(pt) == bool(_ABBREV_END.search(pt[-24:]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["ab", "É", "1", "_", "/", ".", ":", " ", "-", "www", "²", "x"]), max_size=15)
       .map(lambda parts: "".join(parts) + "-"))
def test_left_parts_equal_the_searches(pt):
    """The token and word before a line-end hyphen, matched on the reversed text, equal the searches."""
    from sahelkg.extract.normalise import _HYPHEN_END, _LEFT_TOKEN, _left_parts

    left_tok = _LEFT_TOKEN.search(pt[-200:]).group()[:-1]
    left = re.search(r"[^\W\d_]+$", left_tok)
    assert _left_parts(pt) == (left_tok, left.group() if left else "")
    assert bool(_HYPHEN_END.search(pt)) == pt[-2:-1].isalnum()


@pytest.mark.parametrize("line", ["kamerstukken II 2012/13, 29 521, nr. 3", "aanhangsel van de Handelingen II",
                                  "handelingen II 2012/13, nr. 5", "Kamerstukken II 2012/13, 29 521, nr. 3",
                                  "tweede kamer, vergaderjaar 2012–2013, 29 521", "vergaderjaar 2012-2013"])
def test_header_first_characters_cover_the_running_heads(line):
    """A line the running-head pattern matches starts with a character of the first-character filter."""
    from sahelkg.extract.normalise import _HEADER_ANY, _HEADER_FIRST

    assert bool(_HEADER_ANY.match(line)) == (line[0] in _HEADER_FIRST and bool(_HEADER_ANY.match(line)))
    assert bool(_HEADER_ANY.match(line)) != line.startswith(("kamerstukken", "aanhangsel", "handelingen"))
