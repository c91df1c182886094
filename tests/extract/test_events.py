"""Events: passages we wrote ourselves (other groups, places, years, wordings) and the seed letters.

Every passage runs through the real pipeline steps (normalise → sentences → mentions → values →
dates) with a fixed letter date, so the tests exercise what a new letter would meet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

import pytest

from sahelkg.extract.dates import find_dates
from sahelkg.extract.facts.events import extract_events
from sahelkg.extract.mentions import find_mentions
from sahelkg.extract.model import (
    DateMention, Entity, Fact, FactContext, Letter, Mention, Normalised, Parsed, Quantity, Sentence,
)
from sahelkg.extract.normalise import normalise
from sahelkg.extract.sentences import split
from sahelkg.extract.values import find_quantities
from sahelkg.resources import seed_letters

LETTER_DATE = dt.date(2021, 11, 30)


def context(text: str, letter_date: dt.date | None = LETTER_DATE, name: str = "passage") -> FactContext:
    letter = Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    parsed = split(normalise(letter))
    return FactContext(parsed=parsed, mentions=tuple(find_mentions(parsed)),
                       quantities=tuple(find_quantities(parsed)), dates=tuple(find_dates(parsed, letter_date)),
                       letter_date=letter_date)


def events_of(text: str, **kw) -> list[Fact]:
    return [f for f in extract_events(context(text, **kw)) if f.kind == "Event"]


def keys(fact: Fact, prop: str) -> set[str]:
    return {v.key for k, v in fact.props if k == prop and isinstance(v, Entity)}


def value(fact: Fact, prop: str):
    vals = [v for k, v in fact.props if k == prop]
    return vals[0] if vals else None


def only(facts: list[Fact], etype: str) -> Fact:
    found = [f for f in facts if etype in f.types]
    assert len(found) == 1, [(f.types, f.evidence.exact) for f in facts]
    return found[0]


# --------------------------------------------------------------------------- passages: one event each

# (passage, type, date-or-(start, end), places, agents, affected, fatalities)
EVENT_CASES = [
    ("Op 4 juni jl. pleegde ISGS een aanslag op een legerpost in Ménaka, waarbij twaalf militairen om het leven kwamen.",
     "Attack", dt.date(2021, 6, 4), {"place/menaka"}, {"group/isgs"}, set(), 12),
    ("Bij een hinderlaag nabij Djibo werden op 3 augustus jl. 14 soldaten gedood door strijders van Ansaroul Islam.",
     "Attack", dt.date(2021, 8, 3), {"place/djibo"}, {"group/ansarul-islam"}, set(), 14),
    ("Op 9 en 10 oktober jl. vielen JNIM-strijders het kamp in Boulkessi aan.",
     "Attack", (dt.date(2021, 10, 9), dt.date(2021, 10, 10)), {"place/boulkessi"}, {"group/jnim"}, set(), None),
    ("In Tillabéri kwamen bij een aanval door ISWAP op 2 januari jl. zeventig burgers om het leven.",
     "Attack", dt.date(2021, 1, 2), {"place/tillaberi"}, {"group/iswap"}, set(), 70),
    ("Op 18 augustus 2020 vond in Mali een staatsgreep plaats onder leiding van kolonel Goïta.",
     "Coup", dt.date(2020, 8, 18), {"state/MLI"}, {"person/assimi-goita"}, set(), None),
    ("In januari jl. pleegde Damiba een staatsgreep in Burkina Faso, waarbij hij president Kaboré afzette.",
     "Coup", (dt.date(2021, 1, 1), dt.date(2021, 1, 31)), {"state/BFA"}, {"person/paul-henri-sandaogo-damiba"},
     {"person/roch-marc-christian-kabore"}, None),
    ("Op 25 april 2013 besloot de VN-Veiligheidsraad tot de oprichting en lancering van MINUSMA.",
     "Launch", dt.date(2013, 4, 25), set(), {"organisation/un-security-council"}, {"mission/minusma"}, None),
    ("Op 1 juli 2019 heeft de Raad Buitenlandse Zaken het mandaat van EUCAP Sahel Niger verlengd tot 30 september 2020.",
     "Extension", dt.date(2019, 7, 1), set(), {"organisation/council-of-the-eu"}, {"mission/eucap-sahel-niger"}, None),
    ("In maart 2020 trok Tsjaad zich terug uit de strijd tegen Boko Haram in Nigeria.",
     "Withdrawal", (dt.date(2020, 3, 1), dt.date(2020, 3, 31)), {"state/NGA"}, {"state/TCD"}, set(), None),
    ("Op 12 mei jl. kondigde Frankrijk de terugtrekking van Barkhane uit Mali aan.",
     "Withdrawal", dt.date(2021, 5, 12), {"state/MLI"}, set(), {"mission/barkhane"}, None),
    ("Op 3 juni jl. werd de samenwerking met de Malinese strijdkrachten door Frankrijk opgeschort.",
     "Suspension", dt.date(2021, 6, 3), set(), {"state/FRA"}, set(), None),
    ("De operaties van EUTM Mali in Mopti zijn op 1 april jl. beëindigd.",
     "Termination", dt.date(2021, 4, 1), {"place/mopti"}, set(), {"mission/eutm-mali"}, None),
    ("Op 20 juni 2015 ondertekenden de regering van Mali en de CMA in Bamako een vredesakkoord.",
     "Agreement", dt.date(2015, 6, 20), {"place/bamako"}, {"group/cma"}, set(), None),
    ("Op 5 mei jl. is in Gao een staakt-het-vuren tussen de CMA en GATIA overeengekomen.",
     "Ceasefire", dt.date(2021, 5, 5), {"place/gao"}, {"group/cma", "group/gatia"}, set(), None),
    ("Op 14 september jl. werd in Niamey een leider van ISGS gearresteerd door de Nigerese politie.",
     "Detention", dt.date(2021, 9, 14), {"place/niamey"}, {"state/NER"}, set(), None),
    ("In 2017 fuseerden Ansar al-Dine en al-Murabitun tot JNIM.",
     "Merger", (dt.date(2017, 1, 1), dt.date(2017, 12, 31)), set(), {"group/ansar-al-dine", "group/al-mourabitoun"},
     {"group/jnim"}, None),
    ("Op 2 februari jl. heeft de ECOWAS sancties opgelegd tegen Mali.",
     "Sanction", dt.date(2021, 2, 2), set(), {"organisation/ecowas"}, set(), None),
    ("Op 26 september jl. kwamen bij een aanslag op een konvooi in Burkina Faso elf militairen om het leven.",
     "Attack", dt.date(2021, 9, 26), {"state/BFA"}, set(), set(), 11),
    ("Een IED-explosie nabij Tessalit doodde op 2 oktober jl. drie blauwhelmen van MINUSMA.",
     "Attack", dt.date(2021, 10, 2), {"place/tessalit"}, set(), {"mission/minusma"}, 3),
    ("Op 14 april jl. werd bij Aguelhok een konvooi van MINUSMA beschoten door strijders van JNIM.",
     "Attack", dt.date(2021, 4, 14), {"place/aguelhok"}, {"group/jnim"}, {"mission/minusma"}, None),
    ("Bij een aanval op een patrouille van de Nigerese strijdkrachten in Diffa vielen op 8 juni jl. zes doden.",
     "Attack", dt.date(2021, 6, 8), {"place/diffa"}, set(), {"state/NER"}, 6),
]


@pytest.mark.parametrize("text,etype,when,places,agents,affected,fatalities", EVENT_CASES,
                         ids=[c[1] + "-" + str(i) for i, c in enumerate(EVENT_CASES)])
def test_event_passages(text, etype, when, places, agents, affected, fatalities):
    ev = only(events_of(text), etype)
    if isinstance(when, tuple):
        assert (value(ev, "startDate"), value(ev, "endDate")) == when
    else:
        assert value(ev, "date") == when
    assert places <= keys(ev, "place")
    assert agents <= keys(ev, "agent")
    assert affected <= keys(ev, "affected")
    assert value(ev, "fatalities") == fatalities
    assert ev.status == "asserted"


def test_attack_with_several_days_is_one_event_per_day():
    text = "In de regio Mopti voert Katiba Macina regelmatig aanvallen uit, laatstelijk op 2, 5 en 9 maart jl."
    attacks = [f for f in events_of(text) if "Attack" in f.types]
    assert sorted(value(f, "date") for f in attacks) == [dt.date(2021, 3, 2), dt.date(2021, 3, 5), dt.date(2021, 3, 9)]
    assert all(keys(f, "agent") == {"group/katiba-macina"} and keys(f, "place") == {"place/mopti"} for f in attacks)
    assert len({f.subject_key for f in attacks}) == 3


def test_agent_taken_from_the_sentence_before():
    text = ("ISWAP is de laatste maanden actiever geworden. Zo werd op 7 juli jl. een aanslag gepleegd op "
            "een markt in Diffa, waarbij vier burgers en een politieagent om het leven kwamen.")
    ev = only(events_of(text), "Attack")
    assert keys(ev, "agent") == {"group/iswap"}
    assert value(ev, "fatalities") == 5


def test_place_from_the_sentence_that_elaborates():
    text = ("Vorige week laaide op 2 maart jl. de strijd tussen GATIA en de CMA weer op. Hierdoor is de onrust "
            "toegenomen, vooral in de regio Ménaka.")
    ev = only(events_of(text), "Attack")
    assert keys(ev, "place") == {"place/menaka"} and {"group/gatia", "group/cma"} <= keys(ev, "agent")


def test_decision_in_perfect_tense_is_dated_by_the_letter():
    ev = only(events_of("Het kabinet heeft besloten de ambassade in Bamako tijdelijk te sluiten."), "Decision")
    assert value(ev, "date") == LETTER_DATE
    assert keys(ev, "agent") == {"state/NLD"} and keys(ev, "place") == {"place/bamako"}


def test_own_contribution_decided_now_is_a_contribution_not_an_event():
    assert events_of("Het kabinet heeft daarom besloten om een bijdrage van twee trainers aan EUTM Mali te leveren.") == []
    past = only(events_of("In 2019 besloot het kabinet een bijdrage te leveren aan EUTM Mali."), "Decision")
    assert value(past, "startDate") == dt.date(2019, 1, 1) and keys(past, "affected") == {"mission/eutm-mali"}


def test_own_mandate_extension_is_left_to_the_mandate_extractor():
    text = "Het kabinet heeft daarom besloten om de Nederlandse inzet in MINUSMA te verlengen tot en met 31 december 2022."
    assert events_of(text) == []
    other = only(events_of("Op 3 juni jl. heeft de Raad Buitenlandse Zaken besloten EUTM Mali te verlengen tot en met "
                           "mei 2024."), "Decision")
    assert "Extension" in other.types and value(other, "endDate") == dt.date(2024, 5, 31)


def test_decision_absorbs_what_it_decides():
    ev = only(events_of("Op 8 maart jl. besloot de Raad Buitenlandse Zaken tot opschorting van EUTM Mali."), "Decision")
    assert set(ev.types) == {"Event", "Decision", "Suspension"}
    assert value(ev, "date") == dt.date(2021, 3, 8)


def test_same_holds_for_another_mission():
    text = ("Op 4 mei jl. is besloten EUTM Mali uit Mali terug te trekken. Dat geldt ook voor EUCAP Sahel Mali. "
            "Dit geldt eveneens voor de Franse operatie Barkhane in Niger.")
    evs = [f for f in events_of(text) if "Decision" in f.types]
    assert len(evs) == 3 and {value(f, "date") for f in evs} == {dt.date(2021, 5, 4)}
    assert keys(evs[0], "affected") == {"mission/eutm-mali"}
    assert keys(evs[1], "affected") == {"mission/eucap-sahel-mali"} and keys(evs[1], "place") == {"state/MLI"}
    assert keys(evs[2], "affected") == {"mission/barkhane"}
    assert events_of("Dat geldt ook voor EUCAP Sahel Mali.") == []  # nothing before it to repeat
    text2 = "Op 4 mei jl. is besloten EUTM Mali uit Mali terug te trekken. Dit geldt eveneens voor de Franse operatie Barkhane in Niger."
    (_, second) = [f for f in events_of(text2) if "Decision" in f.types]
    assert keys(second, "affected") == {"mission/barkhane"} and keys(second, "place") == {"state/NER"}
    assert keys(second, "agent") == {"state/FRA"}


def test_suspended_activities_of_missions_named_before():
    text = ("EUTM RCA traint de Centraal-Afrikaanse strijdkrachten. MINUSCA beschermt de burgers.\n\n"
            "Op 5 mei jl. is besloten de trainingsactiviteiten in de Centraal-Afrikaanse Republiek op te schorten.")
    ev = only(events_of(text), "Suspension")
    assert {"mission/eutm-rca", "mission/minusca"} <= keys(ev, "affected")


def test_same_event_told_twice_is_one_node():
    text = ("Op 24 mei jl. vond in Mali een staatsgreep plaats. Na de staatsgreep in Mali van 24 mei jl. "
            "schortte de Afrikaanse Unie het lidmaatschap van Mali op.")
    coups = [f for f in events_of(text) if "Coup" in f.types]
    assert len(coups) == 1 and value(coups[0], "date") == dt.date(2021, 5, 24)


# --------------------------------------------------------------------------- nothing, or not asserted

NOT_EVENTS = [
    "De aanval op de basis in Gao heeft niet plaatsgevonden.",
    "De missie houdt zich niet bezig met de lancering van operaties tegen JNIM.",
    "Indien zou worden besloten de missie te beëindigen, heeft dat gevolgen voor Niger.",
    "Het kabinet heeft niet besloten de bijdrage aan EUTM Mali te verlengen.",
    "Is het waar dat ISGS op 3 mei jl. een aanslag pleegde in Ménaka?",
    "In Centraal-Mali worden de Malinese strijdkrachten dagelijks geconfronteerd met aanslagen en hinderlagen.",
    "De toename van het aantal aanslagen in Burkina Faso baart zorgen.",
    "Het CMA heeft het handvest nog niet ondertekend.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_no_event(text):
    assert [(f.types, f.status) for f in events_of(text) if f.status == "asserted"] == []


@pytest.mark.parametrize("text,status", [
    ("Frankrijk zal op 1 maart 2022 de terugtrekking van Barkhane uit Mali beginnen.", "planned"),
    ("Italië heeft laten weten zijn inzet in EUTM Mali in juni 2023 te beëindigen.", "planned"),
    ("Er wordt overwogen om op 1 januari 2022 de opschorting van EUTM Mali te beëindigen.", "considered"),
])
def test_planned_and_considered(text, status):
    evs = events_of(text)
    assert evs and all(f.status == status for f in evs)


# --------------------------------------------------------------------------- relations events emit


def test_merger_emits_merged_into_for_each_group():
    facts = extract_events(context("In maart 2017 kondigden AQIM, Ansar al-Dine en al-Murabitun een fusie aan "
                                   "onder de naam JNIM."))
    rels = {(f.subject_key, f.props[0][0], f.props[0][1].key) for f in facts if f.kind == "Relation"}
    assert rels == {(g, "mergedInto", "group/jnim") for g in ("group/aqim", "group/ansar-al-dine", "group/al-mourabitoun")}


def test_signatories_listed_after_a_participle():
    facts = extract_events(context("Op 3 maart jl. is een slotverklaring aangenomen, ondertekend door onder meer de "
                                   "landen van de G5 Sahel, waaronder Niger en Tsjaad."))
    signed = {f.subject_key for f in facts if f.kind == "Relation" and f.props[0][0] == "signatoryOf"}
    assert {"state/NER", "state/TCD"} <= signed


def test_announced_withdrawal_of_troops():
    text = ("Enkele troepenleverende landen hebben laten weten hun bijdrage aan UNIFIL terug te trekken, zoals Ierland "
            "en Finland. Ook Italië heeft aangekondigd zijn deelname aan UNIFIL in mei 2023 te beëindigen.")
    facts = extract_events(context(text))
    evs = [f for f in facts if f.kind == "Event"]
    w = only(evs, "Withdrawal")
    assert keys(w, "agent") == {"state/IRL", "state/FIN"} and keys(w, "affected") == {"mission/unifil"}
    assert w.status == "planned"  # announced, no date: not yet happened
    t = only(evs, "Termination")
    assert keys(t, "agent") == {"state/ITA"} and keys(t, "affected") == {"mission/unifil"}
    assert value(t, "startDate") == dt.date(2023, 5, 1) and t.status == "planned"
    contributing = {f.subject_key for f in facts if f.kind == "Relation" and f.props[0][0] == "contributesTo"
                    and f.status == "asserted"}
    assert contributing == {"state/IRL", "state/FIN", "state/ITA"}
    intended = extract_events(context("Spanje is voornemens zijn bijdrage aan UNIFIL in 2024 te beëindigen."))
    assert [f.status for f in intended] == ["planned", "planned"]  # the event and its contributesTo


def test_agreement_signatories_point_at_the_agreement_event():
    facts = extract_events(context("Op 15 mei 2015 hebben Mali en de Platform het vredesakkoord ondertekend. "
                                   "De CMA heeft het akkoord op 20 juni 2015 ondertekend."))
    agreements = [f for f in facts if f.kind == "Event" and "Agreement" in f.types]
    signed = {(f.subject_key, f.props[0][1].key) for f in facts if f.kind == "Relation"}
    assert {f.props[0][0] for f in facts if f.kind == "Relation"} == {"signatoryOf"}
    event_keys = {f.subject_key for f in agreements}
    assert {s for s, _ in signed} >= {"state/MLI", "group/platform", "group/cma"}
    assert {o for _, o in signed} <= event_keys


# --------------------------------------------------------------------------- a hand-built context


def test_hand_built_context_without_gazetteer():
    """Works on any FactContext: unknown entities, quantities and dates given by hand."""
    text = "Op 3 mei 2019 viel de Nieuwe Brigade het dorp Kalaa aan, waarbij 23 dorpelingen werden gedood."
    letter = Letter("hand", text, "text/plain", "utf-8", "x")
    norm = Normalised(letter, text, tuple(range(len(text) + 1)))
    parsed = Parsed(norm, (Sentence(0, len(text), text),))
    brigade = Entity("group/nieuwe-brigade", "ArmedGroup", unlinked=True)
    kalaa = Entity("place/kalaa", "Place", unlinked=True)
    b, k = text.index("Nieuwe Brigade"), text.index("Kalaa")
    n = text.index("23")
    ctx = FactContext(parsed, (Mention(b, b + 14, "Nieuwe Brigade", brigade, 0), Mention(k, k + 5, "Kalaa", kalaa, 0)),
                      (Quantity(n, n + 2, __import__("decimal").Decimal(23), "persons", noun="dorpelingen"),),
                      (DateMention(3, 13, "day", dt.date(2019, 5, 3), year=2019),), dt.date(2019, 6, 1))
    ev = only([f for f in extract_events(ctx) if f.kind == "Event"], "Attack")
    assert keys(ev, "agent") == {"group/nieuwe-brigade"} and keys(ev, "place") == {"place/kalaa"}
    assert value(ev, "fatalities") == 23 and value(ev, "date") == dt.date(2019, 5, 3)
    assert ev.evidence.exact == text[ev.evidence.start:ev.evidence.end]
    assert ev.subject_key.startswith("event/hand-")


# --------------------------------------------------------------------------- the seed letters


@lru_cache(maxsize=None)
def seed_facts(prefix: str) -> tuple[Letter, tuple[Fact, ...]]:
    from sahelkg.extract.pipeline import extract_path
    path = next(p for p in seed_letters() if p.name.startswith(prefix))
    ex = extract_path(path)
    return ex.letter, ex.facts


def seed_events(prefix: str) -> list[Fact]:
    return [f for f in seed_facts(prefix)[1] if f.kind == "Event"]


def find(events, etype, **props):
    out = []
    for f in events:
        if etype not in f.types:
            continue
        if all((value(f, k) == v) if not isinstance(v, set) else v <= keys(f, k) for k, v in props.items()):
            out.append(f)
    return out


@pytest.mark.parametrize("prefix,etype,props", [
    # 000: MUJAO's attacks in the Gao region "laatstelijk op 23, 24 maart en 1 april"
    ("000", "Attack", {"date": dt.date(2013, 3, 23), "place": {"place/gao"}, "agent": {"group/mujao"}}),
    ("000", "Attack", {"date": dt.date(2013, 3, 24), "place": {"place/gao"}, "agent": {"group/mujao"}}),
    ("000", "Attack", {"date": dt.date(2013, 4, 1), "place": {"place/gao"}, "agent": {"group/mujao"}}),
    ("000", "Attack", {"date": dt.date(2013, 3, 20), "place": {"place/timbuktu"}, "agent": {"group/mujao"}}),
    ("000", "Attack", {"startDate": dt.date(2013, 3, 30), "endDate": dt.date(2013, 3, 31), "agent": {"group/aqim"}}),
    ("000", "Launch", {"date": dt.date(2013, 1, 11), "agent": {"state/FRA"}, "affected": {"mission/serval"}}),
    ("000", "Decision", {"date": dt.date(2013, 1, 18), "agent": {"organisation/council-of-the-eu"}}),
    # 001: the attack of 15 August 2017 ("zes Malinezen en een VN-soldaat" = 7 dead), the JNIM merger
    ("001", "Attack", {"date": dt.date(2017, 8, 15), "place": {"place/timbuktu", "place/douentza"}, "fatalities": 7}),
    ("001", "Attack", {"date": dt.date(2017, 6, 18), "fatalities": 5, "agent": {"group/jnim"}}),
    ("001", "Merger", {"startDate": dt.date(2017, 3, 1), "affected": {"group/jnim"},
                       "agent": {"group/aqim", "group/ansar-al-dine"}}),
    ("001", "Ceasefire", {"date": dt.date(2017, 8, 23), "agent": {"group/cma", "group/platform"}}),
    ("001", "Release", {"date": dt.date(2017, 8, 11), "agent": {"group/cma"}, "affected": {"group/platform"}}),
    ("001", "Extension", {"date": dt.date(2017, 6, 29), "agent": {"organisation/un-security-council"}}),
    # 003: coups in Burkina Faso, Mali's detention of Ivorian soldiers, leaving the G5 Sahel
    ("003", "Coup", {"startDate": dt.date(2022, 9, 30), "endDate": dt.date(2022, 10, 2), "place": {"state/BFA"}}),
    ("003", "Coup", {"startDate": dt.date(2022, 1, 1), "agent": {"person/paul-henri-sandaogo-damiba"}}),
    ("003", "Detention", {"date": dt.date(2022, 7, 10), "agent": {"state/MLI"}, "affected": {"state/CIV"}}),
    ("003", "Withdrawal", {"date": dt.date(2022, 5, 15), "agent": {"state/MLI"}, "affected": {"organisation/g5-sahel"}}),
    ("003", "Attack", {"date": dt.date(2022, 7, 22), "place": {"place/kati"}, "agent": {"group/jnim"}}),
    ("003", "Termination", {"startDate": dt.date(2022, 6, 1), "affected": {"mission/takuba"}}),
    # 004: the decision to withdraw Takuba, taken the day of the letter
    ("004", "Decision", {"date": dt.date(2022, 2, 17), "affected": {"mission/takuba"}, "place": {"state/MLI"}}),
])
def test_seed_events(prefix, etype, props):
    evs = seed_events(prefix)
    assert find(evs, etype, **props), [(f.types, f.props) for f in evs if etype in f.types]


def test_seed_002_has_no_events():
    assert seed_events("002") == []


@pytest.mark.parametrize("prefix,quote", [
    ("001", "Indien zou worden besloten"),
    ("001", "heeft het handvest nog niet ondertekend"),
    ("003", "Het nationale mandaat zal niet worden verlengd"),
    ("003", "Ook Duitsland heeft aangekondigd zijn deelname aan MINUSMA in mei 2024"),
    ("003", "worden op korte termijn vastgesteld"),
    ("000", "Frankrijk is voornemens om in de komende periode"),
])
def test_seed_non_facts_are_not_asserted(prefix, quote):
    letter, facts = seed_facts(prefix)
    at = letter.text.find(quote)
    assert at >= 0
    hits = [f for f in facts if f.kind == "Event" and f.status == "asserted"
            and f.evidence.start < at + len(quote) and at < f.evidence.end]
    assert hits == []


def test_seed_evidence_is_the_letter_text_and_keys_are_unique():
    for p in seed_letters():
        letter, facts = seed_facts(p.name[:3])
        evs = [f for f in facts if f.kind == "Event"]
        assert len({f.subject_key for f in evs}) == len(evs)
        for f in evs:
            assert f.evidence.exact == letter.text[f.evidence.start:f.evidence.end]
            assert f.subject_key.startswith(f"event/{letter.name}-")


@pytest.mark.parametrize("body", [
    "# Verslag van een commissiedebat\n\nVastgesteld 20 juli 2023\n\nDe commissie sprak over de terugtrekking uit Mali.",
    "**VERSLAG VAN EEN SCHRIFTELIJK OVERLEG**\n\nVastgesteld 4 februari 2016\n\nDe leden stelden vragen over MINUSMA.",
])
def test_adoption_line_of_a_report_is_no_decision(body):
    from sahelkg.extract import extract_letter

    text = f"Tweede Kamer der Staten-Generaal\n\n{body}\n"
    letter = Letter(name="report", text=text, media_type="text/plain", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    assert [f for f in extract_letter(letter).facts if "Decision" in f.types] == []


@pytest.mark.parametrize("body,date", [
    ("Op 10 december 2019 viel de groepering Islamitische Staat in de Grote Sahara een kamp van het Nigerese "
     "leger in Inates aan.", dt.date(2019, 12, 10)),
    ("Op 14 mei 2021 vielen zwaarbewapende strijders van de aan al-Qaida gelieerde JNIM een konvooi van het "
     "Malinese leger bij Boni aan.", dt.date(2021, 5, 14)),
])
def test_attack_with_a_long_object_between_the_verb_parts(body, date):
    from sahelkg.extract import extract_letter

    text = f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 1 juni 2021\n\n{body}\n"
    letter = Letter(name="attack", text=text, media_type="text/plain", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    attacks = [dict(f.props) for f in extract_letter(letter).facts if "Attack" in f.types]
    assert any(a.get("date") == date for a in attacks), attacks


# --------------------------------------------------------------------------- QA F6, F7, F8, F11 (issue 4)


@pytest.mark.parametrize("follow_up,dead", [
    ("Daarbij kwamen vier Tsjadische blauwhelmen om het leven.", 4),
    ("Hierbij sneuvelden twee militairen.", 2),
    ("Bij de aanslag vielen twaalf doden.", 12),
    ("Daarbij kwamen 7 militairen en een tolk om het leven.", 8),
])
def test_dead_told_in_the_next_sentence(follow_up, dead):
    ev = only(events_of(f"Op 3 april jl. werd een konvooi van MINUSMA nabij Kidal aangevallen door JNIM. {follow_up}"),
              "Attack")
    assert value(ev, "fatalities") == dead and value(ev, "date") == dt.date(2021, 4, 3)
    assert ev.evidence.exact.endswith(follow_up)  # the evidence holds the sentence that tells the dead


@pytest.mark.parametrize("follow_up", [
    "Daarbij vielen geen slachtoffers.",
    "Daarbij kwamen geen militairen om het leven.",
    "Het kabinet veroordeelt de aanval. Daarbij kwamen drie militairen om het leven.",  # not right after
    "\nDaarbij kwamen drie militairen om het leven.",  # another paragraph
    "Kwamen daarbij militairen om het leven?",
])
def test_no_dead_from_a_next_sentence_that_does_not_tell_them(follow_up):
    text = f"Op 3 april jl. werd een konvooi van MINUSMA nabij Kidal aangevallen door JNIM.\n{follow_up}"
    ev = only(events_of(text), "Attack")
    assert value(ev, "fatalities") is None
    assert ev.evidence.exact == "Op 3 april jl. werd een konvooi van MINUSMA nabij Kidal aangevallen door JNIM."


@pytest.mark.parametrize("text,when,places,agents,dead", [
    ("Op 3 juni jl. hebben strijders van ISGS in Tillabéri zeventien burgers gedood.",
     dt.date(2021, 6, 3), {"place/tillaberi"}, {"group/isgs"}, 17),
    ("JNIM heeft op 14 maart jl. in de regio Mopti twaalf dorpelingen vermoord.",
     dt.date(2021, 3, 14), {"place/mopti"}, {"group/jnim"}, 12),
    ("Van 27 tot en met 30 oktober 2020 hebben het Malinese leger en de Wagner-groep in Ségou ongeveer 40 mensen "
     "gedood.", (dt.date(2020, 10, 27), dt.date(2020, 10, 30)), {"place/segou"},
     {"organisation/fama", "organisation/wagner-group"}, 40),
])
def test_killing_told_with_the_perpetrator_as_subject(text, when, places, agents, dead):
    ev = only(events_of(text), "Attack")
    if isinstance(when, tuple):
        assert (value(ev, "startDate"), value(ev, "endDate")) == when
    else:
        assert value(ev, "date") == when
    assert keys(ev, "place") == places and keys(ev, "agent") == agents
    assert value(ev, "fatalities") == dead and ev.status == "asserted"


@pytest.mark.parametrize("text,status", [
    ("Er zijn geen aanwijzingen dat JNIM op 3 mei jl. in Gao burgers heeft gedood.", None),
    ("Mogelijk hebben strijders van ISGS op 1 mei jl. bij Ménaka burgers gedood.", "considered"),
])
def test_killing_denied_or_only_possible(text, status):
    assert [f.status for f in events_of(text)] == ([status] if status else [])


@pytest.mark.parametrize("text,agents,place", [
    ("De missie MINUSMA moet uiterlijk 31 december 2021 uit Mali vertrokken zijn.", {"mission/minusma"}, {"state/MLI"}),
    ("MINUSMA dient uiterlijk 31 december 2021 Mali te hebben verlaten.", {"mission/minusma"}, {"state/MLI"}),
])
def test_withdrawal_by_a_deadline_is_planned_with_its_end(text, agents, place):
    ev = only(events_of(text, letter_date=dt.date(2021, 6, 30)), "Withdrawal")
    assert ev.status == "planned"
    assert value(ev, "endDate") == dt.date(2021, 12, 31) and value(ev, "date") is None
    assert keys(ev, "agent") | keys(ev, "affected") == agents and keys(ev, "place") == place


def test_deadline_withdrawal_is_not_merged_into_a_dated_one():
    text = ("De terugtrekking van MINUSMA uit Mali moet uiterlijk 31 december 2021 zijn afgerond.\n\n"
            "De laatste Nederlandse stafofficieren verlaten MINUSMA in augustus 2021.")
    evs = [f for f in events_of(text, letter_date=dt.date(2021, 6, 30)) if "Withdrawal" in f.types]
    deadline = [f for f in evs if value(f, "endDate") == dt.date(2021, 12, 31) and value(f, "startDate") is None]
    assert len(deadline) == 1 and "mission/minusma" in keys(deadline[0], "affected") | keys(deadline[0], "agent")
    assert deadline[0].status == "planned"


@pytest.mark.parametrize("text,when,places,affected,dead", [
    ("Op 25 november jl. kwamen bij een helikopterongeval in Mali dertien Franse militairen om het leven.",
     dt.date(2021, 11, 25), {"state/MLI"}, {"state/FRA"}, 13),
    ("Op 12 juli jl. stortte een transporthelikopter van MINUSMA nabij Gao neer. Daarbij kwamen twee "
     "bemanningsleden om het leven.", dt.date(2021, 7, 12), {"place/gao"}, {"mission/minusma"}, 2),
    ("Op 4 februari jl. is een Tiger-helikopter van Operatie Barkhane in Ménaka neergestort, waarbij twee piloten "
     "omkwamen.", dt.date(2021, 2, 4), {"place/menaka"}, {"mission/barkhane"}, 2),
    ("Bij een verkeersongeluk in Bamako verongelukten op 9 augustus jl. vier Duitse militairen van EUTM Mali.",
     dt.date(2021, 8, 9), {"place/bamako"}, {"mission/eutm-mali", "state/DEU"}, 4),
])
def test_crash_or_accident_with_its_dead(text, when, places, affected, dead):
    evs = events_of(text)
    ev = only(evs, "Accident")
    assert not [f for f in evs if "Attack" in f.types]  # an accident is no attack
    assert value(ev, "date") == when and keys(ev, "place") == places
    assert keys(ev, "affected") == affected and keys(ev, "agent") == set()
    assert value(ev, "fatalities") == dead and ev.status == "asserted"
    assert value(ev, "label").startswith("ongeval")


def test_accident_only_considered_or_undated_is_no_event():
    assert events_of("Het kabinet onderzoekt of de helikopter van MINUSMA zou kunnen neerstorten.") == []
    assert events_of("Bij helikopterongevallen komen jaarlijks militairen om het leven.") == []


def test_event_noun_lookbehind_changes_no_match():
    """``_EVENT_NOUN`` starts only where a run of word characters and hyphens starts: the same matches as
    the pattern without that lookbehind (the greedy run already reaches the run's last fitting noun)."""
    import random
    import re

    from sahelkg.extract.facts.events import _EVENT_NOUN

    lookbehind = "(?<![\\w-])"
    assert _EVENT_NOUN.pattern.startswith(lookbehind)
    plain = re.compile(_EVENT_NOUN.pattern[len(lookbehind):], _EVENT_NOUN.flags)
    rng = random.Random(3)
    pieces = ["aanslag", "AANVAL", "len", "en", "es", "ken", "-", " ", "x", "zelfmoord", "crash", "ongeval",
              "gevecht", "ongeluk", "s", "2", "_", ", ", "hinderlaag", "beschieting", "é"]
    for _ in range(20000):
        window = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        assert [m.span() for m in _EVENT_NOUN.finditer(window)] == [m.span() for m in plain.finditer(window)], window


def test_until_and_since_words_are_necessary():
    """``_dates`` tries the until/since patterns only when the text before a date (ASCII) holds one of
    their words: never a match skipped, also with upper case, other whitespace and non-ASCII text."""
    import random

    from sahelkg.extract.facts.events import _SINCE_WORDS, _UNTIL_WORDS, _before_words, config

    cfg = config()
    rng = random.Random(9)
    pieces = ["tot ", "TOT\ten ", "met ", "t/m ", "uiterlijk ", "Tot eind ", "medio ", "vanaf ", "Per ", "sinds ",
              "met ingang van ", "de ", "mei ", "x", " ", "\u00a0", "\u212a", "tijdens ", "Uiterlijk\n"]
    for _ in range(5000):
        pre = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        words = _before_words(pre)
        for rx, needed in ((cfg.until, _UNTIL_WORDS), (cfg.since, _SINCE_WORDS)):
            if rx.search(pre):
                assert words is None or needed.search(words), (pre, rx.pattern)


def test_words_before_kept_per_letter_are_the_words_before():
    """``words_before`` keeps its answers per position for the current text: the same words as reading
    them afresh, for every ``n``, also after another text (with the same positions) came in between."""
    import random

    from sahelkg.extract.facts.events import _WORD_TOKENS, words_before

    def plain(text, pos, lo, n):
        return [w.lower() for w in _WORD_TOKENS.findall(text[max(lo, pos - 80):pos])][-n:]

    rng = random.Random(5)
    words = ["de", "Aanval", "op", "het", "kamp", "van", "MINUSMA", "in", "Gao", "Ééntje", "t/m", "o.a.", ",", "(", "m.n."]
    texts = [" ".join(rng.choice(words) for _ in range(300)) for _ in range(3)]
    for _ in range(3000):
        text = rng.choice(texts)
        pos = rng.randrange(len(text) + 1)
        lo = rng.randrange(pos + 1)
        n = rng.choice((4, 5, 6))
        assert words_before(text, pos, lo, n) == plain(text, pos, lo, n)


def test_guards_answer_the_same_with_the_sentence_noted():
    """A guard asked inside the sentence noted by ``_guard_sentence`` answers as without the note."""
    import random

    from sahelkg.extract.facts import events as ev

    g = ev.guards()
    every = [*g.near.values(), *(getattr(g, f) for f in ev._Guards.__dataclass_fields__ if f != "near")]
    rng = random.Random(4)
    pieces = ["Het kabinet heeft besloten ", "zal ", "om het leven ", "mogelijk ", "aanslag ", "vandaag ",
              "diverse ", "niet ", "moet ", "tot ", "ondertekend ", "de ", "x ", "Kwamen drie om ", "is "]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        start = rng.randrange(len(text))
        end = rng.randrange(start, len(text) + 1)
        windows = []
        for _ in range(10):
            lo = rng.randrange(start, end + 1)
            windows.append((lo, rng.randrange(lo, end + 1)))
        ev._GUARD_SENTENCE[0] = (None, 0, 0, frozenset())
        plain = [guard.may(text, lo, hi) for guard in every for lo, hi in windows]
        ev._guard_sentence(text, start, end)
        assert [guard.may(text, lo, hi) for guard in every for lo, hi in windows] == plain, text
    assert not all(plain)


def test_sentence_views_mentions_and_paragraphs_as_one_by_one():
    """``_mentions_per_sentence`` and ``_paragraphs`` (slices and maps) give what the plain loop gives:
    each mention to the last sentence starting at or before it when it ends at most one past that
    sentence's end; a new paragraph after a gap holding "\\n\\n". Random sentences (also empty ones and
    equal starts) and mentions (also before the first sentence and running past their sentence)."""
    import random
    from bisect import bisect_right

    from sahelkg.extract.facts.events import _mentions_per_sentence, _paragraphs

    class M:
        def __init__(self, start, end):
            self.start, self.end = start, end

    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(["a", " ", "\n", "\n\n", "b."]) for _ in range(rng.randint(0, 60)))
        cuts = sorted(rng.randrange(len(text) + 1) for _ in range(rng.randint(0, 8)))
        starts = cuts
        ends = [min(len(text), s + rng.randint(0, 12)) for s in starts]
        ms = []
        for _ in range(rng.randint(0, 15)):
            st = rng.randrange(len(text) + 1)
            ms.append(M(st, st + rng.randint(0, 8)))
        ms.sort(key=lambda m: m.start)
        plain = [[] for _ in starts]
        for m in ms:
            i = bisect_right(starts, m.start) - 1
            if 0 <= i < len(starts) and m.end <= ends[i] + 1:
                plain[i].append(m)
        assert _mentions_per_sentence(ms, [m.start for m in ms], starts, ends) == plain
        para, paras = 0, []
        for i in range(len(starts)):
            if i and text.find("\n\n", ends[i - 1], starts[i]) >= 0:
                para += 1
            paras.append(para)
        assert _paragraphs(text, starts, ends) == paras


