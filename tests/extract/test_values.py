"""Quantities: people, money, percentages, qualifiers, and what is not a quantity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sahelkg.extract.normalise import normalise
from sahelkg.extract.read import read_letter
from sahelkg.extract.sentences import split
from sahelkg.extract.values import find_quantities, parse_quantity, quantities_in
from sahelkg.resources import seed_letters


@pytest.mark.parametrize(
    "text, span, value, unit, quantifier, noun",
    [
        # people
        ("In totaal nemen 531 personen deel.", "531 personen", "531", "persons", "Exact", "personen"),
        ("Nederland levert ongeveer 450 militairen.", "ongeveer 450 militairen", "450", "persons", "Approximately", "militairen"),
        ("in 2018 uit maximaal 250 militairen.", "maximaal 250 militairen", "250", "persons", "AtMost", "militairen"),
        ("Duitsland levert ten hoogste 1.100 militairen.", "ten hoogste 1.100 militairen", "1100", "persons", "AtMost", "militairen"),
        ("er zijn minstens 40 Tsjadische militairen omgekomen", "minstens 40 Tsjadische militairen", "40", "persons", "AtLeast", "militairen"),
        ("ten minste 12 agenten", "ten minste 12 agenten", "12", "persons", "AtLeast", "agenten"),
        ("meer dan 400.000 ontheemden keerden terug", "meer dan 400.000 ontheemden", "400000", "persons", "AtLeast", "ontheemden"),
        ("ruim 85.000 mensen kregen hulp", "ruim 85.000 mensen", "85000", "persons", "AtLeast", "mensen"),
        ("zo'n 60.000 Malinese vluchtelingen", "zo'n 60.000 Malinese vluchtelingen", "60000", "persons", "Approximately", "vluchtelingen"),
        ("zo’n 60.000 vluchtelingen", "zo’n 60.000 vluchtelingen", "60000", "persons", "Approximately", "vluchtelingen"),
        ("circa 1,5 miljoen burgers", "circa 1,5 miljoen burgers", "1500000", "persons", "Approximately", "burgers"),
        ("ca. 200 trainers", "ca. 200 trainers", "200", "persons", "Approximately", "trainers"),
        ("rond 300 instructeurs", "rond 300 instructeurs", "300", "persons", "Approximately", "instructeurs"),
        ("bijna 100 politiefunctionarissen", "bijna 100 politiefunctionarissen", "100", "persons", "AtMost", "politiefunctionarissen"),
        ("Finland twaalf personen", "twaalf personen", "12", "persons", "Exact", "personen"),
        ("Italië negentien personen", "negentien personen", "19", "persons", "Exact", "personen"),
        ("Cyprus een persoon", "een persoon", "1", "persons", "Exact", "persoon"),
        ("Een honderdtal rebellen is gearresteerd.", "Een honderdtal rebellen", "100", "persons", "Approximately", "rebellen"),
        ("een tiental VN-militairen raakte gewond", "een tiental VN-militairen", "10", "persons", "Approximately", "VN-militairen"),
        ("2.250 Tsjadische troepen", "2.250 Tsjadische troepen", "2250", "persons", "Exact", "troepen"),
        ("twaalf stafofficieren in Bamako", "twaalf stafofficieren", "12", "persons", "Exact", "stafofficieren"),
        ("maximaal 25 Individual Police Officers", "maximaal 25 Individual Police Officers", "25", "persons", "AtMost", "Police Officers"),
        ("604 juridisch adviseurs", "604 juridisch adviseurs", "604", "persons", "Exact", "adviseurs"),
        ("tot 250 grondtroepen", "tot 250 grondtroepen", "250", "persons", "AtMost", "grondtroepen"),
        ("twee Nederlandse civiele adviseurs", "twee Nederlandse civiele adviseurs", "2", "persons", "Exact", "adviseurs"),
        ("zes Malinezen kwamen om", "zes Malinezen", "6", "persons", "Exact", "Malinezen"),
        ("tien Koninklijke Marechaussee- en politiefunctionarissen", "tien Koninklijke Marechaussee- en politiefunctionarissen",
         "10", "persons", "Exact", "politiefunctionarissen"),
        # money
        ("met een bijdrage van € 3 miljoen.", "€ 3 miljoen", "3000000", "EUR", "Exact", None),
        ("tot een maximum van 3 mln EUR, te financieren", "tot een maximum van 3 mln EUR", "3000000", "EUR", "AtMost", None),
        ("een fonds van USD 5 miljard aangekondigd", "USD 5 miljard", "5000000000", "USD", "Exact", None),
        ("de VS geven 70 miljoen dollar uit", "70 miljoen dollar", "70000000", "USD", "Exact", None),
        ("een bijdrage van 350.000 euro toe", "350.000 euro", "350000", "EUR", "Exact", None),
        ("EUR 1,5 miljoen voor de missie", "EUR 1,5 miljoen", "1500000", "EUR", "Exact", None),
        ("$ 20 miljoen voor training", "$ 20 miljoen", "20000000", "USD", "Exact", None),
        ("circa 45 miljoen euro bedragen", "circa 45 miljoen euro", "45000000", "EUR", "Approximately", None),
        ("bijna 3 miljoen euro geïnvesteerd", "bijna 3 miljoen euro", "3000000", "EUR", "AtMost", None),
        ("€3,8 mln voor de G5", "€3,8 mln", "3800000", "EUR", "Exact", None),
        ("ruim € 1,2 mld", "ruim € 1,2 mld", "1200000000", "EUR", "AtLeast", None),
        ("£ 2 miljoen", "£ 2 miljoen", "2000000", "GBP", "Exact", None),
        ("US$ 10 miljoen", "US$ 10 miljoen", "10000000", "USD", "Exact", None),
        ("anderhalf miljoen euro", "anderhalf miljoen euro", "1500000", "EUR", "Exact", None),
        # percentages, other counted things
        ("39 procent van de volwassenen", "39 procent", "39", "percent", "Exact", None),
        ("zo'n 70 procent", "zo'n 70 procent", "70", "percent", "Approximately", None),
        ("ongeveer 50% van de bevolking", "ongeveer 50%", "50", "percent", "Approximately", None),
        ("Nederland biedt daarom tien vluchten aan", "tien vluchten", "10", None, "Exact", "vluchten"),
        ("vier regimenten van het leger", "vier regimenten", "4", None, "Exact", "regimenten"),
        ("341 ton aan munitie", "341 ton", "341", None, "Exact", "ton"),
        # a currency code between a year and a sum belongs to the sum
        ("in 2018 EUR 4,25 miljoen", "EUR 4,25 miljoen", "4250000", "EUR", "Exact", None),
        ("voor 2021 USD 750.000 extra", "USD 750.000", "750000", "USD", "Exact", None),
        ("tevens 12 marechaussees", "12 marechaussees", "12", "persons", "Exact", "marechaussees"),
        ("ongeveer 30 Koninklijke marechaussees", "ongeveer 30 Koninklijke marechaussees", "30", "persons",
         "Approximately", "marechaussees"),
    ],
)
def test_parse_quantity(text, span, value, unit, quantifier, noun):
    q = parse_quantity(text)
    assert q is not None
    assert text[q.start : q.end] == span
    assert (q.value, q.unit, q.quantifier, q.noun) == (Decimal(value), unit, quantifier, noun)


@pytest.mark.parametrize(
    "text",
    [
        "VN-resolutie 2364 werd aangenomen.",
        "Zie Kamerstuk 29 521, nr. 207.",
        "artikel 100 van de Grondwet",
        "de artikel 100-brief",
        "in 2014 en sinds 2012",
        "op 11 april 2013 en op 23 maart",
        "de C-130 en de NH-90",
        "de G5 Sahel",
        "Vraag 1, 2 en 3",
        "Antwoord 4, 6 en 7",
        "om 12.00 uur",
        "Zoals bekend acht het kabinet dit onwenselijk.",
        "het kabinet neemt zorgvuldigheid in acht bij besluiten",
        "een missie in een land",
        "enkele honderden strijders",
        "tientallen doden",
        "1. Politieke situatie",
        "hoofdtaak 2 van de krijgsmacht",
        "Kamerstuk 21 501-02, nr. 2480",
    ],
)
def test_not_quantities(text):
    assert quantities_in(text) == []


@pytest.mark.parametrize("text", [
    "Het betrof een offensief waarbij rebellen Kidal innamen.",
    "Er volgde een aanval waarbij jihadisten het kamp beschoten.",
    "Het Verenigd Koninkrijk levert drie Chinook-helikopters aan Barkhane.",
    "Duitsland stuurde vier NH90-transporthelikopters naar Gao.",
])
def test_no_persons_counted(text):
    assert [q for q in quantities_in(text) if q.unit == "persons"] == []


@pytest.mark.parametrize("text,persons", [
    ("Duitsland stuurt drie Chinook-helikopters, een A400M en 120 militairen.", [120]),
    ("België levert twee C-130's, vier NH90-helikopters en 60 militairen.", [60]),
    ("Er vielen 40 Tsjadische, vijf Franse en 12 Malinese militairen.", [40, 5, 12]),
])
def test_named_things_in_a_list_do_not_borrow_the_persons_noun(text, persons):
    assert [int(q.value) for q in quantities_in(text) if q.unit == "persons"] == persons


def test_list_sharing_a_noun():
    text = "zijn minstens 40 Tsjadische, vijf Franse, een Burkinabé en meer dan 60 Malinese militairen omgekomen."
    qs = quantities_in(text)
    got = [(text[q.start : q.end], int(q.value), q.unit, q.quantifier, q.noun) for q in qs]
    assert got == [
        ("minstens 40 Tsjadische", 40, "persons", "AtLeast", "militairen"),
        ("vijf Franse", 5, "persons", "Exact", "militairen"),
        ("een Burkinabé", 1, "persons", "Exact", "militairen"),
        ("meer dan 60 Malinese militairen", 60, "persons", "AtLeast", "militairen"),
    ]


def test_list_without_a_counted_noun_keeps_numbers_but_drops_articles():
    qs = quantities_in("Er kwamen drie Franse, een Duitse en vier Belgische vliegtuigen.")
    assert [(int(q.value), q.unit) for q in qs] == [(3, None), (4, None)]


@pytest.fixture(scope="module")
def seed_quantities():
    out = {}
    for p in seed_letters():
        parsed = split(normalise(read_letter(p)))
        out[p.stem[:3]] = (parsed.text, find_quantities(parsed))
    return out


def _as_rows(entry):
    text, qs = entry
    return [(text[q.start : q.end], int(q.value) if q.value == int(q.value) else q.value, q.unit, q.quantifier) for q in qs]


def test_seed_000_quantities(seed_quantities):
    rows = _as_rows(seed_quantities["000"])
    for row in [
        ("531 personen", 531, "persons", "Exact"),
        ("25 personen", 25, "persons", "Exact"),
        ("negentien personen", 19, "persons", "Exact"),
        ("veertien personen", 14, "persons", "Exact"),
        ("€ 3 miljoen", 3000000, "EUR", "Exact"),
        ("tot een maximum van 3 mln EUR", 3000000, "EUR", "AtMost"),
        ("Een honderdtal rebellen", 100, "persons", "Approximately"),
        ("7.673 troepen", 7673, "persons", "Exact"),
        ("€ 5 miljoen", 5000000, "EUR", "Exact"),
        ("1.500 militairen", 1500, "persons", "Exact"),
    ]:
        assert row in rows, row
    assert sum(1 for r in rows if r[0] == "een persoon") == 4
    assert ("ongeveer 6.600", 6600, "persons", "Approximately") in rows


def test_seed_001_quantities(seed_quantities):
    rows = _as_rows(seed_quantities["001"])
    for row in [
        ("ongeveer 450 militairen", 450, "persons", "Approximately"),
        ("maximaal 250 militairen", 250, "persons", "AtMost"),
        ("13.289 militairen", 13289, "persons", "Exact"),
        ("1.920 politiefunctionarissen", 1920, "persons", "Exact"),
        ("ruim 3,8 miljoen Malinezen", 3800000, "persons", "AtLeast"),
    ]:
        assert row in rows, row
    assert not [r for r in rows if r[0] in ("521", "2364")]


def test_seed_002_and_003_money(seed_quantities):
    assert ("USD 5 miljard", 5000000000, "USD", "Exact") in _as_rows(seed_quantities["002"])
    assert ("70 miljoen dollar", 70000000, "USD", "Exact") in _as_rows(seed_quantities["002"])
    rows = _as_rows(seed_quantities["003"])
    assert ("350.000 euro", 350000, "EUR", "Exact") in rows
    assert ("maximaal 16 personen", 16, "persons", "AtMost") in rows


def test_quantity_offsets_are_inside_sentences(seed_quantities):
    for text, qs in seed_quantities.values():
        for q in qs:
            assert 0 <= q.start < q.end <= len(text)
            assert "\n" not in text[q.start : q.end]


@pytest.mark.parametrize(
    "text, rows",
    [
        ("Inmiddels zijn ongeveer 6.600 van de toegezegde 7.673 troepen gearriveerd.",
         [("ongeveer 6.600", 6600, "persons", "troepen"), ("7.673 troepen", 7673, "persons", "troepen")]),
        ("België 25 personen (50 extra vanaf de zomer), Bulgarije vier personen",
         [("25 personen", 25, "persons", "personen"), ("50", 50, "persons", "personen"), ("vier personen", 4, "persons", "personen")]),
        ("De eenheid groeit van 250 naar 300 militairen.", [("250", 250, "persons", "militairen"), ("300 militairen", 300, "persons", "militairen")]),
        ("tussen 200 en 300 agenten", [("200", 200, "persons", "agenten"), ("300 agenten", 300, "persons", "agenten")]),
        ("Er vertrekken 2 vliegtuigen en 300 militairen.", [("2 vliegtuigen", 2, None, "vliegtuigen"), ("300 militairen", 300, "persons", "militairen")]),
    ],
)
def test_bare_numbers_borrow_a_neighbours_unit(text, rows):
    got = [(text[q.start : q.end], int(q.value), q.unit, q.noun) for q in quantities_in(text)]
    assert got == rows


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GENRE = st.sampled_from(
    ["ongeveer", "maximaal", "tot", "een", "één", "twee", "negentien", "honderdtal", "6.600", "3,8", "1.2", "miljoen",
     "mln", "EUR", "€", "$", "euro", "militairen", "personen", "Tsjadische", ",", "en", "van de", "2014", "nr.",
     "29 521", "11 april", "%", "procent", "extra", "(", ")", "-", "C-130", " ", " ", " ", ".", "zo'n", "ruim"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_GENRE, max_size=40).map(" ".join))
def test_quantities_never_crash_and_stay_in_bounds(text):
    for q in quantities_in(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.value >= 0
        assert q.quantifier in ("Exact", "Approximately", "AtMost", "AtLeast")


def test_ascii_digits_and_word_numbers_are_integral_as_read():
    """_quantity skips integral() for ASCII digits and number words without a scale word: what they
    are read as is what integral() gives back (same digits and exponent, so the same N-Quads text)."""
    from decimal import Decimal

    from sahelkg.extract.numbers import digits_value, integral, word_number

    for raw in ["0", "7", "007", "450", "2017", "1234567890123", "000"]:
        v = digits_value(raw)
        assert integral(v).as_tuple() == v.as_tuple(), raw
    for w in ["een", "twaalf", "tweehonderdvijftig", "duizend", "honderd"]:
        v = Decimal(word_number(w))
        assert integral(v).as_tuple() == v.as_tuple(), w
    assert integral(digits_value("3,0")).as_tuple() != digits_value("3,0").as_tuple()  # why the others still go through it
