"""Discovery of entities the gazetteer lacks: titles, signatures, group and mission patterns."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahelkg.extract import discover
from sahelkg.extract.mentions import find_mentions
from sahelkg.extract.model import Letter, Normalised, Parsed, Sentence


def parsed(text: str) -> Parsed:
    letter = Letter(name="t", text=text, media_type="text/plain", encoding="utf-8", sha256="")
    norm = Normalised(letter=letter, text=text, offsets=tuple(range(len(text) + 1)))
    return Parsed(norm, (Sentence(0, len(text), text),))


def found(text: str, how: str | None = None):
    return [
        (m.surface, m.entity.key, m.entity.unlinked, m.how)
        for m in find_mentions(parsed(text))
        if how is None or m.how == how
    ]


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    "text, surface, key, unlinked",
    [
        ("Generaal Moussa Diallo, de nieuwe commandant, sprak de troepen toe.", "Moussa Diallo", "person/moussa-diallo", True),
        ("Volgens de Nederlandse diplomaat Pieter Jansen is de situatie zorgelijk.", "Pieter Jansen", "person/pieter-jansen", True),
        ("De benoeming van kolonel Oumar Sanou tot minister.", "Oumar Sanou", "person/oumar-sanou", True),
        ("De benoeming van kolonel Sadio Camara tot minister.", "Sadio Camara", "person/sadio-camara", False),
        ("Minister Bruins Slot sprak met haar collega.", "Bruins Slot", "person/hanke-bruins-slot", False),
        ("Kapitein Traoré greep de macht in Ouagadougou.", "Traoré", "person/ibrahim-traore", False),
        ("Interim-president Traoré tekende het akkoord.", "Traoré", "person/dioncounda-traore", False),
        ("premier Maïga sprak de Algemene Vergadering toe.", "Maïga", "person/choguel-kokalla-maiga", False),
        ("Interim-premier Maïga reisde naar New York.", "Maïga", "person/abdoulaye-maiga", False),
        ("Daarna sprak president Keita met de oppositie.", "Keita", "person/ibrahim-boubacar-keita", False),
        ("Minister De Jonge reageerde niet.", "De Jonge", "person/de-jonge", True),
        ("de Hoge Vertegenwoordiger van de EU, Lindqvist, bezocht Niamey.", "Lindqvist", "person/lindqvist", True),
        ("Le colonel Malick Sangaré et le capitaine Ibrahim Traoré.", "Malick Sangaré", "person/malick-sangare", True),
        ("Oud-president Keïta overleed in Bamako.", "Keïta", "person/ibrahim-boubacar-keita", False),
    ],
)
def test_titled_persons(text, surface, key, unlinked):
    got = [(m.surface, m.entity.key, m.entity.unlinked) for m in find_mentions(parsed(text))]
    assert (surface, key, unlinked) in got


def test_title_is_kept_as_extra_for_unknown_persons():
    ms = [m for m in find_mentions(parsed("Generaal Moussa Diallo sprak.")) if m.how == "title"]
    assert ms[0].entity.extra == (("title", "generaal"),)
    assert ms[0].entity.cls == "Person"


def test_member_of_parliament_with_party():
    ms = [m for m in find_mentions(parsed("Vragen van het lid Sjoerd Sjoerdsma (D66) aan de minister.")) if m.how == "title"]
    assert [(m.surface, m.entity.key) for m in ms] == [("Sjoerd Sjoerdsma", "person/sjoerd-sjoerdsma")]
    assert dict(ms[0].entity.extra) == {"party": "D66", "role": "Kamerlid"}


def test_known_mp_links_to_the_gazetteer():
    assert ("Jasper van Dijk", "person/jasper-van-dijk", False, "gazetteer") in found(
        "Vragen van het lid Jasper van Dijk (SP) over Mali."
    )


def test_later_surname_mentions_of_a_discovered_person():
    got = found("Generaal Moussa Diallo sprak. Diallo zei niets over Gao.")
    assert ("Diallo", "person/moussa-diallo", True, "title") in got


@pytest.mark.parametrize(
    "text",
    [
        "Het kabinet heeft de Kamer hierover op 3 mei geïnformeerd.",
        "De minister van Buitenlandse Zaken zal de Kamer informeren.",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal.",
        "De Commandant der Strijdkrachten is verantwoordelijk.",
        "De president In Januari werd gekozen.",
        "Het overleg met de minister Van het Ministerie volgt.",
        "De Force Commander van MINUSMA stuurt de eenheid aan.",
    ],
)
def test_no_false_persons(text):
    assert [m for m in find_mentions(parsed(text)) if m.entity.cls == "Person"] == []


# --------------------------------------------------------------------------- signatures


def test_signature_unknown_person_gets_the_role():
    text = "Met vriendelijke groet.\n\nDe Staatssecretaris van Defensie,\n\nA.B. Nieuwenhuizen"
    sig = discover.signatures(parsed(text))
    assert len(sig) == 1
    m, role = sig[0]
    assert role == "Staatssecretaris van Defensie"
    assert (m.surface, m.entity.key, m.entity.unlinked, m.how) == (
        "A.B. Nieuwenhuizen", "person/a-b-nieuwenhuizen", True, "signature",
    )
    assert m.entity.extra == (("role", "Staatssecretaris van Defensie"),)


def test_signature_known_person_links():
    text = "De Minister van Buitenlandse Zaken,\nH.G.J. Bruins Slot\n\nDe Minister van Defensie,\nK.H. Ollongren"
    assert found(text, "signature") == [
        ("H.G.J. Bruins Slot", "person/hanke-bruins-slot", False, "signature"),
        ("K.H. Ollongren", "person/kajsa-ollongren", False, "signature"),
    ]


def test_signature_on_joined_lines():
    text = "ter bevordering van de vrede. De Minister van Defensie, K.H. Ollongren De Minister van Justitie en Veiligheid, D. Yeşilgöz-Zegerius"
    assert [k for _, k, _, _ in found(text, "signature")] == [
        "person/kajsa-ollongren",
        "person/dilan-yesilgoz-zegerius",
    ]


def test_signature_wins_over_the_plain_gazetteer_mention():
    ms = find_mentions(parsed("De Minister van Defensie,\n\nK.H. Ollongren"))
    assert [(m.surface, m.how) for m in ms] == [("K.H. Ollongren", "signature")]


# --------------------------------------------------------------------------- groups and missions


def test_group_after_descriptor():
    assert ("Katiba Serma", "group/katiba-serma", True, "pattern") in found(
        "De gewapende groepering Katiba Serma trok zich terug."
    )
    assert ("Boko Haram", "group/boko-haram", False, "gazetteer") in found(
        "De terroristische organisatie Boko Haram is actief rond het Tsjaadmeer."
    )


def test_french_group_name_with_abbreviation_and_later_abbreviation():
    got = found("Het Front pour la Libération du Sahel (FLS) claimde de aanval. Het FLS is nieuw.")
    key = "group/front-pour-la-liberation-du-sahel"
    assert ("Front pour la Libération du Sahel", key, True, "pattern") in got
    assert ("FLS", key, True, "pattern") in got
    ms = [m for m in find_mentions(parsed("Het Front pour la Libération du Sahel (FLS).")) if m.entity.key == key]
    assert ms[0].entity.alt_labels == ("FLS",)
    # the place inside the name is not a separate mention
    assert not [k for _, k, _, _ in got if k == "place/sahel"]


def test_known_french_name_links():
    assert found("Le Mouvement national de libération de l'Azawad a signé.")[0][1] == "group/mnla"


def test_missions_by_pattern():
    got = found("Na operatie Sabre volgde Operation Juniper Shield en de missie EUCAP Sahel Mali.")
    assert ("Sabre", "mission/sabre", True, "pattern") in got
    assert ("Juniper Shield", "mission/juniper-shield", True, "pattern") in got
    assert ("EUCAP Sahel Mali", "mission/eucap-sahel-mali", False, "gazetteer") in got


def test_mission_word_inside_a_proper_name_is_no_trigger():
    got = found("De Joint Mission Analysis Cell levert inlichtingen.")
    assert not [x for x in got if x[1].startswith("mission/")]


def test_lowercase_after_trigger_is_no_name():
    assert found("De operatie werd beëindigd en de missie heeft haar mandaat uitgevoerd.") == []


def test_discover_alone_respects_taken_spans():
    p = parsed("President Bazoum en generaal Salifou Mody.")
    from sahelkg.extract.mentions import gazetteer_mentions

    taken = gazetteer_mentions(p)
    extra = discover.discover(p, taken)
    assert [(m.surface, m.entity.key) for m in extra] == [("Salifou Mody", "person/salifou-mody")]
    for m in extra:
        assert not any(t.start < m.end and m.start < t.end for t in taken)


def test_unknown_keys_are_deterministic():
    a = find_mentions(parsed("generaal Salifou Mody"))[0].entity.key
    b = find_mentions(parsed("Generaal Salifou Mody vertrok."))[0].entity.key
    assert a == b == "person/salifou-mody"


# --------------------------------------------------------------------------- linking care


def test_other_given_name_is_another_person():
    got = found("De groep onder leiding van generaal Moussa Keïta trok naar Gao.")
    assert ("Moussa Keïta", "person/moussa-keita", True, "title") in got
    got = found("Generaal Boubacar Keïta sprak.")
    assert [k for _, k, _, _ in got] == ["person/boubacar-keita"]  # not Ibrahim Boubacar Keïta


def test_full_name_with_a_known_surname_inside_is_a_new_person():
    got = found("Tijdens het bezoek van minister Marieke Ag Ghaly aan Den Haag.")
    assert ("Marieke Ag Ghaly", "person/marieke-ag-ghaly", True, "title") in got
    assert not [x for x in got if x[1] == "person/iyad-ag-ghaly"]


def test_initials_must_fit():
    assert found("De Minister van Defensie,\nP.Q. Ollongren", "signature")[0][1] == "person/p-q-ollongren"


def test_signature_with_full_name_on_its_own_lines():
    text = "Het kabinet volgt dit.\n\nDe Minister van Defensie,\nKajsa Ollongren\nDe Minister van Buitenlandse Zaken,\nPieter Jansen"
    assert found(text, "signature") == [
        ("Kajsa Ollongren", "person/kajsa-ollongren", False, "signature"),
        ("Pieter Jansen", "person/pieter-jansen", True, "signature"),
    ]


def test_full_name_apposition_in_running_text_is_no_signature():
    text = "Zoals de Minister van Defensie, Kajsa Ollongren, eerder meldde."
    assert found(text, "signature") == []


def test_funds_by_pattern():
    got = found("Nederland draagt bij aan het Sahel Stabilisatiefonds en het Regional Security Fund voor de Sahel.")
    assert ("Sahel Stabilisatiefonds", "mission/sahel-stabilisatiefonds", True, "pattern") in got
    assert ("Regional Security Fund voor de Sahel", "mission/regional-security-fund-voor-de-sahel", True, "pattern") in got
    ms = [m for m in find_mentions(parsed("het Sahel Stabilisatiefonds")) if m.how == "pattern"]
    assert ms[0].entity.cls == "Mission" and ms[0].entity.extra == (("kind", "fund"),)
    assert found("Het fonds is groot en het Fonds ook.") == []
    assert ("Stabiliteitsfonds", "mission/stability-fund", False, "gazetteer") in found("uit het Stabiliteitsfonds")


def test_person_links_are_remembered_within_a_bound(monkeypatch):
    """The memo of person links answers as the lookup does, and never holds more than its bound."""
    from sahelkg.extract import discover as dsc
    from sahelkg.extract import gazetteer as gz

    g = gz.load()
    monkeypatch.setattr(dsc, "_LINK_MEMO", 3)
    g.memo("link_person").clear()
    names = ["K.H. Ollongren", "Hennis", "Jan Jansen", "kapitein Traoré", "Ollongren", "K.H. Ollongren"]
    for name in names:
        assert dsc._link_person(g, name) == dsc._find_person(g, name)
        assert len(g.memo("link_person")) <= 3
    g.memo("link_person").clear()


_FUND_PIECES = ["Trust", "Fund", "Fonds", "fonds", "Stabilisatiefonds", "Trustfonds", "voor", "the", "de", "het",
                "Vrede", "Sahel", "Mali", "EU", " ", "\t", "\n", "\n\n", ".", ",", "-", "’", "x", "1", "Wereldbank",
                "for", "Peace", "'", "_", "é", "Ā", "(", "Ondsfonds", "foNds", "FondsFund"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FUND_PIECES), max_size=30))
@example(["Het", " ", "EU", " ", "Trust", " ", "Fund", " ", "for", " ", "Peace", "\n", "Vrede", "fonds", " ", "voor",
          " ", "Mali", ".", " ", "Wereldbank", " ", "Trustfonds"])
@example(["x", " ", "Het", " ", "Sahel", " ", "EU", " ", "Mali", " ", "Vrede", " ", "Trust", " ", "Fund", " ", "voor",
          " ", "Mali"])
@example(["Vrede", "\t", "Sahel", "’", "x", " ", "EU", " ", "Mali", " ", "Peace", " ", "Stabilisatiefonds"])
def test_fund_matches_are_the_pattern_s_matches(pieces):
    """Searching only from the name characters before each fund word finds what finditer over the letter finds."""
    text = "".join(pieces)
    assert [(m.span(), m.group("name")) for m in discover._fund_matches(text)] == \
        [(m.span(), m.group("name")) for m in discover._FUND_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ABab_-1² .\n’é", max_size=30), st.sampled_from(["AB", "Ab", "A-b", "ab", "A.B", "1", "é"]))
@example("AB AB-AB _AB ABAB AB.", "AB")
def test_whole_word_spans_are_the_look_around_search(text, form):
    import re

    want = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text)]
    assert list(discover._whole_word_spans(text, form)) == want


_APPOSITION_PIECES = ["de", " ", "\t", "\n", "Hoge", " Vertegenwoordiger", "president", "Nigerese", "van", "VN", "EU",
                      ",", ", ", "Guterres", "Bazoum", ".", ")", "(", "minister", "mr.", "x", "Mali"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_APPOSITION_PIECES), max_size=25))
@example(["de", " ", "Hoge", " Vertegenwoordiger", " ", "van", " ", "VN", ", ", "Guterres", ","])
@example(["president", "\n", "Mali", ", ", "Bazoum", "."])
def test_apposition_tried_only_before_a_comma_on_the_line(pieces):
    """Leaving out the positions with no comma before the next line break loses no apposition."""
    text = "".join(pieces)
    every = list(range(len(text)))
    assert [m.span() for m in discover._matches(discover._APPOSITION_RE, text, discover._comma_on_line(text, every))] == \
        [m.span() for m in discover._matches(discover._APPOSITION_RE, text, every)]


def test_gazetteer_pass_finds_the_trigger_words_the_trigger_automaton_finds():
    """gazetteer_mentions hands discovery the trigger positions of its one pass: the same, in the
    same order, as a pass of discovery's own automaton."""
    from sahelkg.extract import gazetteer as gz
    from sahelkg.extract.mentions import gazetteer_mentions
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split
    from sahelkg.resources import seed_letters

    texts = [p.read_text(encoding="utf-8") for p in seed_letters()]
    texts.append("De Minister van Defensie,\nK.H. Ollongren\n\nhet lid Jasper van Dijk (SP) over de luitenant-kolonel")
    for text in texts:
        p = split(normalise(Letter(name="t", text=text, media_type="text/plain", encoding="utf-8", sha256="")))
        folded = " " + gz.word_fold(p.text) + " "
        discover.remember_triggers("", {})
        own = discover._trigger_positions(p.text, " " + gz.word_fold(p.text) + " ")  # another string: no reuse
        assert own and all(own.values())
        gazetteer_mentions(p, folded=folded)
        assert discover._last_triggers[0] is folded
        assert discover._last_triggers[1] == own