def _events_one_by_one(ctx: FactContext):
    """``extract_events`` as it read every sentence in turn (the plain form of its loop)."""
    from sahelkg.extract.facts import events as ev

    views = ev.sentence_views(ctx)
    dates = ev._by_start(ctx.dates).items
    drafts = []
    for v, may in zip(views, ev._trigger_candidates(ctx.text, views)):
        found = ev._drafts_for_sentence(ctx, views, v, dates, may) if may else None
        if not found and drafts and drafts[-1].sentence.index == v.index - 1:
            found = ev._same_for(ctx, v, views, drafts)
        if found:
            drafts.extend(found)
    ev._attach_signatories(ctx, drafts)
    return ev._to_facts(ctx, ev._merge(drafts))


def test_reading_only_candidate_sentences_and_their_followers_is_reading_all():
    """Skipping the sentences no trigger may occur in (but not those right after an event, where
    "Hetzelfde geldt voor …" may repeat it, also twice in a row) gives the facts of reading them all."""
    text = ("Op 3 mei 2021 heeft Frankrijk besloten de operatie Barkhane te beëindigen. Hetzelfde geldt "
            "voor de operatie Serval. Dit geldt ook voor Takuba. Het weer was goed.\n\n"
            "Het kabinet sprak met Mali. De Raad verlengde op 12 juni 2021 het mandaat van MINUSMA. "
            "Hetzelfde geldt voor EUTM Mali. Dat is bekend. Datzelfde geldt voor EUCAP Sahel Mali.\n\n"
            "Op 4 april 2021 vond een aanslag plaats in Gao. Hetzelfde geldt voor Kidal.")
    ctx = context(text)
    plain = _events_one_by_one(ctx)
    assert sum(f.kind == "Event" for f in plain) >= 3
    assert extract_events(ctx) == plain
    for p in seed_letters()[:3]:
        ctx = context(p.read_text(encoding="utf-8"), name=p.stem)
        assert extract_events(ctx) == _events_one_by_one(ctx)
