"""Relations between actors: passages we wrote ourselves and the seed letters.

The passages run through the real pipeline steps (:func:`context`); each row states the
triples the passage must give and, where a wording could mislead, triples it must not give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

import pytest

from sahelkg.extract.dates import find_dates
from sahelkg.extract.facts.relations import extract_relations
from sahelkg.extract.mentions import find_mentions
from sahelkg.extract.model import Entity, FactContext, Letter
from sahelkg.extract.normalise import normalise
from sahelkg.extract.sentences import split
from sahelkg.extract.values import find_quantities
from sahelkg.resources import seed_letters


def context(text: str, letter_date: dt.date = dt.date(2021, 11, 30)) -> FactContext:
    letter = Letter(name="passage", text=text, media_type="text/plain", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    parsed = split(normalise(letter))
    return FactContext(parsed=parsed, mentions=tuple(find_mentions(parsed)),
                       quantities=tuple(find_quantities(parsed)), dates=tuple(find_dates(parsed, letter_date)),
                       letter_date=letter_date)


def triples(facts) -> set[tuple[str, str, str]]:
    out = set()
    for f in facts:
        if f.kind != "Relation":
            continue
        pred, obj = f.props[0]
        assert isinstance(obj, Entity)
        out.add((f.subject_key, pred, obj.key))
    return out


def rels(text: str, asserted_only: bool = True) -> set[tuple[str, str, str]]:
    facts = extract_relations(context(text))
    return triples(f for f in facts if f.status == "asserted" or not asserted_only)


# (passage, triples that must be found, triples that must not)
CASES = [
    # memberOf
    ("Niger is sinds 2014 lid van de G5 Sahel.", {("state/NER", "memberOf", "organisation/g5-sahel")}, set()),
    ("Hij sprak over de oprichting van de troepenmacht van de G5 Sahel (Niger, Tsjaad en Mali).",
     {("state/NER", "memberOf", "organisation/g5-sahel"), ("state/TCD", "memberOf", "organisation/g5-sahel"),
      ("mission/g5-sahel-joint-force", "ledBy", "organisation/g5-sahel")}, set()),
    ("De lidstaten van de ECOWAS (Ghana, Togo en Benin) kwamen bijeen.",
     {("state/GHA", "memberOf", "organisation/ecowas"), ("state/TGO", "memberOf", "organisation/ecowas"),
      ("state/BEN", "memberOf", "organisation/ecowas")}, set()),
    ("Guinee is inmiddels geschorst als lid van de Afrikaanse Unie en ECOWAS.",
     {("state/GIN", "memberOf", "organisation/ecowas"), ("state/GIN", "memberOf", "organisation/african-union")}, set()),
    # affiliatedWith
    ("ISWAP is gelieerd aan de Islamitische Staat.", {("group/iswap", "affiliatedWith", "group/islamic-state")}, set()),
    ("Het aan Al-Qaida gelieerde Katiba Macina is actief in Mopti.",
     {("group/katiba-macina", "affiliatedWith", "group/al-qaida"), ("group/katiba-macina", "operatesIn", "place/mopti")},
     set()),
    ("De door Al-Qaida geïnspireerde groeperingen Katiba Macina en de Sahel-tak van AQIM sloten zich aaneen.",
     {("group/katiba-macina", "affiliatedWith", "group/al-qaida"), ("group/aqim", "affiliatedWith", "group/al-qaida")},
     set()),
    ("Boko Haram heeft zich in 2015 loyaal verklaard aan ISIS.",
     {("group/boko-haram", "affiliatedWith", "group/islamic-state")}, set()),
    ("Sinds een aantal jaar is er sprake van het aan het IS-gelieerde ISWAP.",
     {("group/iswap", "affiliatedWith", "group/islamic-state")}, set()),
    # partOf
    ("De 1.400 Nigerese troepen, inmiddels onderdeel van MINUSMA, zijn actief in Ménaka.",
     {("state/NER", "partOf", "mission/minusma")}, set()),
    ("Nationale Amerikaanse eenheden maken geen deel uit van MINUSMA.", set(),
     {("state/USA", "partOf", "mission/minusma")}),
    # ledBy, direction: the mission is led by the state
    ("De door Duitsland geleide EUTM Mali traint het Malinese leger.", {("mission/eutm-mali", "ledBy", "state/DEU")}, set()),
    ("De Fransgeleide operatie Barkhane is actief in de Sahel.", {("mission/barkhane", "ledBy", "state/FRA")}, set()),
    ("Zowel de Franse operatie Serval als AFISMA is actief in Mali.", {("mission/serval", "ledBy", "state/FRA")},
     {("state/FRA", "ledBy", "mission/serval")}),
    ("Tijdens zijn bezoek sprak de Franse President, Macron, met de Malinese regering.",
     {("state/FRA", "ledBy", "person/emmanuel-macron")}, set()),
    # supports: enumeration, passive, relative clause
    # support given to a mission is a contribution to it (contributesTo, not supports)
    ("Naast politieke steun bieden onder andere Duitsland, Spanje en de Verenigde Staten logistieke steun aan MINUSMA.",
     {("state/DEU", "contributesTo", "mission/minusma"), ("state/ESP", "contributesTo", "mission/minusma"),
      ("state/USA", "contributesTo", "mission/minusma")}, {("state/DEU", "supports", "mission/minusma")}),
    ("Sinds 2019 verlenen Noorwegen en Zweden medische steun aan operatie Barkhane.",
     {("state/NOR", "contributesTo", "mission/barkhane"), ("state/SWE", "contributesTo", "mission/barkhane")},
     {("state/NOR", "supports", "mission/barkhane")}),
    # support to an actor that is no mission stays support
    ("Turkije levert al jaren militaire steun aan Somalië.", {("state/TUR", "supports", "state/SOM")}, set()),
    ("EUCAP Sahel Niger wordt ondersteund door Duitsland.", {("state/DEU", "supports", "mission/eucap-sahel-niger")},
     {("mission/eucap-sahel-niger", "supports", "state/DEU")}),
    ("De Russische Wagner Group (die de Malinese regering steunt) is actief in Mali.",
     {("organisation/wagner-group", "supports", "state/MLI"), ("organisation/wagner-group", "operatesIn", "state/MLI")},
     set()),
    # opposes
    ("JNIM strijdt al jaren tegen de Malinese regering.", {("group/jnim", "opposes", "state/MLI")}, set()),
    ("Al maanden kampt EUTM Mali met forse tegenwerking van de Malinese junta.",
     {("state/MLI", "opposes", "mission/eutm-mali")}, {("mission/eutm-mali", "opposes", "state/MLI")}),
    ("In 2019 laaide het conflict tussen de CMA en GATIA opnieuw op.", {("group/cma", "opposes", "group/gatia")}, set()),
    # succeededBy
    ("AFISMA werd op 1 juli 2013 opgevolgd door MINUSMA.", {("mission/afisma", "succeededBy", "mission/minusma")},
     {("mission/minusma", "succeededBy", "mission/afisma")}),
    ("Op 1 juli 2013 ging AFISMA over in MINUSMA.", {("mission/afisma", "succeededBy", "mission/minusma")}, set()),
    # operatesIn
    ("ISGS is vooral actief in het grensgebied van Mali, Niger en Burkina Faso.",
     {("group/isgs", "operatesIn", "state/MLI"), ("group/isgs", "operatesIn", "state/NER"),
      ("group/isgs", "operatesIn", "state/BFA")}, set()),
    ("In de regio Ségou voert Katiba Macina regelmatig aanslagen uit.",
     {("group/katiba-macina", "operatesIn", "place/segou")}, set()),
    ("Het hoofdkwartier van MINUSCA in de Centraal-Afrikaanse hoofdstad Bangui werd uitgebreid.",
     {("mission/minusca", "operatesIn", "place/bangui")}, set()),
    ("De EU-trainingsmissie in Somalië (EUTM Somalia) traint sinds 2010 Somalische militairen.",
     {("mission/eutm-somalia", "operatesIn", "state/SOM")}, set()),
    ("EUTM Mali traint sinds 2013 bataljons van de Malinese strijdkrachten.",
     {("mission/eutm-mali", "supports", "organisation/fama")}, set()),
    ("Inmiddels zijn 900 troepen voor MINUSCA gearriveerd in Bangui.", {("mission/minusca", "operatesIn", "place/bangui")},
     set()),
    # a mission named with its area (one gazetteer name) operates there; a fund whose purpose names a place does not
    ("Denemarken levert sinds 2019 stafofficieren aan de NAVO-missie in Irak.",
     {("mission/nato-mission-iraq", "operatesIn", "state/IRQ")}, set()),
    ("Zweden stort dit jaar opnieuw geld in het Trust Fund voor Vrede en Veiligheid in Mali.", set(),
     {("mission/minusma-trust-fund", "operatesIn", "state/MLI")}),
    # participation without a number
    ("Naast Nederland leveren momenteel de volgende landen een bijdrage aan UNIFIL: Ierland, Italië en Spanje.",
     {("state/IRL", "contributesTo", "mission/unifil"), ("state/ITA", "contributesTo", "mission/unifil"),
      ("state/ESP", "contributesTo", "mission/unifil")}, set()),
    ("Duitsland draagt sinds 2016 bij aan EUCAP Sahel Niger.", {("state/DEU", "contributesTo", "mission/eucap-sahel-niger")},
     set()),
    ("Tevens levert België een bijdrage aan de versterking van de G5 Sahel.",
     {("state/BEL", "contributesTo", "organisation/g5-sahel")}, set()),
    ("Daarnaast levert Denemarken via het GPOI-programma een bijdrage aan de opleiding van troepen.",
     {("state/DNK", "contributesTo", "mission/gpoi")}, set()),
    ("Estland neemt niet deel aan EUTM Mali.", set(), {("state/EST", "contributesTo", "mission/eutm-mali")}),
    ("Nederland betaalt de opleiding van MINUSMA-troepen uit Togo en Ghana.",
     {("state/TGO", "contributesTo", "mission/minusma"), ("state/GHA", "contributesTo", "mission/minusma")}, set()),
    # an apposition between subject and verb: affiliation and operating area
    ("Ansar Dine, een gewapende groepering die vooral in Kidal actief is, is gelieerd aan AQIM.",
     {("group/ansar-al-dine", "affiliatedWith", "group/aqim"), ("group/ansar-al-dine", "operatesIn", "place/kidal")},
     set()),
    ("MUJAO, een jihadistische beweging die met name in Gao actief is, was verbonden met Al-Qaida.",
     {("group/mujao", "affiliatedWith", "group/al-qaida"), ("group/mujao", "operatesIn", "place/gao")}, set()),
    # collective membership
    ("Mali, Niger, Burkina Faso, Tsjaad en Mauritanië vormen samen de G5 Sahel.",
     {(s, "memberOf", "organisation/g5-sahel") for s in ("state/MLI", "state/NER", "state/BFA", "state/TCD", "state/MRT")},
     set()),
    ("Senegal, Ghana en Nigeria vormden gezamenlijk de ECOWAS.",
     {(s, "memberOf", "organisation/ecowas") for s in ("state/SEN", "state/GHA", "state/NGA")}, set()),
    # opposition of every subject to every object, with a place between verb and "tegen"
    ("Frankrijk en Mali strijden in het noorden tegen AQIM en MUJAO.",
     {(s, "opposes", o) for s in ("state/FRA", "state/MLI") for o in ("group/aqim", "group/mujao")}, set()),
    ("Tsjaad en Niger vechten sinds jaren in de grensregio tegen ISGS.",
     {("state/TCD", "opposes", "group/isgs"), ("state/NER", "opposes", "group/isgs")}, set()),
    ("Boko Haram, een terroristische organisatie die vooral in het noordoosten van Nigeria actief is, "
     "heeft trouw gezworen aan ISIS.",
     {("group/boko-haram", "operatesIn", "state/NGA"), ("group/boko-haram", "affiliatedWith", "group/islamic-state")},
     set()),
    ("Tsjaad, Niger en Mali bestrijden samen JNIM en ISGS.",
     {(s, "opposes", o) for s in ("state/TCD", "state/NER", "state/MLI") for o in ("group/jnim", "group/isgs")}, set()),
    # a mission absorbed into its successor
    ("AFISMA is opgegaan in MINUSMA.", {("mission/afisma", "succeededBy", "mission/minusma")},
     {("mission/afisma", "mergedInto", "mission/minusma")}),
    ("Op 1 augustus 2014 ging Operatie Serval op in Operatie Barkhane.",
     {("mission/serval", "succeededBy", "mission/barkhane")}, set()),
    # troops sent in support of an operation
    ("Estland heeft circa 50 militairen naar Gao gestuurd ter ondersteuning van operatie Barkhane.",
     {("state/EST", "supports", "mission/barkhane")}, set()),
    ("Denemarken stuurde in 2020 twee helikopters naar Ménaka ter ondersteuning van Barkhane.",
     {("state/DNK", "supports", "mission/barkhane")}, set()),
    # negated, hypothetical and questioned statements give nothing
    ("Het kabinet heeft geen aanwijzingen dat Wagner actief is in Niger.", set(),
     {("organisation/wagner-group", "operatesIn", "state/NER")}),
    ("Is het waar dat JNIM gelieerd is aan Al-Qaida?", set(), {("group/jnim", "affiliatedWith", "group/al-qaida")}),
    # anaphora: "de eerste groepering" is the first of the groups just listed
    ("Twee groeperingen zijn hier actief: ISWAP en Boko Haram. De eerste groepering is gelieerd aan ISIS.",
     {("group/iswap", "affiliatedWith", "group/islamic-state")}, {("group/boko-haram", "affiliatedWith", "group/islamic-state")}),
]


@pytest.mark.parametrize("text,must,must_not", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_relation_passages(text, must, must_not):
    found = rels(text)
    assert must <= found, found
    assert not (must_not & found), found


def test_planned_relation_keeps_its_status():
    facts = extract_relations(context("Nederland zal EUTM Mali vanaf volgend jaar steunen."))
    assert facts and all(f.status == "planned" for f in facts)


def test_evidence_is_the_clause_in_the_letter():
    text = "Naar verluidt is het volgende bekend. ISGS is gelieerd aan de Islamitische Staat, aldus de VN."
    ctx = context(text)
    (fact,) = [f for f in extract_relations(ctx) if f.props[0][0] == "affiliatedWith"]
    assert fact.evidence.exact == text[fact.evidence.start:fact.evidence.end]
    assert "gelieerd aan de Islamitische Staat" in fact.evidence.exact
    assert not fact.evidence.exact.startswith("Naar verluidt")


# --------------------------------------------------------------------------- the seed letters


@lru_cache(maxsize=None)
def seed(prefix: str) -> set[tuple[str, str, str]]:
    from sahelkg.extract.pipeline import extract_path
    path = next(p for p in seed_letters() if p.name.startswith(prefix))
    return triples(f for f in extract_path(path).facts if f.status == "asserted")


@pytest.mark.parametrize("prefix,triple", [
    # 000: six states give air transport support to Serval (a contribution); MUJAO in the Gao region;
    # "AQIM-leider Abu Zeid"
    *[("000", (s, "contributesTo", "mission/serval")) for s in
      ("state/BEL", "state/CAN", "state/DNK", "state/RUS", "state/GBR", "state/USA")],
    ("000", ("organisation/un-security-council", "supports", "mission/serval")),
    ("000", ("mission/serval", "ledBy", "state/FRA")),
    ("000", ("state/TCD", "partOf", "mission/afisma")),
    ("000", ("group/mujao", "operatesIn", "place/gao")),
    ("000", ("group/aqim", "ledBy", "person/abdelhamid-abou-zeid")),
    # 001: the JNIM merger (from the merger event), ISGS's allegiance, Barkhane French-led
    ("001", ("group/aqim", "mergedInto", "group/jnim")),
    ("001", ("group/ansar-al-dine", "mergedInto", "group/jnim")),
    ("001", ("group/isgs", "affiliatedWith", "group/islamic-state")),
    ("001", ("group/isgs", "operatesIn", "state/BFA")),
    ("001", ("group/cma", "opposes", "group/platform")),
    ("001", ("mission/barkhane", "ledBy", "state/FRA")),
    # 003: JNIM and al-Qaida, Wagner, Takuba under Barkhane
    ("003", ("group/jnim", "affiliatedWith", "group/al-qaida")),
    ("003", ("organisation/wagner-group", "affiliatedWith", "state/RUS")),
    ("003", ("mission/takuba", "partOf", "mission/barkhane")),
    ("003", ("mission/takuba", "ledBy", "state/FRA")),
    ("003", ("mission/flintlock", "ledBy", "state/USA")),
    ("003", ("state/MLI", "memberOf", "organisation/ecowas")),
    # 004: "een multinationale coalitie onder de … operatie Barkhane"; opposition of the Malian authorities
    ("004", ("mission/takuba", "partOf", "mission/barkhane")),
    ("004", ("mission/takuba", "ledBy", "state/FRA")),
    ("004", ("state/MLI", "opposes", "mission/takuba")),
])
def test_seed_relations(prefix, triple):
    assert triple in seed(prefix)


@pytest.mark.parametrize("prefix,triple", [
    ("002", ("state/USA", "partOf", "mission/minusma")),      # "maken geen deel uit van MINUSMA"
    ("003", ("organisation/wagner-group", "operatesIn", "state/BFA")),  # "geen indicatie dat … aanwezig is"
    ("001", ("group/isgs", "mergedInto", "group/jnim")),     # "zich tot dusver niet bij JNIM hebben aangesloten"
    ("000", ("state/FRA", "ledBy", "mission/serval")),       # direction
])
def test_seed_relations_not_stated(prefix, triple):
    assert triple not in seed(prefix)


def test_participants_listed_in_a_footnote():
    text = ("Den Haag, 3 mei 2021\n\nIn maart vond de oefening Flintlock plaats, met eenheden van de deelnemende "
            "landen<sup>1</sup> en van de VS.\n\n<sup>1</sup> Ghana, Togo, Benin en Senegal.\n\nEen nieuwe alinea "
            "over MINUSMA en de troepenleverende landen<sup>2</sup>.\n\n<sup>2</sup> Zie Kamerstuk 29 521, nr. 400.\n")
    letter = Letter(name="fn", text=text, media_type="text/markdown", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    parsed = split(normalise(letter))
    ctx = FactContext(parsed=parsed, mentions=tuple(find_mentions(parsed)), quantities=(),
                      dates=tuple(find_dates(parsed, dt.date(2021, 5, 3))), letter_date=dt.date(2021, 5, 3))
    facts = [f for f in extract_relations(ctx) if f.props[0][0] == "contributesTo"]
    assert triples(facts) == {(s, "contributesTo", "mission/flintlock")
                              for s in ("state/GHA", "state/TGO", "state/BEN", "state/SEN")}
    for f in facts:  # evidence is the footnote as stored
        assert f.evidence.exact == text[f.evidence.start:f.evidence.end]
        assert f.evidence.exact.startswith("<sup>1</sup> Ghana")
