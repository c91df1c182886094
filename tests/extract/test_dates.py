"""Dates, parts, spans and durations, resolved against a pinned letter date."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelkg.extract.dates import dates_in, find_dates, find_letter_date, letter_date_from_text, parse_date
from sahelkg.extract.normalise import normalise
from sahelkg.extract.read import read_letter
from sahelkg.extract.sentences import split
from sahelkg.resources import seed_letters

D = dt.date


@pytest.mark.parametrize(
    "letter_date, text, span, granularity, date, end_date, inclusive",
    [
        # full dates
        (D(2013, 4, 11), "Den Haag, 11 april 2013", "11 april 2013", "day", D(2013, 4, 11), None, False),
        (D(2017, 9, 11), "de brief van 1 november 2013 (Kamerstuk", "1 november 2013", "day", D(2013, 11, 1), None, False),
        (D(2022, 2, 17), "Kamerbrief d.d. 9 februari 2022 over", "9 februari 2022", "day", D(2022, 2, 9), None, False),
        (D(2022, 2, 17), "op 1e januari 2021", "1e januari 2021", "day", D(2021, 1, 1), None, False),
        (D(2016, 3, 1), "de aanslag van 20 nov. 2015 in Bamako", "20 nov. 2015", "day", D(2015, 11, 20), None, False),
        (D(2016, 3, 1), "op 29 februari 2016", "29 februari 2016", "day", D(2016, 2, 29), None, False),
        (D(2014, 1, 1), "brief van 11-04-2013 over", "11-04-2013", "day", D(2013, 4, 11), None, False),
        (D(2014, 1, 1), "brief van 11/4/2013 over", "11/4/2013", "day", D(2013, 4, 11), None, False),
        (D(2014, 1, 1), "brief van 2013-04-11 over", "2013-04-11", "day", D(2013, 4, 11), None, False),
        (D(2014, 1, 1), "tot en met 30.06.2014", "tot en met 30.06.2014", "day", D(2014, 6, 30), None, True),
        # jl. = the last occurrence on or before the letter date; a.s. = the next one
        (D(2017, 9, 11), "dat op 29 juni jl. door de", "29 juni jl.", "day", D(2017, 6, 29), None, False),
        (D(2013, 4, 11), "hierover op 16 januari jl. geïnformeerd", "16 januari jl.", "day", D(2013, 1, 16), None, False),
        (D(2015, 1, 5), "op 20 december jl. besloot", "20 december jl.", "day", D(2014, 12, 20), None, False),
        (D(2022, 2, 17), "op maandag 21 februari a.s. Daarnaast", "maandag 21 februari a.s.", "day", D(2022, 2, 21), None, False),
        (D(2014, 12, 20), "op 5 januari a.s. vergadert", "5 januari a.s.", "day", D(2015, 1, 5), None, False),
        (D(2019, 6, 3), "op 12 juni aanstaande", "12 juni aanstaande", "day", D(2019, 6, 12), None, False),
        (D(2019, 6, 3), "op 12 mei jongstleden", "12 mei jongstleden", "day", D(2019, 5, 12), None, False),
        # no year and no cue: the occurrence nearest the letter date
        (D(2013, 4, 11), "Op 14 februari besloot de Raad", "14 februari", "day", D(2013, 2, 14), None, False),
        (D(2014, 1, 10), "Op 20 december besloot de Raad", "20 december", "day", D(2013, 12, 20), None, False),
        (D(2014, 12, 1), "Op 15 januari volgt een besluit", "15 januari", "day", D(2015, 1, 15), None, False),
        # parts
        (D(2022, 11, 25), "lopen eind december 2022 af", "eind december 2022", "part", D(2022, 12, 31), None, False),
        (D(2017, 9, 11), "de inzet medio 2018 afbouwen", "medio 2018", "part", D(2018, 7, 1), None, False),
        (D(2017, 9, 11), "Eind 2013 besloot het kabinet", "Eind 2013", "part", D(2013, 12, 31), None, False),
        (D(2017, 9, 11), "begin augustus jl. vielen", "begin augustus jl.", "part", D(2017, 8, 1), None, False),
        (D(2022, 11, 25), "tot medio januari 2023 levert", "medio januari 2023", "part", D(2023, 1, 15), None, False),
        (D(2019, 3, 1), "begin 2020 volgt", "begin 2020", "part", D(2020, 1, 1), None, False),
        (D(2022, 11, 25), "in het eerste kwartaal van 2023 worden", "in het eerste kwartaal van 2023", "part", D(2023, 1, 1), D(2023, 3, 31), False),
        (D(2022, 11, 25), "in de tweede helft van 2023 informeren", "in de tweede helft van 2023", "part", D(2023, 7, 1), D(2023, 12, 31), False),
        (D(2018, 1, 1), "in het najaar van 2018", "najaar van 2018", "part", D(2018, 9, 1), D(2018, 11, 30), False),
        # inclusive ends
        (D(2022, 11, 25), "verlengen tot en met 30 juni 2024.", "tot en met 30 juni 2024", "day", D(2024, 6, 30), None, True),
        (D(2022, 11, 25), "verlengen t/m 30 juni 2024.", "t/m 30 juni 2024", "day", D(2024, 6, 30), None, True),
        (D(2022, 11, 25), "tot en met eind juni 2024.", "tot en met eind juni 2024", "part", D(2024, 6, 30), None, True),
        (D(2017, 9, 11), "te verlengen tot 31 december 2018.", "31 december 2018", "day", D(2018, 12, 31), None, False),
        # months
        (D(2013, 4, 11), "In januari deed Frankrijk", "januari", "month", D(2013, 1, 1), D(2013, 1, 31), False),
        (D(2017, 9, 11), "sinds de ondertekening in juni 2015", "juni 2015", "month", D(2015, 6, 1), D(2015, 6, 30), False),
        (D(2017, 9, 11), "In november a.s. organiseert Canada", "november a.s.", "month", D(2017, 11, 1), D(2017, 11, 30), False),
        (D(2022, 11, 25), "afgelopen juli sloten", "afgelopen juli", "month", D(2022, 7, 1), D(2022, 7, 31), False),
        (D(2022, 2, 17), "Sinds maart 2021 zijn", "maart 2021", "month", D(2021, 3, 1), D(2021, 3, 31), False),
        (D(2024, 1, 15), "in februari 2024 gepland", "februari 2024", "month", D(2024, 2, 1), D(2024, 2, 29), False),
        # spans
        (D(2022, 11, 25), "tussen 2014–2019 meegenomen", "tussen 2014–2019", "span", D(2014, 1, 1), D(2019, 12, 31), True),
        (D(2022, 11, 25), "de periode 2014-2019", "2014-2019", "span", D(2014, 1, 1), D(2019, 12, 31), True),
        (D(2022, 11, 25), "de rechtsorde 2022–2025", "2022–2025", "span", D(2022, 1, 1), D(2025, 12, 31), True),
        (D(2020, 1, 1), "van 2014 tot 2019", "van 2014 tot 2019", "span", D(2014, 1, 1), D(2019, 1, 1), False),
        (D(2020, 1, 1), "tussen 2014 en 2019", "tussen 2014 en 2019", "span", D(2014, 1, 1), D(2019, 12, 31), True),
        (D(2020, 1, 1), "van 2014 tot en met 2019", "van 2014 tot en met 2019", "span", D(2014, 1, 1), D(2019, 12, 31), True),
        (D(2020, 1, 1), "in het begrotingsjaar 2016/17", "2016/17", "span", D(2016, 1, 1), D(2017, 12, 31), True),
        (D(2022, 11, 25), "van 30 september tot 2 oktober", "van 30 september tot 2 oktober", "span", D(2022, 9, 30), D(2022, 10, 2), False),
        (D(2020, 1, 1), "van 1 tot en met 15 januari 2019", "van 1 tot en met 15 januari 2019", "span", D(2019, 1, 1), D(2019, 1, 15), True),
    ],
)
def test_parse_date(letter_date, text, span, granularity, date, end_date, inclusive):
    d = parse_date(text, letter_date)
    assert d is not None
    assert (text[d.start : d.end], d.granularity, d.date, d.end_date, d.inclusive_end) == (span, granularity, date, end_date, inclusive)


@pytest.mark.parametrize(
    "text, span, year, inclusive",
    [
        ("In 2014 bestond de bijdrage", "2014", 2014, False),
        ("wordt sinds 2012 ondersteund", "2012", 2012, False),
        ("vanaf 2019 beschikbaar", "2019", 2019, False),
        ("tot en met 2019 verlengd", "tot en met 2019", 2019, True),
        ("het vredesakkoord uit 2015", "2015", 2015, False),
    ],
)
def test_years(text, span, year, inclusive):
    d = parse_date(text, D(2020, 1, 1))
    assert (text[d.start : d.end], d.granularity, d.year, d.date, d.inclusive_end) == (span, "year", year, None, inclusive)


@pytest.mark.parametrize(
    "text, months",
    [
        ("voor een duur van vijftien maanden", 15),
        ("een verlenging van achttien maanden", 18),
        ("de twee jaar durende herstelperiode", 24),
        ("voor een periode van negen maanden", 9),
        ("voor 12 maanden", 12),
        ("voor anderhalf jaar", 18),
        ("een jaar lang", 12),
    ],
)
def test_durations(text, months):
    d = parse_date(text, D(2020, 1, 1))
    assert (d.granularity, d.months, d.date) == ("duration", months, None)


def test_day_lists_give_one_mention_per_day():
    text = "laatstelijk op 23, 24 maart en 1 april. Op 30 en 31 maart vielen"
    got = [(text[d.start : d.end], d.date) for d in dates_in(text, D(2013, 4, 11))]
    assert got == [
        ("23", D(2013, 3, 23)),
        ("24 maart", D(2013, 3, 24)),
        ("1 april", D(2013, 4, 1)),
        ("30", D(2013, 3, 30)),
        ("31 maart", D(2013, 3, 31)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "op 31 februari 2013",  # impossible
        "Kamerstuk 29 521, nr. 207",
        "VN-resolutie 2364",
        "de C-130 en 2022Z18320",
        "een bedrag van 2.095 euro",
        "hoofdtaak 2 van de krijgsmacht",
        "op 31-02-2013",  # impossible
        "versie 1.2.3 van de software",
    ],
)
def test_not_dates(text):
    assert dates_in(text, D(2013, 4, 11)) == []


def test_relative_dates_without_letter_date_stay_unresolved():
    d = parse_date("op 29 juni jl. door", None)
    assert d is not None and d.granularity == "day" and d.date is None
    assert parse_date("op 29 juni 2017", None).date == D(2017, 6, 29)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BRIEF VAN DE MINISTER\n\nDen Haag, 11 april 2013\n\nGraag bied ik u", D(2013, 4, 11)),
        ("Vragen van het lid X (ingezonden 3 juni 2014).\n\nAntwoord van minister Y (ontvangen 30 juni 2014).", D(2014, 6, 30)),
        ("Vragen van het lid X (ingezonden 3 juni 2014).\n\nVraag 1", D(2014, 6, 3)),
        ("'s-Gravenhage, 5 maart 2010\n\nGeachte voorzitter", D(2010, 3, 5)),
        ("Datum: 1 oktober 2019\nBetreft: Mali", D(2019, 10, 1)),
        ("Geen datum in deze tekst over Mali.", None),
        # a web page's publication line, in figures, wins over dates in its text
        ("Rijksoverheid\nNieuwsbericht | 12-06-2020 | 14:30\nDe bijdrage loopt tot 31 mei 2021.", D(2020, 6, 12)),
        ("Defensie\nPersbericht | 03-11-2019\nVanaf 1 januari 2020 levert Nederland 60 militairen.", D(2019, 11, 3)),
        ("# Verslag van een commissiedebat\n\nVastgesteld 20 juli 2023\n\nDe terugtrekking", D(2023, 7, 20)),
        # a term or deadline in the text is not the paper's own date
        ("Nieuws\nDe missie loopt tot 31 mei 2021.", None),
        ("Nieuws\nDe inzet duurt tot en met 30 juni 2015. Op 4 april 2014 besloot het kabinet.", D(2014, 4, 4)),
    ],
)
def test_letter_date_from_text(text, expected):
    assert letter_date_from_text(text) == expected


SEED_DATES = {"000": D(2013, 4, 11), "001": D(2017, 9, 11), "002": D(2014, 6, 30), "003": D(2022, 11, 25), "004": D(2022, 2, 17)}


@pytest.fixture(scope="module")
def parsed_seeds():
    return {p.stem[:3]: split(normalise(read_letter(p))) for p in seed_letters()}


def test_seed_letter_dates(parsed_seeds):
    assert {k: find_letter_date(p.normalised) for k, p in parsed_seeds.items()} == SEED_DATES


def test_seed_relative_dates(parsed_seeds):
    def found(key):
        p = parsed_seeds[key]
        return {(p.text[d.start : d.end], d.date) for d in find_dates(p, SEED_DATES[key])}

    assert ("2 april jl.", D(2013, 4, 2)) in found("000")
    assert ("16 januari jl.", D(2013, 1, 16)) in found("000")
    assert ("29 juni jl.", D(2017, 6, 29)) in found("001")
    assert ("22 mei jl.", D(2017, 5, 22)) in found("001")
    assert ("maandag 21 februari a.s.", D(2022, 2, 21)) in found("004")
    assert ("16 februari jl.", D(2022, 2, 16)) in found("004")
    assert ("tot en met 30 juni 2024", D(2024, 6, 30)) in found("003")
    assert ("11 april jl.", D(2022, 4, 11)) in found("003")


def test_seed_durations_and_spans(parsed_seeds):
    p = parsed_seeds["000"]
    assert any(d.granularity == "duration" and d.months == 15 for d in find_dates(p, SEED_DATES["000"]))
    p = parsed_seeds["003"]
    spans = [(d.date, d.end_date) for d in find_dates(p, SEED_DATES["003"]) if d.granularity == "span"]
    assert (D(2014, 1, 1), D(2019, 12, 31)) in spans


def test_parse_date_of_a_bare_year():
    d = parse_date(" 2014 ")
    assert (d.granularity, d.year, d.date) == ("year", 2014, None)
    assert parse_date("de 2017 UN Peacekeeping Ministerial") is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GENRE = st.sampled_from(
    ["op", "11", "31", "29", "februari", "april", "2013", "2024", "jl.", "a.s.", "tot en met", "tot", "eind", "medio",
     "begin", "maandag", "van", "tussen", "en", ",", "–", "-", "/", "17", "maanden", "jaar", "vijftien", "in", "het",
     "eerste", "kwartaal", "helft", "najaar", "afgelopen", "t/m", " "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_GENRE, max_size=30).map(" ".join), st.one_of(st.none(), st.dates(D(1990, 1, 1), D(2040, 12, 31))))
def test_dates_never_crash_and_stay_in_bounds(text, letter_date):
    for d in dates_in(text, letter_date):
        assert 0 <= d.start < d.end <= len(text)
        if d.date and d.end_date:
            assert d.date <= d.end_date
        if d.granularity == "duration":
            assert d.months is not None and d.date is None


def _dateparser_dmy(day: int, month: int, year: int):
    """dateparser on the canonical "D maand YYYY" core, as the extractor once called it (the reference)."""
    from dateparser.date import DateDataParser

    global _DP
    try:
        parser = _DP
    except NameError:
        parser = _DP = DateDataParser(languages=["nl"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                                                                  "STRICT_PARSING": True})
    name = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december"][month - 1]
    data = parser.get_date_data(f"{day} {name} {year}")
    return data.date_obj.date() if data and data.date_obj else None


@pytest.mark.parametrize("year", [1800, 1900, 2000, 2013, 2019, 2020, 2023, 2024, 2099])
def test_calendar_check_gives_dateparsers_answers(year):
    """The day–month–year core is checked against the calendar instead of dateparser (a thousand times
    cheaper): same answer for every day 1–31 of every month, leap years (2000, 2020, 2024) and
    century non-leap years (1800, 1900) included."""
    from sahelkg.extract.dates import _dmy

    for month in range(1, 13):
        for day in range(1, 32):
            assert _dmy(day, month, year) == _dateparser_dmy(day, month, year), (day, month, year)
