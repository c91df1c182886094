"""Mandates: national and international, extensions, ceilings, durations; own passages and the seeds."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from genre_texts import seed_and_passage_texts

from sahelkg.extract import extract_letter, extract_path
from sahelkg.extract.facts.mandates import add_months
from sahelkg.extract.model import Entity, Letter

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def make_letter(body: str, date: str = "14 september 2020") -> Letter:
    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, {date}\n\n{body}\n"
    return Letter(name="passage", text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


def mandates(body: str, **kw) -> list[dict]:
    out = []
    for f in extract_letter(make_letter(body, **kw)).facts:
        if f.kind != "Mandate":
            continue
        d = {"status": f.status}
        for k, v in f.props:
            d[k] = v.key if isinstance(v, Entity) else (v[1] if isinstance(v, tuple) else v)
        out.append(d)
    return out


def _has(got, **want) -> bool:
    return any(all(g.get(k) == v for k, v in want.items()) for g in got)


PASSAGES = [
    ("Het kabinet heeft besloten de Nederlandse bijdrage aan MINUSCA te verlengen tot en met 31 december 2021.",
     dict(mission="mission/minusca", issuer="state/NLD", endDate=dt.date(2021, 12, 31))),
    ("Op 28 juni jl. heeft de VN-Veiligheidsraad met resolutie 2531 het mandaat van MINUSMA verlengd tot "
     "30 juni 2021.",
     dict(mission="mission/minusma", issuer="organisation/un-security-council", endDate=dt.date(2021, 6, 30),
          resolution="2531", date=dt.date(2020, 6, 28))),
    ("De VN-Veiligheidsraad verlengde het mandaat van MINUSMA met een jaar tot 30 juni 2016 (resolutie 2227). "
     "Het troepenplafond van 11.240 militairen en 1.440 politiefunctionarissen blijft ongewijzigd.",
     dict(mission="mission/minusma", endDate=dt.date(2016, 6, 30), startDate=dt.date(2015, 6, 30),
          personnelCeiling=11240, policeCeiling=1440, resolution="2227")),
    ("Het kabinet besluit het nationale mandaat van EUTM Mali (maximaal 12 personen) te verlengen tot en met "
     "31 december 2021.",
     dict(mission="mission/eutm-mali", issuer="state/NLD", personnelCeiling=12, endDate=dt.date(2021, 12, 31))),
    ("Het kabinet heeft besloten de Nederlandse bijdrage aan MINUSMA vanaf 1 januari 2016 voor de duur van een "
     "jaar voort te zetten tot en met 31 december 2016.",
     dict(mission="mission/minusma", issuer="state/NLD", startDate=dt.date(2016, 1, 1),
          endDate=dt.date(2016, 12, 31))),
    ("Het mandaat van EUCAP Sahel Mali loopt tot 14 januari 2023 en is verleend door de Raad van de EU.",
     dict(mission="mission/eucap-sahel-mali", issuer="organisation/council-of-the-eu",
          endDate=dt.date(2023, 1, 14))),
    ("Het kabinet heeft besloten de nationale mandaten van EUCAP Sahel Mali (4 personen) en EUCAP Sahel Niger "
     "(3 personen) te verlengen voor de periode van twaalf maanden tot en met 31 december 2021.",
     dict(mission="mission/eucap-sahel-niger", issuer="state/NLD", personnelCeiling=3,
          endDate=dt.date(2021, 12, 31), startDate=dt.date(2020, 12, 31))),
    ("Nederland heeft tot eind maart 2021 een mandaat voor vier personen in de G5 Sahel Joint Force.",
     dict(mission="mission/g5-sahel-joint-force", issuer="state/NLD", personnelCeiling=4,
          endDate=dt.date(2021, 3, 31))),
]

PASSAGES += [
    ("Het mandaat van MINUSCA loopt tot 15 november 2020; de troepenplafond bedraagt 11.650 militairen.",
     dict(mission="mission/minusca", issuer="organisation/un-security-council", endDate=dt.date(2020, 11, 15),
          personnelCeiling=11650)),
    ("Het huidige nationale mandaat voor de inzet in MINUSMA loopt af op 31 mei 2019.",
     dict(mission="mission/minusma", issuer="state/NLD", endDate=dt.date(2019, 5, 31))),
    ("De EU heeft het mandaat van EUTM Mali op 23 maart 2020 met vier jaar verlengd tot 18 mei 2024, met een "
     "plafond van 1.100 personen.",
     dict(mission="mission/eutm-mali", issuer="organisation/council-of-the-eu", startDate=dt.date(2020, 5, 18),
          endDate=dt.date(2024, 5, 18), personnelCeiling=1100, date=dt.date(2020, 3, 23))),
]

# a decision to deploy with a period and a ceiling is a national mandate; another state's parliament
# deciding on its own contribution is that state's; a Security Council decision to end a mandate gives its end
PASSAGES += [
    ("Het kabinet heeft besloten om van 1 februari 2016 tot en met 31 januari 2017 maximaal 90 militairen "
     "in te zetten voor EUTM Mali.",
     dict(mission="mission/eutm-mali", issuer="state/NLD", startDate=dt.date(2016, 2, 1),
          endDate=dt.date(2017, 1, 31), personnelCeiling=90)),
    ("Daarom besloot het kabinet van 1 juli 2014 tot en met 30 juni 2015 ten hoogste 450 militairen in te "
     "zetten voor MINUSMA.",
     dict(mission="mission/minusma", issuer="state/NLD", startDate=dt.date(2014, 7, 1),
          endDate=dt.date(2015, 6, 30), personnelCeiling=450)),
    ("Het Franse parlement stemde op 4 maart 2019 in met een verlenging van de Franse bijdrage aan EUTM Mali "
     "tot 30 april 2020, met een plafond van 150 militairen.",
     dict(mission="mission/eutm-mali", issuer="state/FRA", endDate=dt.date(2020, 4, 30), personnelCeiling=150)),
    ("De Zweedse regering heeft de Zweedse bijdrage aan MINUSMA verlengd tot 31 december 2020, met een "
     "plafond van 250 militairen.",
     dict(mission="mission/minusma", issuer="state/SWE", endDate=dt.date(2020, 12, 31), personnelCeiling=250)),
    ("De VN-Veiligheidsraad heeft met resolutie 2100 besloten het mandaat van AFISMA te beëindigen per "
     "1 juli 2013.",
     dict(mission="mission/afisma", issuer="organisation/un-security-council", endDate=dt.date(2013, 7, 1),
          resolution="2100")),
    ("Met resolutie 2552 heeft de Veiligheidsraad besloten het mandaat van MINUSCA te beëindigen; de "
     "missie vertrekt uiterlijk 15 november 2021.",
     dict(mission="mission/minusca", issuer="organisation/un-security-council", endDate=dt.date(2021, 11, 15),
          resolution="2552")),
]

# the end of an ended mandate stated as the next sentence's deadline, or as "op <datum> te laten aflopen"
PASSAGES += [
    ("De Veiligheidsraad besloot op 30 juni 2023 met resolutie 2690 het mandaat van MINUSMA te beëindigen. "
     "De missie moet uiterlijk 31 december 2023 zijn vertrokken.",
     dict(mission="mission/minusma", issuer="organisation/un-security-council", endDate=dt.date(2023, 12, 31),
          resolution="2690")),
    ("Met resolutie 2590 heeft de VN-Veiligheidsraad besloten het mandaat van MINUSCA te beëindigen. De "
     "terugtrekking moet uiterlijk 30 juni 2021 zijn afgerond.",
     dict(mission="mission/minusca", issuer="organisation/un-security-council", endDate=dt.date(2021, 6, 30),
          resolution="2590")),
    ("De Raad van de EU besloot het mandaat van EUTM Mali op 18 mei 2024 te laten aflopen.",
     dict(mission="mission/eutm-mali", issuer="organisation/council-of-the-eu", endDate=dt.date(2024, 5, 18))),
    ("De Raad besloot het mandaat van EUCAP Sahel Niger op 30 september 2024 te laten eindigen.",
     dict(mission="mission/eucap-sahel-niger", issuer="organisation/council-of-the-eu",
          endDate=dt.date(2024, 9, 30))),
]

NON_MANDATES = [
    "Nederland heeft besloten zijn bijdrage aan de G5 Sahel Joint Force niet te verlengen tot 2022.",
    "Het nationale mandaat voor Takuba zal niet worden verlengd tot 2023.",
    "Activiteiten op het gebied van terrorismebestrijding behoren niet tot het mandaat van EUTM Mali tot 2020.",
]


@pytest.mark.parametrize("body,want", PASSAGES, ids=[p[0][:40] for p in PASSAGES])
def test_passage_mandates(body, want):
    got = mandates(body)
    assert _has(got, **want), got


@pytest.mark.parametrize("body", NON_MANDATES)
def test_negated_mandate_is_not_asserted(body):
    assert mandates(body) == []


@pytest.mark.parametrize("body,want", [
    ("Het kabinet heeft besloten om in de periode van 1 januari 2020 tot en met 31 december 2020 ten hoogste "
     "40 militairen bij te dragen aan EUTM Mali.",
     dict(mission="mission/eutm-mali", issuer="state/NLD", startDate=dt.date(2020, 1, 1),
          endDate=dt.date(2020, 12, 31), personnelCeiling=40, status="asserted")),
    ("Het kabinet is voornemens om vanaf 1 januari 2020 tot en met 31 december 2020 maximaal 70 militairen "
     "in te zetten voor MINUSMA.",
     dict(mission="mission/minusma", issuer="state/NLD", endDate=dt.date(2020, 12, 31), personnelCeiling=70,
          status="planned")),
    ("België overweegt om van 1 maart 2021 tot en met 28 februari 2022 maximaal 25 militairen in te zetten "
     "voor Takuba.",
     dict(mission="mission/takuba", issuer="state/BEL", endDate=dt.date(2022, 2, 28), personnelCeiling=25,
          status="considered")),
])
def test_intended_deployment_is_a_mandate_with_its_status(body, want):
    got = mandates(body)
    assert _has(got, **want), got


def test_decision_to_deploy_without_period_or_ceiling_is_no_mandate():
    assert mandates("Het kabinet heeft besloten militairen in te zetten voor MINUSMA.") == []
    assert mandates("Het kabinet heeft besloten om een transportvliegtuig in te zetten voor EUTM Mali.") == []


def test_combined_mandate_gets_no_mandate_of_its_own():
    got = mandates("Het kabinet heeft besloten het nationale mandaat van EUTM Mali (gecombineerd mandaat van "
                   "9 personen met EUCAP Sahel Mali) te verlengen tot en met 30 juni 2022.")
    assert [g["mission"] for g in got] == ["mission/eutm-mali"]
    assert got[0]["personnelCeiling"] == 9


def test_duration_only_is_not_a_mandate_fact():
    # the contract: a mandate states its end or its ceiling; a bare duration is kept only with one
    assert mandates("Het mandaat van EUTM Mali is verleend voor een duur van vijftien maanden.") == []


def test_extension_starts_where_the_old_mandate_ended():
    got = mandates("De nationale mandaten voor MINUSCA lopen eind december 2020 af. Het kabinet heeft "
                   "besloten de nationale mandaten voor MINUSCA te verlengen tot en met 30 juni 2022.")
    assert _has(got, mission="mission/minusca", endDate=dt.date(2022, 6, 30), startDate=dt.date(2020, 12, 31))


@pytest.mark.parametrize("d,n,want", [
    (dt.date(2024, 6, 30), -18, dt.date(2022, 12, 31)),
    (dt.date(2018, 6, 30), -12, dt.date(2017, 6, 30)),
    (dt.date(2013, 2, 18), 15, dt.date(2014, 5, 18)),
    (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29)),
])
def test_add_months_keeps_month_ends(d, n, want):
    assert add_months(d, n) == want


def test_seed_mandates():
    facts = extract_path(SEEDS / "001_aa2575580b9ffad5.txt").facts
    got = [{k: (v.key if isinstance(v, Entity) else v) for k, v in f.props} for f in facts if f.kind == "Mandate"]
    assert _has(got, mission="mission/minusma", issuer="organisation/un-security-council",
                endDate=dt.date(2018, 6, 30), personnelCeiling=13289, resolution="2364")
    assert _has(got, mission="mission/minusma", issuer="state/NLD", startDate=dt.date(2018, 1, 1),
                endDate=dt.date(2018, 12, 31))
    assert _has(got, mission="mission/eucap-sahel-mali", issuer="state/NLD", personnelCeiling=8)
    facts = extract_path(SEEDS / "003_a830313f6b33047f.txt").facts
    got = [{k: (v.key if isinstance(v, Entity) else v) for k, v in f.props} for f in facts if f.kind == "Mandate"]
    assert _has(got, mission="mission/eutm-mali", issuer="state/NLD", personnelCeiling=6,
                endDate=dt.date(2024, 6, 30))
    assert _has(got, mission="mission/takuba", issuer="state/NLD", personnelCeiling=2,
                endDate=dt.date(2022, 12, 31))


# --------------------------------------------------------------------------- finding the trigger words fast

_TRICKY = [
    "het VN-mandaat, het EU-VN-mandaat, het plafond-mandaat, het troepenplafond, Gemandateerde trainers, RESOLUTIE 2100",
    "het mandaatje, de mandaten-discussie, x-y-mandaat, _mandaat, 2-mandaat, mandaat-mandaat-plafond",
    "de Kamer stemde gisteren in met het voorstel om 250 militairen in te zetten; het kabinet besloot, te leveren",
    "Het Kabinet Heeft Besloten Om Vijf Agenten Beschikbaar Te Stellen. VERLENGD, voortzetting, continueren, Hernieuwd",
    "voort te zetten, voortgezet, voorTzetting, overweegt. beoogt: in te zetten; instemming … uit te zenden",
    "de reſolutie, het ſtemde in … in te zetten, ı mandaat, İ verlengen",
]


def _texts():
    return seed_and_passage_texts() + _TRICKY + [t.upper() for t in _TRICKY] + [" ".join(_TRICKY)]


def test_trigger_words_found_from_keys_are_the_patterns_own_matches():
    from sahelkg.extract.facts import mandates as md
    from sahelkg.extract.facts.prefilter import lowered
    from sahelkg.extract.numbers import keyed_finditer

    n = 0
    for text in _texts():
        low = lowered(text)
        spans = lambda ms: [m.span() for m in ms]  # noqa: E731
        assert spans(md._mandate_words(text, low)) == spans(md._MANDATE_WORD.finditer(text)), text[:200]
        assert spans(keyed_finditer(md._EXTEND, text, low, md._EXTEND_KEYS)) == spans(md._EXTEND.finditer(text))
        assert spans(keyed_finditer(md._DEPLOY, text, low, md._DEPLOY_KEYS)) == spans(md._DEPLOY.finditer(text))
        n += len(md._mandate_words(text, low)) + len(keyed_finditer(md._DEPLOY, text, low, md._DEPLOY_KEYS))
    assert n > 100


def test_searches_skipped_without_key_words_equal_the_plain_searches():
    """``mandates._search`` (no regex run when the lower-cased window lacks every word each match holds)
    gives ``rx.search`` for every pattern it is used with, on windows of the seeds and of our texts
    (where those patterns do match)."""
    from sahelkg.extract.facts import mandates as md
    from sahelkg.extract.facts.prefilter import lowered

    patterns = [md._TERMINATE, md._NATIONAL, md._UN, md._RESOLUTION, md._EXTEND, md._BOTH_MISSIONS,
                md._ANAPHOR, md._MANDATE_WORD, md._CEILING_BEFORE]
    assert all(md.words_test(rx) for rx in patterns)  # every one of them is skipped somewhere
    found = 0
    for text in _texts():
        low = lowered(text)
        for size in (40, 160):
            for i in range(0, len(text), size // 2):
                w = text[i:i + size]
                for rx in patterns:
                    got = md._search(rx, w, low[i:i + size] if low is not None else None)
                    want = rx.search(w)
                    assert (got and got.span()) == (want and want.span()), (rx.pattern, w)
                    found += want is not None
    assert found > 200


def test_sorted_spans_answer_as_span_index():
    """``SortedSpans`` (attrgetter sort, a slice when no item can end too late) gives ``SpanIndex``'s
    items and ``between`` answers, also for nested and overlapping spans."""
    import random
    from dataclasses import dataclass

    from sahelkg.extract.facts.mandates import SortedSpans
    from sahelkg.extract.facts.modality import SpanIndex

    @dataclass(frozen=True)
    class Span:
        start: int
        end: int
        tag: int

    rng = random.Random(3)
    for n in (0, 1, 5, 40):
        for spread in (3, 30, 300):
            items = []
            for t in range(n):
                s = rng.randrange(200)
                items.append(Span(s, s + rng.randrange(1, spread), t))
            plain, fast = SpanIndex(items), SortedSpans(items)
            assert fast.items == plain.items
            for _ in range(200):
                a = rng.randrange(-5, 260)
                b = a + rng.randrange(0, 120)
                assert fast.between(a, b) == plain.between(a, b)
