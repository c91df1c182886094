"""Contributions: own passages in the genre (other missions, years, numbers, wordings) and the seeds.

Every passage runs through the real pipeline (normalise, sentences, mentions, values, dates) wrapped
in a minimal letter head, so these tests also catch breakage in the steps contributions rely on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from sahelkg.extract import extract_letter, extract_path
from sahelkg.extract.model import Entity, Letter

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def make_letter(body: str, date: str = "3 maart 2016", chamber: str = "Tweede", name: str = "passage") -> Letter:
    text = f"Aan de Voorzitter van de {chamber} Kamer der Staten-Generaal\n\nDen Haag, {date}\n\n{body}\n"
    return Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


def summary(fact) -> dict:
    out: dict = {"status": fact.status}
    for k, v in fact.props:
        v = v.key if isinstance(v, Entity) else v
        if isinstance(v, tuple) and v[0] in ("skg", "gYear"):
            v = v[1]
        if k in ("contributor", "mission"):
            out.setdefault(k, set()).add(v)
        else:
            out[k] = v
    return out


def contributions(body: str, **kw) -> list[dict]:
    ex = extract_letter(make_letter(body, **kw))
    return [summary(f) for f in ex.facts if f.kind == "Contribution"]


def _matches(got: dict, want: dict) -> bool:
    for k, v in want.items():
        if k in ("contributor", "mission"):
            if v not in got.get(k, set()):
                return False
        elif got.get(k) != v:
            return False
    return True


# (passage, expected contributions: each a dict of props that must all be present)
PASSAGES = [
    ("Nederland levert in 2019 maximaal 80 militairen aan MINUSCA, voornamelijk in stafposities.",
     [dict(contributor="state/NLD", mission="mission/minusca", personnel=80, quantifier="AtMost", year=2019)]),
    ("Van de Europese troepenleveranciers zet België circa 120 militairen in voor MINUSMA; "
     "Duitsland levert ruim 1.100 militairen aan de missie.",
     [dict(contributor="state/BEL", mission="mission/minusma", personnel=120, quantifier="Approximately"),
      dict(contributor="state/DEU", mission="mission/minusma", personnel=1100, quantifier="AtLeast")]),
    ("Aan EUCAP Sahel Niger nemen op dit moment de volgende lidstaten deel: Italië 14 experts, "
     "Frankrijk 31 experts, Zweden zes experts en Roemenië drie experts.",
     [dict(contributor="state/ITA", mission="mission/eucap-sahel-niger", personnel=14),
      dict(contributor="state/FRA", mission="mission/eucap-sahel-niger", personnel=31),
      dict(contributor="state/SWE", mission="mission/eucap-sahel-niger", personnel=6),
      dict(contributor="state/ROU", mission="mission/eucap-sahel-niger", personnel=3)]),
    ("In 2019 bestond de Nederlandse bijdrage aan EUTM Mali uit ongeveer 12 militairen, in 2020 uit "
     "ongeveer 9 militairen en in 2021 uit maximaal 6 militairen.",
     [dict(contributor="state/NLD", mission="mission/eutm-mali", personnel=12, quantifier="Approximately", year=2019),
      dict(contributor="state/NLD", mission="mission/eutm-mali", personnel=9, quantifier="Approximately", year=2020),
      dict(contributor="state/NLD", mission="mission/eutm-mali", personnel=6, quantifier="AtMost", year=2021)]),
    ("Nederland draagt in 2020 4,5 miljoen euro bij aan het MINUSMA Trust Fund.",
     [dict(contributor="state/NLD", mission="mission/minusma-trust-fund", amount=Decimal("4500000"),
           currency="EUR", year=2020)]),
    ("Dit programma wordt sinds 2015 door Nederland ondersteund met een bijdrage van € 2 miljoen per jaar "
     "aan ACOTA.",
     [dict(contributor="state/NLD", mission="mission/acota", amount=Decimal("2000000"), currency="EUR",
           startDate=dt.date(2015, 1, 1))]),
    ("Het kabinet heeft besloten tot een financiële bijdrage van 7 miljoen euro aan de Europese "
     "Vredesfaciliteit.",
     [dict(contributor="state/NLD", mission="mission/european-peace-facility", amount=Decimal("7000000"))]),
    ("Sinds oktober 2019 zijn drie Nederlandse stafofficieren actief in EUTM Mali.",
     [dict(contributor="state/NLD", mission="mission/eutm-mali", personnel=3, startDate=dt.date(2019, 10, 1))]),
    ("Duitsland stelt vanaf 1 mei 2016 tweehonderdvijftig militairen beschikbaar aan MINUSMA.",
     [dict(contributor="state/DEU", mission="mission/minusma", personnel=250, startDate=dt.date(2016, 5, 1))]),
    ("De additionele uitgaven voor de Nederlandse bijdrage aan MINUSMA in 2016 zijn geraamd op "
     "91,2 miljoen euro.",
     [dict(contributor="state/NLD", mission="mission/minusma", amount=Decimal("91200000"),
           quantifier="Approximately", year=2016)]),
    ("Nederland leverde in de periode 2015–2017 samen met Denemarken een bijdrage van 3 miljoen dollar "
     "aan de G5 Sahel Joint Force.",
     [dict(contributor="state/NLD", mission="mission/g5-sahel-joint-force", amount=Decimal("3000000"),
           currency="USD", startDate=dt.date(2015, 1, 1), endDate=dt.date(2017, 12, 31))]),
    ("De 850 Senegalese troepen, inmiddels onderdeel van AFISMA, zijn in het zuiden actief.",
     [dict(contributor="state/SEN", mission="mission/afisma", personnel=850, date=dt.date(2016, 3, 3))]),
    ("Concreet bestaat de Nederlandse bijdrage aan MINUSMA in 2016 uit de volgende elementen:\n"
     "– een helikopterdetachement van ongeveer 90 militairen;\n"
     "– acht stafofficieren op het hoofdkwartier in Bamako.",
     [dict(contributor="state/NLD", mission="mission/minusma", personnel=90, year=2016),
      dict(contributor="state/NLD", mission="mission/minusma", personnel=8, year=2016)]),
    ("In 2017 streeft Nederland naar de inzet van maximaal 30 politiefunctionarissen binnen MINUSMA.",
     [dict(contributor="state/NLD", mission="mission/minusma", personnel=30, quantifier="AtMost",
           status="planned")]),
    ("Frankrijk 40 personen (20 extra vanaf het najaar), Spanje 12 personen; zo ziet de huidige deelname "
     "aan EUCAP Sahel Mali eruit.",
     [dict(contributor="state/FRA", mission="mission/eucap-sahel-mali", personnel=40, note="20 extra vanaf het najaar"),
      dict(contributor="state/ESP", mission="mission/eucap-sahel-mali", personnel=12)]),
    ("Tevens levert Zweden een bijdrage van 1,5 miljoen euro aan het EU Noodfonds voor Afrika.",
     [dict(contributor="state/SWE", mission="mission/eutf-africa", amount=Decimal("1500000"))]),
    ("Aan MINUSMA leveren onder meer Tsjaad (1.400 militairen), Bangladesh (1.300 militairen) en Senegal "
     "(1.000 militairen) troepen.",
     [dict(contributor="state/TCD", mission="mission/minusma", personnel=1400),
      dict(contributor="state/BGD", mission="mission/minusma", personnel=1300),
      dict(contributor="state/SEN", mission="mission/minusma", personnel=1000)]),
    ("Zweden zet tot eind 2020 ongeveer 220 militairen in binnen MINUSMA.",
     [dict(contributor="state/SWE", mission="mission/minusma", personnel=220, endDate=dt.date(2020, 12, 31))]),
    ("Met een bijdrage van 4 miljoen euro steunt Nederland in 2021 de G5 Sahel Joint Force.",
     [dict(contributor="state/NLD", mission="mission/g5-sahel-joint-force", amount=Decimal("4000000"), year=2021)]),
    ("Canada heeft toegezegd 250 militairen te leveren aan MINUSMA.",
     [dict(contributor="state/CAN", mission="mission/minusma", personnel=250, status="planned")]),
    ("Nederland stelt tot 31 december 2021 150 marechaussees beschikbaar voor Task Force Takuba.",
     [dict(contributor="state/NLD", mission="mission/takuba", personnel=150, endDate=dt.date(2021, 12, 31))]),
    ("De Verenigde Staten financieren de G5 Sahel Joint Force met 60 miljoen dollar.",
     [dict(contributor="state/USA", mission="mission/g5-sahel-joint-force", amount=Decimal("60000000"),
           currency="USD")]),
]

# enumerations of money after a lead-in with the fund and the year; a fund of an organisation the
# gazetteer does not list; "X heeft met operatie Y N militairen"
PASSAGES += [
    ("Aan het MINUSMA Trust Fund droegen in 2016 onder meer bij: Duitsland 1,2 miljoen dollar, Zweden "
     "2 miljoen dollar en Noorwegen 500.000 dollar.",
     [dict(contributor="state/DEU", mission="mission/minusma-trust-fund", amount=Decimal("1200000"),
           currency="USD", year=2016),
      dict(contributor="state/SWE", mission="mission/minusma-trust-fund", amount=Decimal("2000000"),
           currency="USD", year=2016),
      dict(contributor="state/NOR", mission="mission/minusma-trust-fund", amount=Decimal("500000"),
           currency="USD", year=2016)]),
    ("Aan het AFISMA Trust Fund droegen in 2013 onder andere bij: Japan 3 miljoen dollar, Canada "
     "1,5 miljoen dollar en Denemarken 800.000 dollar.",
     [dict(contributor="state/JPN", mission="mission/afisma-trust-fund", amount=Decimal("3000000"), year=2013),
      dict(contributor="state/CAN", mission="mission/afisma-trust-fund", amount=Decimal("1500000"), year=2013),
      dict(contributor="state/DNK", mission="mission/afisma-trust-fund", amount=Decimal("800000"), year=2013)]),
    ("Daarnaast stelt Nederland in 2019 4 miljoen euro beschikbaar voor het trustfonds van de G5 Sahel.",
     [dict(contributor="state/NLD", mission="mission/g5-sahel-trust-fund", amount=Decimal("4000000"),
           currency="EUR", year=2019)]),
    ("Ook Denemarken draagt in 2020 1,5 miljoen euro bij aan het trustfonds van ECOWAS.",
     [dict(contributor="state/DNK", mission="mission/ecowas-trust-fund", amount=Decimal("1500000"), year=2020)]),
    ("Frankrijk heeft met operatie Barkhane ongeveer 4500 militairen in de Sahel.",
     [dict(contributor="state/FRA", mission="mission/barkhane", personnel=4500, quantifier="Approximately")]),
    ("Italië had met de missie EUTM Mali circa 20 instructeurs in Koulikoro.",
     [dict(contributor="state/ITA", mission="mission/eutm-mali", personnel=20, quantifier="Approximately")]),
    ("Estland heeft circa 50 militairen naar Gao gestuurd ter ondersteuning van operatie Barkhane.",
     [dict(contributor="state/EST", mission="mission/barkhane", personnel=50, quantifier="Approximately")]),
    ("Nederland droeg bij aan het MINUSMA Trust Fund: in 2018 EUR 4,25 miljoen en in 2019 EUR 3 miljoen.",
     [dict(contributor="state/NLD", mission="mission/minusma-trust-fund", amount=Decimal("4250000"), year=2018),
      dict(contributor="state/NLD", mission="mission/minusma-trust-fund", amount=Decimal("3000000"), year=2019)]),
]

# passages that must yield no (asserted) contribution
NON_CONTRIBUTIONS = [
    "In 2018 zet Nederland geen helikopters in voor MINUSMA.",
    "Er neemt geen Belgisch personeel deel aan EUTM Mali.",
    "Bij de aanslag kwamen 12 militairen van MINUSMA om het leven.",
    "Het troepenplafond van MINUSMA blijft 13.289 militairen.",
    "In totaal zijn ongeveer 4.000 vluchtelingen teruggekeerd met steun van MINUSMA.",
    "Het Verenigd Koninkrijk levert drie Chinook-helikopters aan Operatie Barkhane.",
]


@pytest.mark.parametrize("body,expected", PASSAGES, ids=[p[0][:40] for p in PASSAGES])
def test_passage_contributions(body, expected):
    got = contributions(body)
    for want in expected:
        assert any(_matches(g, want) for g in got), f"missing {want}\n got {got}"


@pytest.mark.parametrize("body", NON_CONTRIBUTIONS)
def test_no_contribution(body):
    got = [g for g in contributions(body) if g["status"] == "asserted"]
    assert got == []


def test_parenthetical_extra_is_a_note_not_a_contribution():
    got = contributions("Aan EUTM Mali dragen bij als volgt: België 25 personen (50 extra vanaf de zomer), "
                        "Bulgarije vier personen.")
    bel = [g for g in got if "state/BEL" in g["contributor"]]
    assert len(bel) == 1 and bel[0]["personnel"] == 25 and "50 extra" in bel[0]["note"]
    assert not any(g.get("personnel") == 50 for g in got)


def test_each_contribution_implies_contributes_to_relation():
    ex = extract_letter(make_letter("Nederland levert in 2019 maximaal 80 militairen aan MINUSCA."))
    rels = [f for f in ex.facts if f.kind == "Relation" and f.props[0][0] == "contributesTo"]
    assert [(r.subject_key, r.props[0][1].key) for r in rels] == [("state/NLD", "mission/minusca")]
    contribution = next(f for f in ex.facts if f.kind == "Contribution")
    assert rels[0].evidence == contribution.evidence


def test_participation_without_numbers_gives_relations_only():
    ex = extract_letter(make_letter(
        "Naast Nederland leveren onder andere de volgende landen een bijdrage aan MINUSMA: Zweden, "
        "Noorwegen en Ierland."))
    assert not [f for f in ex.facts if f.kind == "Contribution"]
    subjects = {f.subject_key for f in ex.facts if f.kind == "Relation" and f.props[0][0] == "contributesTo"}
    assert {"state/SWE", "state/NOR", "state/IRL"} <= subjects


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_facts():
    return {p.stem: extract_path(p) for p in sorted(SEEDS.glob("*.txt"))}


def _seed_contributions(seed_facts, stem):
    return [summary(f) for f in seed_facts[stem].facts if f.kind == "Contribution"]


def test_seed_enumeration_one_per_state(seed_facts):
    got = _seed_contributions(seed_facts, "000_825a412ac6e2827a")
    eutm = [g for g in got if "mission/eutm-mali" in g["mission"] and "personnel" in g]
    assert len(eutm) == 23
    assert all(g["date"] == dt.date(2013, 4, 11) for g in eutm)
    assert any(_matches(g, dict(contributor="state/ESP", personnel=51)) for g in eutm)


def test_seed_year_series(seed_facts):
    got = _seed_contributions(seed_facts, "001_aa2575580b9ffad5")
    for year, n, quant in ((2014, 450, "Approximately"), (2016, 375, "Approximately"),
                           (2017, 290, "Approximately"), (2018, 250, "AtMost")):
        assert any(_matches(g, dict(contributor="state/NLD", mission="mission/minusma", personnel=n,
                                    year=year, quantifier=quant)) for g in got), (year, got)


def test_seed_money(seed_facts):
    got = _seed_contributions(seed_facts, "000_825a412ac6e2827a")
    assert any(_matches(g, dict(contributor="state/NLD", mission="mission/serval", amount=Decimal("3000000"),
                                quantifier="AtMost")) for g in got)
    got = _seed_contributions(seed_facts, "003_a830313f6b33047f")
    assert any(_matches(g, dict(contributor="state/NLD", mission="mission/eucap-sahel-niger",
                                amount=Decimal("4000000"), startDate=dt.date(2019, 1, 1))) for g in got)


@pytest.mark.parametrize("body,pairs", [
    ("Naast politieke steun bieden onder andere Italië, Canada en Noorwegen tevens luchttransportsteun aan "
     "Operatie Barkhane.",
     {("state/ITA", "mission/barkhane"), ("state/CAN", "mission/barkhane"), ("state/NOR", "mission/barkhane")}),
    ("De troepen van AFISMA zijn gearriveerd met logistieke ondersteuning van onder andere Denemarken, "
     "Portugal en Zweden.",
     {("state/DNK", "mission/afisma"), ("state/PRT", "mission/afisma"), ("state/SWE", "mission/afisma")}),
    ("De activiteiten uit de Duitse bijdrage aan het MINUSMA Trust Fund zijn gericht op de justitiesector.",
     {("state/DEU", "mission/minusma-trust-fund")}),
    ("De belangrijkste taak van de Belgische bijdrage is MINUSMA te voorzien van transport.",
     {("state/BEL", "mission/minusma")}),
    ("Daarnaast levert Nederland ongeoormerkte bijdragen aan de UNHCR, WFP en UNICEF.",
     {("state/NLD", "organisation/unhcr"), ("state/NLD", "organisation/wfp"), ("state/NLD", "organisation/unicef")}),
    ("Het kabinet heeft besloten de nationale mandaten van EUTM Mali (4 personen) te verlengen tot en met "
     "31 december 2021.",
     {("state/NLD", "mission/eutm-mali")}),
])
def test_participation_forms(body, pairs):
    ex = extract_letter(make_letter(body))
    got = {(f.subject_key, f.props[0][1].key) for f in ex.facts
           if f.kind == "Relation" and f.props[0][0] == "contributesTo" and f.status == "asserted"}
    assert pairs <= got, got
    assert not [f for f in ex.facts if f.kind == "Contribution" and f.evidence.exact.startswith("Naast")]


def test_troops_part_of_a_mission():
    ex = extract_letter(make_letter(
        "De 900 Senegalese troepen, inmiddels onderdeel van AFISMA, zijn samen met de Fransen actief in het "
        "westen, de Nigeriaanse troepen in het zuiden en de Togolezen rond Mopti. Ook de training van "
        "MINUSCA-troepen uit Ghana en Kenia gaat door."))
    got = {(f.subject_key, f.props[0][1].key) for f in ex.facts
           if f.kind == "Relation" and f.props[0][0] == "contributesTo"}
    assert {("state/SEN", "mission/afisma"), ("state/NGA", "mission/afisma"), ("state/TGO", "mission/afisma"),
            ("state/GHA", "mission/minusca"), ("state/KEN", "mission/minusca")} <= got
    assert ("state/FRA", "mission/afisma") not in got


def test_joint_money_contribution_names_every_giver():
    got = contributions("Het kabinet heeft besloten tot een bijdrage van 2 miljoen euro aan EUCAP Sahel Niger, "
                        "samen met Duitsland en Tsjechië.")
    assert any({"state/NLD", "state/DEU", "state/CZE"} <= g["contributor"] for g in got), got


# --------------------------------------------------------------------------- trigger words per sentence

_TRICKY = [
    "Nederland heeft\n\nmet de missie samengewerkt. Nederland levert, Duitsland levert; Frankrijk draagt bij aan X",
    "Kosten: 3 miljoen euro\nInzet van 40 militairen\n- deelname aan MINUSMA\n- bijdrage aan EUTM Mali",
    "Italië, Ierland en Kenia leveren elk een bijdrage aan MINUSMA: België 20 experts, Zweden zes experts",
    "met steun van onder andere Frankrijk en Duitsland. De Nederlandse bijdrage is beëindigd. Bijdrage aan",
    "HEEFT DE MISSIE MET DE OPERATIE. neemt dit jaar deel aan; ondersteuning van ’s lands leger, inzetDe",
    "De ſteun van X (ondersteuning van Y) en bied-steun aan Z, bood logistieke steun aan Operatie Serval",
]


def test_sentence_searches_find_the_whole_texts_trigger_and_participation_matches():
    """Searching one sentence between its bounds gives the matches the whole-text scan starts in it."""
    import bisect

    import yaml

    from sahelkg.extract.evaluate import passage_letter_text
    from sahelkg.extract.facts import contributions as cb
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split
    from sahelkg.resources import seed_letters

    texts = [p.read_text(encoding="utf-8") for p in seed_letters()]
    for f in sorted((ROOT / "tests" / "passages").glob("*.yaml")):
        for p in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("passages") or ():
            texts.append(passage_letter_text(p))
    texts += _TRICKY + [t.upper() for t in _TRICKY] + ["\n".join(_TRICKY)]
    n_trig = n_part = 0
    for i, raw in enumerate(texts):
        parsed = split(normalise(Letter(name=f"t{i}", text=raw, media_type="text/plain", encoding="utf-8", sha256="")))
        text = parsed.text
        triggers = [m.start() for m in cb._TRIGGER.finditer(text)]
        parts = list(cb._PARTICIPATION.finditer(text)) if cb._PARTICIPATION_HINT.search(text) else []
        starts = [m.start() for m in parts]
        found = cb._SentenceMatches(text)
        maybe = found.participation_sentences(parsed.sentences)
        for si, sent in enumerate(parsed.sentences):  # the per-letter superset misses no sentence with one
            if maybe is not None and found.participations(sent.start, sent.end):
                assert si in maybe, sent.text
        spans = [(s.start, s.end) for s in parsed.sentences] + [(0, len(text))]
        for s, e in spans:
            whole = parts[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
            assert [m.span() for m in found.participations(s, e)] == [m.span() for m in whole], text[s:e]
            assert found.has_trigger(s, e) == cb._any_between(triggers, s, e), text[s:e]
            n_trig += found.has_trigger(s, e)
            n_part += len(whole)
    assert n_trig > 200 and n_part > 50


def test_giver_checks_with_key_words_equal_the_plain_searches():
    """_Scope skips a search when the lower-cased window lacks its key word: same answers as searching."""
    from sahelkg.extract.facts import contributions as cb
    from sahelkg.extract.facts.modality import SpanIndex
    from sahelkg.extract.model import FactContext
    from sahelkg.extract.mentions import find_mentions
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split
    from sahelkg.resources import seed_letters

    texts = [p.read_text(encoding="utf-8") for p in seed_letters()] + _TRICKY
    texts.append("Samen met Frankrijk, door de VN en door Duitsland; ondersteuning van de Nigerese strategie door Mali.")
    n = 0
    for i, raw in enumerate(texts):
        parsed = split(normalise(Letter(name=f"g{i}", text=raw, media_type="text/plain", encoding="utf-8", sha256="")))
        ctx = FactContext(parsed=parsed, mentions=tuple(find_mentions(parsed)), quantities=(), dates=())
        fast = cb._Scope(ctx, SpanIndex(ctx.mentions), SpanIndex(()))
        plain = cb._Scope(ctx, SpanIndex(ctx.mentions), SpanIndex(()))
        plain.low = None  # no key-word shortcut: every search runs
        for m in ctx.mentions:
            assert fast._can_give(m) == plain._can_give(m), (m.surface, m.start)
            assert fast.by_actor(max(0, m.start - 30), m.end) is plain.by_actor(max(0, m.start - 30), m.end)
            n += 1
    assert n > 300


def test_searches_skipped_without_key_words_equal_the_plain_searches():
    """``_search``/``_search_slice`` (no regex run when the lower-cased span lacks every word each match
    holds) give the plain search for every pattern they are used with, on windows of the seeds."""
    from sahelkg.extract.facts import contributions as cb
    from sahelkg.extract.facts.prefilter import lowered
    from sahelkg.resources import seed_letters

    patterns = [cb._GIVING_NOUN_AFTER, cb._CABINET, cb._FUND_OF_BEFORE, cb._TO_BEFORE, cb._MONTH_WORD,
                cb._START_BEFORE, cb._END_BEFORE, cb._ANAPHOR_NOUN, cb._NOT_A_GIFT_AFTER, cb._EXTRA, cb._NOW,
                cb._PRESENT, cb._ESTIMATE]
    texts = [p.read_text(encoding="utf-8") for p in seed_letters()] + ["\n".join(_TRICKY)]
    found = 0
    for text in texts:
        low = lowered(text)
        for size in (12, 40, 200):
            for a in range(0, len(text), size // 2 + 7):
                b = a + size
                for rx in patterns:
                    span = lambda m: m and m.span()  # noqa: E731
                    want = rx.search(text, a, b)
                    assert span(cb._search(rx, text, a, b, low)) == span(want), (rx.pattern, text[a:b])
                    assert span(cb._search_slice(rx, text, a, b, low)) == span(rx.search(text[a:b]))
                    assert span(cb._search_slice(rx, text, a, b, low, True)) == span(rx.match(text[a:b]))
                    found += want is not None
    assert found > 500


def test_lead_in_end_equals_the_pattern():
    """``_ends_lead_in`` (":" at the end, else "volg" before the regex) answers as ``_LEADIN`` does."""
    from sahelkg.extract.facts import contributions as cb
    from sahelkg.resources import seed_letters

    samples = ["De bijdrage is als volgt:", "Als VOLGT", "de volgende elementen", "als\nvolgt", "volgt:  x",
               "Nederland draagt bij:", "x:", ":", "", "VOLGENDE stappen", "eindigt op volg", "ALS VOLGT"]
    for p in seed_letters():
        text = p.read_text(encoding="utf-8")
        samples += [text[i:i + 60].rstrip() for i in range(0, len(text), 23)]
    hits = 0
    for t in samples:
        t = t.rstrip()
        want = cb._LEADIN.search(t[-40:]) is not None
        assert cb._ends_lead_in(t) == want, t
        hits += want
    assert hits >= 5
