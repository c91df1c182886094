"""Mention finding: gazetteer names in Dutch/English/French spellings, compounds, adjectives, seeds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahelkg.extract.mentions import (
    entities_of,
    find_mentions,
    footnote_mentions,
    gazetteer_mentions,
    is_adjectival,
    is_compound_modifier,
)
from sahelkg.extract.model import Letter, Normalised, Parsed, Sentence
from sahelkg.resources import seed_letters


def parsed(text: str) -> Parsed:
    """A Parsed with identity offsets; one sentence per line-free '. ' split (enough for tests)."""
    letter = Letter(name="t", text=text, media_type="text/plain", encoding="utf-8", sha256="")
    norm = Normalised(letter=letter, text=text, offsets=tuple(range(len(text) + 1)))
    sentences, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            sentences.append(Sentence(start, i + 1, text[start : i + 1]))
            start = i + 2
    if start < len(text):
        sentences.append(Sentence(start, len(text), text[start:]))
    return Parsed(norm, tuple(sentences))


def keys(text: str) -> list[str]:
    return [m.entity.key for m in find_mentions(parsed(text))]


def surfaces(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity.key) for m in find_mentions(parsed(text))]


# --------------------------------------------------------------------------- own sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        # French and English spellings
        ("Op 12 maart bezocht de minister Tombouctou en Sévaré.", ["place/timbuktu", "place/sevare"]),
        ("Peacekeepers were redeployed from Timbuktu to Gao.", ["place/timbuktu", "place/gao"]),
        ("Ansar Eddine en de MNLA trokken zich terug uit Kidal.", ["group/ansar-al-dine", "group/mnla", "place/kidal"]),
        ("Le Groupe de soutien à l'islam et aux musulmans a revendiqué l'attaque.", ["group/jnim"]),
        ("Het Platform en de CMA ondertekenden een staakt-het-vuren.", ["group/platform", "group/cma"]),
        ("De Plateforme verwierp het voorstel.", ["group/platform"]),
        ("Tchad en Tsjad leveren troepen, net als Tsjaad.", ["state/TCD", "state/TCD", "state/TCD"]),
        ("Ivory Coast heet in het Frans Côte d’Ivoire.", ["state/CIV", "state/FRA", "state/CIV"]),
        # abbreviations, case-sensitive
        ("De VS en het VK steunen de G5 Sahel met 20 miljoen euro.", ["state/USA", "state/GBR", "organisation/g5-sahel"]),
        ("De kosten vs. de baten van de inzet zijn onzeker.", []),
        ("De AU en de NAVO overlegden met ECOWAS.", ["organisation/african-union", "organisation/nato", "organisation/ecowas"]),
        # compounds
        ("In VN-verband en in EU-verband wordt gesproken over een nieuwe VN-resolutie.", []),
        ("De VN-Veiligheidsraad nam de resolutie unaniem aan.", ["organisation/un-security-council"]),
        ("AQMI-strijders vielen een konvooi aan bij Ménaka.", ["group/aqim", "place/menaka"]),
        ("De Takuba-partners besloten tot terugtrekking.", ["mission/takuba"]),
        ("Het MINUSMA-mandaat loopt tot eind juni.", ["mission/minusma"]),
        # longest match
        ("De Nederlandse bijdrage aan EUCAP Sahel Mali bestaat uit vier experts.", ["state/NLD", "mission/eucap-sahel-mali"]),
        ("De Islamitische Staat in de Grote Sahara (ISGS) eiste de aanslag op.", ["group/isgs", "group/isgs"]),
        ("IS-Sahel breidde zijn invloed uit in de regio Tillabéri.", ["group/isgs", "place/tillaberi"]),
        ("Strijders van Al-Qaïda au Maghreb islamique vluchtten naar Algerije.", ["group/aqim", "state/DZA"]),
        ("Russische huurlingen van de Wagner-groep, inmiddels Africa Corps, bleven.", ["state/RUS", "organisation/wagner-group", "organisation/wagner-group"]),
        ("De Malinese strijdkrachten (FAMa) heroverden de stad.", ["organisation/fama", "organisation/fama"]),
        ("De VN-missie MINUSMA en EUTM Mali blijven.", ["mission/minusma", "mission/eutm-mali"]),
        # Council of the EU and the Dutch debate named after it
        ("Tijdens de Raad Buitenlandse Zaken van 11 april werd besloten.", ["organisation/council-of-the-eu"]),
        ("Het Commissiedebat Raad Buitenlandse Zaken vond plaats op 3 mei.", []),
        # names without diacritics
        ("Transitiepresident Assimi Goita ontving de delegatie in Segou.", ["person/assimi-goita", "place/segou"]),
        # the animal and the operation
        ("Een serval is een katachtige; Operatie Serval was een Franse interventie.", ["mission/serval", "state/FRA"]),
        ("Mali en Niger traden uit de G5 Sahel.", ["state/MLI", "state/NER", "organisation/g5-sahel"]),
    ],
)
def test_own_sentences(text, expected):
    assert keys(text) == expected


def test_adjectives_mention_the_state_and_are_flagged():
    ms = find_mentions(parsed("De Franse en Duitse militairen steunden de Malinezen; Frankrijk betaalde."))
    got = [(m.surface, m.entity.key, is_adjectival(m)) for m in ms]
    assert got == [
        ("Franse", "state/FRA", True),
        ("Duitse", "state/DEU", True),
        ("Malinezen", "state/MLI", True),
        ("Frankrijk", "state/FRA", False),
    ]


def test_left_compound_keeps_the_adjective():
    assert surfaces("Noord-Malinese groeperingen en anti-Franse sentimenten.") == [
        ("Malinese", "state/MLI"),
        ("Franse", "state/FRA"),
    ]


def test_coordinated_compounds():
    ms = find_mentions(parsed("De dreiging in Noord- en Centraal-Mali en in West- en Centraal-Afrika neemt toe."))
    assert [(m.surface, m.entity.key) for m in ms] == [
        ("Noord-", "place/north-mali"),
        ("Centraal-Mali", "place/central-mali"),
        ("West-", "place/west-africa"),
        ("Centraal-Afrika", "place/central-africa"),
    ]


def test_whole_words_only():
    assert keys("Malinesische Gaoxiang Malibu Nigeria Nigerese") == ["state/NGA", "state/NER"]


def test_offsets_surface_and_sentence_index():
    text = "Het kabinet is bezorgd. In Gao vielen doden door toedoen van JNIM."
    p = parsed(text)
    ms = find_mentions(p)
    assert [(m.surface, m.sentence) for m in ms] == [("kabinet", 0), ("Gao", 1), ("JNIM", 1)]
    assert ms[0].entity.key == "state/NLD"  # "het kabinet": the Dutch government
    for m in ms:
        assert text[m.start : m.end] == m.surface
        assert p.sentences[m.sentence].start <= m.start < p.sentences[m.sentence].end


def test_line_breaks_inside_names():
    assert keys("de VN\nVeiligheidsraad en Taakgroep\nTakuba") == [
        "organisation/un-security-council",
        "mission/takuba",
    ]


def test_no_overlaps_and_sorted():
    text = "Het Economische Gemeenschap van West-Afrikaanse Staten-overleg in West-Afrika."
    ms = find_mentions(parsed(text))
    assert [m.entity.key for m in ms] == ["organisation/ecowas", "place/west-africa"]
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start


def test_compound_modifier_helper():
    text = "AQIM-rebellen en AQIM."
    ms = find_mentions(parsed(text))
    assert [is_compound_modifier(m, text) for m in ms] == [True, False]


def test_entities_of_deduplicates_in_order():
    ms = find_mentions(parsed("Mali, Niger en opnieuw Mali."))
    assert [e.key for e in entities_of(ms)] == ["state/MLI", "state/NER"]


def test_empty_text():
    assert find_mentions(parsed("")) == ()
    assert gazetteer_mentions(parsed("")) == ()


# --------------------------------------------------------------------------- seeds, end to end


def _seed_parsed(name: str) -> Parsed:
    normalise = pytest.importorskip("sahelkg.extract.normalise")
    sentences = pytest.importorskip("sahelkg.extract.sentences")
    path = next(p for p in seed_letters() if p.name.startswith(name))
    try:
        from sahelkg.extract.read import read_letter

        letter = read_letter(path)
    except Exception:  # the reader is being rewritten in parallel; read the text ourselves
        text = path.read_text(encoding="utf-8")
        markdown = "<sup>" in text or "\n**" in text
        letter = Letter(
            name=path.stem, text=text, media_type="text/markdown" if markdown else "text/plain",
            encoding="utf-8", sha256="", path=str(path),
        )
    return sentences.split(normalise.normalise(letter))


SEED_EXPECTED = {
    "000": {
        "mission/eutm-mali", "mission/serval", "mission/afisma", "mission/eucap-sahel-niger",
        "organisation/council-of-the-eu", "organisation/un-security-council", "organisation/fama",
        "group/aqim", "group/ansar-al-dine", "group/mujao", "place/gao", "place/timbuktu",
        "place/north-mali", "state/BEL", "state/SWE", "state/CZE", "state/GBR", "state/USA",
        "state/TCD", "state/DZA", "state/MRT", "person/frans-timmermans", "person/abdelhamid-abou-zeid",
        "mission/acota", "organisation/eatc",
    },
    "001": {
        "mission/minusma", "organisation/un-security-council", "group/jnim", "group/cma", "group/platform",
        "group/ansar-al-dine", "group/al-mourabitoun", "group/aqim", "group/isgs", "group/ansarul-islam",
        "mission/g5-sahel-joint-force", "organisation/g5-sahel", "mission/barkhane", "mission/serval",
        "mission/eucap-sahel-mali", "mission/eucap-sahel-niger", "place/kidal", "place/central-mali",
        "place/camp-castor", "place/bamako", "place/menaka", "place/segou", "person/koen-davidse",
        "person/mahamat-saleh-annadif", "person/federica-mogherini", "person/emmanuel-macron",
        "person/angel-losada", "person/bert-koenders", "person/jeanine-hennis-plasschaert",
        "person/lilianne-ploumen", "person/stef-blok", "organisation/unpol", "organisation/asifu",
        "state/DEU", "state/NLD",
    },
    "002": {
        "state/USA", "mission/minusma", "mission/eutm-mali", "organisation/fama", "mission/tsctp",
        "organisation/asifu", "person/jasper-van-dijk", "person/frans-timmermans", "person/barack-obama",
        "mission/ctpf", "state/TCD", "state/MRT",
    },
    "003": {
        "mission/minusma", "mission/takuba", "mission/barkhane", "mission/eutm-mali",
        "mission/eucap-sahel-mali", "mission/eucap-sahel-niger", "organisation/ecowas",
        "organisation/wagner-group", "group/jnim", "group/isgs", "group/al-qaida", "group/islamic-state",
        "person/assimi-goita", "person/abdoulaye-maiga", "person/choguel-kokalla-maiga", "person/mohamed-bazoum",
        "person/ibrahim-traore", "person/paul-henri-sandaogo-damiba", "person/roch-marc-christian-kabore",
        "person/kees-matthijssen", "organisation/mpsr", "organisation/african-union",
        "organisation/un-general-assembly", "mission/flintlock", "mission/gpoi", "organisation/eeas",
        "mission/european-peace-facility", "place/liptako-gourma", "place/menaka", "place/kati",
        "person/wopke-hoekstra", "person/kajsa-ollongren", "person/liesje-schreinemacher",
        "person/dilan-yesilgoz-zegerius", "organisation/fama", "state/CIV", "state/BFA",
    },
    "004": {
        "mission/takuba", "mission/barkhane", "mission/minusma", "mission/eutm-mali",
        "mission/eucap-sahel-mali", "organisation/council-of-the-eu", "place/ndjamena",
        "place/liptako-gourma", "state/NOR", "state/TCD", "organisation/fama",
        "person/wopke-hoekstra", "person/kajsa-ollongren", "person/liesje-schreinemacher",
    },
}


@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_seed_key_entities(seed):
    p = _seed_parsed(seed)
    ms = find_mentions(p)
    found = {m.entity.key for m in ms}
    assert SEED_EXPECTED[seed] - found == set()
    for m in ms:
        assert p.text[m.start : m.end] == m.surface
        assert m.sentence >= 0
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start


def test_seed_signatures_link_to_the_gazetteer():
    p = _seed_parsed("001")
    signed = [(m.surface, m.entity.key) for m in find_mentions(p) if m.how == "signature"]
    assert signed == [
        ("A.G. Koenders", "person/bert-koenders"),
        ("J.A. Hennis-Plasschae", "person/jeanine-hennis-plasschaert"),  # cut off by the margin
        ("E.M.J. Ploumen", "person/lilianne-ploumen"),
        ("S.A. Blok", "person/stef-blok"),
    ]


def test_seed_debate_is_not_the_council():
    p = _seed_parsed("004")
    council = [m for m in find_mentions(p) if m.entity.key == "organisation/council-of-the-eu"]
    assert council
    for m in council:
        assert not p.text[max(0, m.start - 20) : m.start].rstrip().endswith("Commissiedebat")


def test_dateline_headings_and_role_brackets_are_no_mentions():
    assert keys("Den Haag, 11 april 2013") == []
    assert keys("Het overleg in Den Haag verliep goed.") == ["place/the-hague"]
    assert keys("BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VAN DEFENSIE") == []
    assert keys("Antwoord van Minister Timmermans (Buitenlandse Zaken).") == ["person/frans-timmermans"]
    assert keys("Daarnaast doet Defensie onderzoek naar fijnstof.") == ["organisation/nl-ministry-of-defence"]
    assert keys("De Minister van Defensie bezocht Gao.") == ["place/gao"]
    assert keys("uit de begrotingen van Buitenlandse Zaken") == ["organisation/nl-ministry-of-foreign-affairs"]


def test_un_and_eu_compounds_mention_them_unless_generic():
    assert keys("De EU-lidstaten en de VN-missie in Mali.") == ["organisation/eu", "organisation/un", "state/MLI"]
    assert keys("In VN-verband, via het EU-spoor en met VN-resolutie 2100.") == []


def test_footnote_mentions_carry_original_offsets():
    p = _seed_parsed("003")
    notes = footnote_mentions(p.normalised)
    text = p.normalised.letter.text
    keys_found = {m.entity.key for m in notes}
    assert {"state/AUT", "state/BEL", "state/NOR", "state/TUN", "state/BRA"} <= keys_found
    for m in notes:
        assert text[m.start : m.end] == m.surface
        assert m.sentence == -1


def test_kabinet_is_the_dutch_government_unless_said_otherwise():
    assert keys("Het kabinet heeft besloten.") == ["state/NLD"]
    assert keys("Het Malinese kabinet trad af.") == ["state/MLI"]


def test_short_abbreviations_in_capital_headings_are_words():
    assert keys("HET KABINET IS VAN MENING DAT DE VS") == []
    assert keys("Het kabinet acht IS en JNIM de grootste dreiging.") == ["state/NLD", "group/islamic-state", "group/jnim"]


def test_a_name_can_mean_another_entry_in_context():
    assert keys("De Niger, de grootste rivier in Mali, overstroomt; Niger sluit de grens.") == [
        "place/niger-river", "state/MLI", "state/NER",
    ]


_ELLIPSIS_PIECES = ["Noord", "Centraal", "Mali", "Zuid", "-", "- ", " ", "\n", "\n\n", "en", "of", "en/of", "tot",
                    " en ", " of ", "Ébc", "Àx", "ßa", "a", "É", "x-", "Mali-", "Sahel", "1", "(", "zuid"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ELLIPSIS_PIECES), max_size=25))
@example(["Noord", "- ", "en/of", " ", "Centraal", "-", "Mali"])
@example(["Noord", "-", "\n\n", "tot", " ", "Zuid", "-", "Mali", " ", "Ébc", "- ", "en", " ", "Àx", "-", "Sahel"])
def test_ellipses_are_the_pattern_s_matches(pieces):
    """Trying the elliptic-compound pattern only before a coordinating hyphen finds what finditer finds."""
    from sahelkg.extract.mentions import _ELLIPSIS, _ellipses

    text = "".join(pieces)
    assert [(m.span(), m.groupdict()) for m in _ellipses(text)] == \
        [(m.span(), m.groupdict()) for m in _ELLIPSIS.finditer(text)]


_FOLD_PIECES = ["a", "Z", "é", "É", "ï", "ß", "İ", "ﬁ", "-", "\u2011", "’", "'", " ", "\n", "\u00a0", "1", "(", ".", "Ø", "ω"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FOLD_PIECES), max_size=12), st.lists(st.sampled_from(_FOLD_PIECES), max_size=12))
def test_word_fold_folds_each_character_on_its_own(left, right):
    """gazetteer_mentions remembers its decision per surface: sound only because a surface's folded
    form (its automaton key) does not depend on the text around it."""
    from sahelkg.extract.gazetteer import word_fold

    a, b = "".join(left), "".join(right)
    assert word_fold(a + b) == word_fold(a) + word_fold(b)


_CONTEXT_TEXTS = [
    "HET KABINET IS VAN MENING DAT DE VS",
    "Het kabinet acht IS en JNIM de grootste dreiging; de VS steunen Mali.",
    "De Niger, de grootste rivier in Mali, overstroomt; Niger sluit de grens.",
    "In VN-verband en met de VN-missie MINUSMA; de VN besluit. AQIM-rebellen vielen Gao-stad aan.",
    "Het Commissiedebat Raad Buitenlandse Zaken; de minister van Defensie. Ook Defensie en de Raad Buitenlandse Zaken.",
    "BRIEF VAN DE MINISTER VAN DEFENSIE over Mali en MALI.",
]


def test_remembered_surfaces_give_what_a_fresh_matcher_gives():
    """The per-surface memo keeps only what holds wherever a surface stands: texts read in any
    order, with the memo warm or emptied before each, give the same mentions."""
    from sahelkg.extract.mentions import _matcher

    memo = _matcher().plans
    fresh = []
    for t in _CONTEXT_TEXTS:
        memo.clear()
        fresh.append(gazetteer_mentions(parsed(t)))
    assert fresh[0] == () and all(fresh[1:])  # the capitals line mentions nothing, the others do
    for order in (_CONTEXT_TEXTS, _CONTEXT_TEXTS[::-1]):
        warm = {t: gazetteer_mentions(parsed(t)) for t in order}
        assert [warm[t] for t in _CONTEXT_TEXTS] == fresh


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), max_size=15),
       st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), min_size=1, max_size=4))
def test_keep_is_the_plain_filter(gaps, spans):
    """Bisecting to the mentions that can touch the spans drops what testing every mention drops."""
    from sahelkg.extract.mentions import _keep, _Spans
    from sahelkg.extract.model import Entity, Mention

    e = Entity("state/MLI", "State")
    ordered, pos = [], 0
    for gap, size in gaps:  # in order, no overlaps
        ordered.append(Mention(pos + gap, pos + gap + size, "x", e))
        pos += gap + size
    ordered = tuple(ordered)
    others = [Mention(s, s + n, "y", e) for s, n in spans]
    for hit in (_Spans(others).overlaps, _Spans(others).contains):
        assert _keep(ordered, others, hit) == tuple(m for m in ordered if not hit(m.start, m.end))


def _after_any_plain(text, start, words):
    """The word-before test written plainly: the reference for ``mentions._after_any``."""
    if start == 0:
        return False
    if text[start - 1] == "(":
        return "(" in words
    if not text[start - 1].isspace():
        return False
    before = " ".join(text[max(0, start - 60) : start].split()).lower()
    return any(before.endswith(w.lower()) and (len(before) == len(w) or not before[-len(w) - 1].isalnum())
               for w in words)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Minister", "minister", " van", " ", "\n", "x-", "(", "Raad", "raad", "de", "en",
                                 "Commissiedebat", "1", "é"]), max_size=12))
def test_after_any_is_the_plain_test(pieces):
    from sahelkg.extract.mentions import _after_any

    words = ("minister van", "Minister van", "en van", "raad", "commissiedebat raad", "(")
    text = "".join(pieces) + " Defensie"
    start = len(text) - len("Defensie")
    assert _after_any(text, start, words) == _after_any_plain(text, start, words)
