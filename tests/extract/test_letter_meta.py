"""Letter metadata: date, chamber, dossier/number, kind, signatories, questioner, cited papers."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahelkg.extract import extract_letter, extract_path
from sahelkg.extract.model import Entity, Letter

ROOT = Path(__file__).resolve().parents[2]
INDEX = yaml.safe_load((ROOT / "seeds" / "index.yaml").read_text(encoding="utf-8"))["letters"]


def meta(extraction) -> dict:
    out: dict = {"references": [], "signatures": []}
    for f in extraction.facts:
        if f.kind != "Letter":
            continue
        props = dict(f.props)
        if "Signature" in f.types:
            person = props.get("signatory")
            out["signatures"].append((props["office"], person.key if isinstance(person, Entity) else None))
        elif "references" in props:
            out["references"].append((props["paperDossier"], props["paperNumber"]))
        else:
            k, v = f.props[0]
            out[k] = v[1] if isinstance(v, tuple) else (v.key if isinstance(v, Entity) else v)
    return out


@pytest.fixture(scope="module")
def seeds():
    return {e["file"]: meta(extract_path(ROOT / "seeds" / e["file"])) for e in INDEX}


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"][:3] for e in INDEX])
def test_seed_metadata_matches_index(seeds, entry):
    m = seeds[entry["file"]]
    assert m["date"] == entry["date"]
    assert m["chamber"] == entry["chamber"]
    assert m["kind"] == entry["kind"]
    if entry["number"] is not None:
        assert m["number"] == entry["number"]
    else:
        assert "number" not in m
    if entry["dossier"] is not None:
        assert m["dossier"] == entry["dossier"]
    assert [o for o, _ in m["signatures"]] == entry["signatories"]


def test_seed_signatories_link_to_persons(seeds):
    assert seeds["004_58f6a099537d014b.txt"]["signatures"][1] == ("Minister van Defensie", "person/kajsa-ollongren")
    # co-signed answers name only the office
    assert seeds["002_608d831434767844.txt"]["signatures"] == [
        ("Minister van Buitenlandse Zaken", "person/frans-timmermans"), ("Minister van Defensie", None)]


def test_seed_questions(seeds):
    m = seeds["002_608d831434767844.txt"]
    assert m["questioner"] == "person/jasper-van-dijk"
    assert m["dateSubmitted"] == dt.date(2014, 6, 3)


def test_seed_references(seeds):
    assert seeds["004_58f6a099537d014b.txt"]["references"] == [
        ("29237", "177"), ("29521", "426"), ("29521", "405"), ("21501-02", "2462")]
    assert ("29521", "A") in seeds["001_aa2575580b9ffad5.txt"]["references"]


def test_dossier_named_by_its_title(seeds):
    # letter 004 states only the dossier's title, "Nederlandse deelname aan vredesmissies"
    assert seeds["004_58f6a099537d014b.txt"]["dossier"] == "29521"


def _letter(text: str) -> Letter:
    return Letter(name="own", text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode()).hexdigest())


OWN = [
    (" Nr. 312  BRIEF VAN DE MINISTER VAN DEFENSIE\n\nAan de Voorzitter van de Tweede Kamer der "
     "Staten-Generaal\n\nDen Haag, 4 juli 2019\n\nHierbij informeer ik u.\n\nDe Minister van Defensie,\n"
     "A.Th.B. Bijleveld-Schouten\n",
     dict(date=dt.date(2019, 7, 4), chamber="TweedeKamer", number="312", kind="brief",
          offices=["Minister van Defensie"])),
    (" BD BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VAN DEFENSIE\n\nAan de Voorzitter van de Eerste "
     "Kamer der Staten-Generaal\n\nDen Haag, 20 januari 2020\n\nIn overeenstemming met artikel 100 van de "
     "Grondwet informeren wij u over de inzet (Kamerstuk 29 521, nr. 380).\n\nEerste Kamer, vergaderjaar "
     "2019–2020, 29 521, BD 2\n\nDe Minister van Buitenlandse Zaken,\nS.A. Blok\n\nDe Minister van Defensie,\n"
     "A.Th.B. Bijleveld-Schouten\n",
     dict(date=dt.date(2020, 1, 20), chamber="EersteKamer", number="BD", dossier="29521",
          kind="artikel-100-brief", refs=[("29521", "380")],
          offices=["Minister van Buitenlandse Zaken", "Minister van Defensie"])),
    ("Vragen van het lid Sjoerdsma (D66) aan de Minister van Defensie over de inzet in Niger "
     "(ingezonden 2 februari 2021).\n\nAntwoord van Minister Bijleveld-Schouten (Defensie) (ontvangen "
     "1 maart 2021).\n\nVraag 1\nKlopt het bericht?\n\nAntwoord 1\nNee.\n",
     dict(date=dt.date(2021, 3, 1), chamber="TweedeKamer", kind="antwoorden-kamervragen",
          offices=["Minister van Defensie"], subject="de inzet in Niger")),
    ("Tweede Kamer, vergaderjaar 2015–2016, 21 501-02, nr. 1600 1\n\nAan de Voorzitter van de Tweede Kamer "
     "der Staten-Generaal\n\nDen Haag, 8 april 2016\n\nZie ook de brief van vorig jaar (Kamerstuk 21 501-02, "
     "nr. 1500) en Kamerbrief 29 237, nr. 160.\n\nDe Staatssecretaris van Defensie,\nJ.A. Hennis\n",
     dict(date=dt.date(2016, 4, 8), chamber="TweedeKamer", dossier="21501-02", number="1600",
          refs=[("21501-02", "1500"), ("29237", "160")], offices=["Staatssecretaris van Defensie"])),
]


OWN.append((
    "Tweede Kamer der Staten-Generaal 2\nVergaderjaar 2019–2020\n\n29 521 Nederlandse deelname aan "
    "vredesmissies\n\nNr. 400 BRIEF VAN DE MINISTER VAN DEFENSIE\n\nAan de Voorzitter van de Tweede Kamer "
    "der Staten-Generaal\n\nDen Haag, 12 december 2019\n\nMet deze brief informeer ik uw Kamer.\n\n"
    "De Minister van Defensie,\nA.Th.B. Bijleveld-Schouten\n\nDe Staatssecretaris van Buitenlandse Zaken,\n"
    "drs. H.P. Zijlstra\n",
    dict(date=dt.date(2019, 12, 12), chamber="TweedeKamer", dossier="29521", number="400", kind="brief",
         offices=["Minister van Defensie", "Staatssecretaris van Buitenlandse Zaken"])))


OWN.append((
    "Aanhangsel van de Handelingen II 2015/16\n\nVragen van de leden Ten Broeke en Knops (VVD) aan de "
    "Minister van Defensie over de helikopters in Mali (ingezonden 4 april 2016).\n\nAntwoord van "
    "Minister Hennis-Plasschaert (Defensie) (ontvangen 25 april 2016).\n\nVraag 1\nKlopt het?\n",
    dict(date=dt.date(2016, 4, 25), chamber="TweedeKamer", kind="antwoorden-kamervragen",
         offices=["Minister van Defensie"])))
OWN.append((
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n's-Gravenhage, 2 juli 2012\n\nHierbij.\n\n"
    "De Minister van Buitenlandse Zaken,\nU. Rosenthal\n",
    dict(date=dt.date(2012, 7, 2), chamber="TweedeKamer", offices=["Minister van Buitenlandse Zaken"])))


@pytest.mark.parametrize("text,want", OWN, ids=[w.get("number", w["kind"] if "kind" in w else "x")
                                                 for _, w in OWN])
def test_own_letters(text, want):
    m = meta(extract_letter(_letter(text)))
    for k in ("date", "chamber", "number", "dossier", "kind", "subject"):
        if k in want:
            assert m.get(k) == want[k], (k, m)
    if "refs" in want:
        assert m["references"] == want["refs"]
    assert [o for o, _ in m["signatures"]] == want["offices"]


@pytest.mark.parametrize("cite,want", [
    ("(Kamerstukken II 2019/20, 29 521, nr. 400)", [("29521", "400")]),
    ("zie Kamerstuk 29 521, nrs. 401 en 402", [("29521", "401"), ("29521", "402")]),
    ("Kamerbrief 21 501-02, nr. 2480", [("21501-02", "2480")]),
    ("Tweede Kamerstuk 33 694, nr. 9", [("33694", "9")]),
])
def test_citation_forms(cite, want):
    m = meta(extract_letter(_letter(f"Den Haag, 1 mei 2020\n\nZoals gemeld ({cite}) gaat het goed.\n")))
    assert m["references"] == want


def test_citing_letters_share_the_cited_paper_node():
    a = extract_letter(_letter("Den Haag, 1 mei 2020\n\nZie Kamerstuk 29 521, nr. 400.\n"))
    b = extract_letter(_letter("Den Haag, 2 mei 2020\n\nZoals gemeld (Kamerstuk 29521, nr. 400) gaat het goed.\n"))
    ka = [v for f in a.facts for k, v in f.props if k == "references"]
    kb = [v for f in b.facts for k, v in f.props if k == "references"]
    assert ka == kb == [("id", "letter/kst-29521-400")]


def test_several_questioners_each_a_person():
    ex = extract_letter(_letter(
        "Vragen van de leden Ten Broeke, Van der Staaij en Knops (VVD) aan de Minister van Defensie over de "
        "helikopters in Mali (ingezonden 4 april 2016).\n\nAntwoord van Minister Hennis-Plasschaert (Defensie) "
        "(ontvangen 25 april 2016).\n"))
    people = [v for f in ex.facts for k, v in f.props if k == "questioner"]
    assert [p.key for p in people] == ["person/ten-broeke", "person/van-der-staaij", "person/knops"]
    assert all(dict(p.extra).get("party") == "VVD" for p in people)



@pytest.mark.parametrize("heading,kind", [
    ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "verslag"),
    ("LIJST VAN VRAGEN EN ANTWOORDEN", "lijst-van-vragen-en-antwoorden"),
    ("NOTA NAAR AANLEIDING VAN HET VERSLAG", "nota"),
    ("MOTIE VAN HET LID BOSWIJK", "motie"),
])
def test_kind_from_heading(heading, kind):
    text = f" Nr. 12  {heading}\n\nVastgesteld 3 maart 2021\n\nDe vaste commissie heeft vragen gesteld.\n"
    assert meta(extract_letter(_letter(text))).get("kind") == kind


def _page(text: str, name: str = "page") -> dict:
    letter = Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    return meta(extract_letter(letter))


@pytest.mark.parametrize("text,date", [
    ("Rijksoverheid\n\nNieuwsbericht | 12-06-2020 | 14:30\n\nNederland verlengt de bijdrage aan EUTM Mali "
     "tot 31 mei 2021.\n", dt.date(2020, 6, 12)),
    ("Ministerie van Defensie\n\nPersbericht | 7-2-2018\n\nVanaf 1 maart 2018 levert Nederland "
     "helikopters aan MINUSMA.\n", dt.date(2018, 2, 7)),
])
def test_web_page_is_dated_by_its_publication_line(text, date):
    assert _page(text)["date"] == date


@pytest.mark.parametrize("text,chamber", [
    ("# Tweede Kamer der Staten-Generaal\n\n29 521 Nederlandse deelname aan vredesmissies\n\nNr. 455 "
     "VERSLAG VAN EEN COMMISSIEDEBAT\n\nVastgesteld 20 juli 2023\n\nDe commissie sprak over Mali.\n", "TweedeKamer"),
    ("**Eerste Kamer der Staten-Generaal**\n\nVerslag van een mondeling overleg\n\nVastgesteld 3 mei 2016\n\n"
     "De leden spraken over MINUSMA.\n", "EersteKamer"),
])
def test_chamber_from_a_heading(text, chamber):
    assert _page(text)["chamber"] == chamber


_PIECES = ["Tweede", "Eerste", "Kamer", "stuk", "ken", "brief", " ", "  ", "\n", "\u00a0", "\t", "29 521", "29521",
           "32 623-A", ", ", "nr. ", "nrs. ", "nummers ", "446", "AB", " en ", ",", "II 2019/20,", "I 2012–2013,",
           "(vergaderjaar)", "x", "Kamerstukken", "Tweede Kamer"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_citations_are_the_pattern_s_matches(pieces):
    """The candidate-driven search finds exactly what ``_CITATION.finditer`` finds, in order."""
    from sahelkg.extract.facts.letter_meta import _CITATION, _citations

    text = "".join(pieces)
    want = [(m.span(), m.groupdict()) for m in _CITATION.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _citations(text)] == want


def test_citations_in_the_seeds_are_the_pattern_s_matches():
    from sahelkg.extract.facts.letter_meta import _CITATION, _citations
    from sahelkg.resources import seed_letters

    for p in seed_letters():
        text = p.read_text(encoding="utf-8")
        assert [m.span() for m in _citations(text)] == [m.span() for m in _CITATION.finditer(text)]


_HEAD_PIECES = ["Tweede", "Eerste", " ", "  ", "\n", "\u00a0", "\t", "Kamer,", "Kamer", "vergaderjaar ", "zitting ",
                "2019", "–", "-", "2020", ", ", "29 521", "32 623-A", "nr. ", "AB", "446", "x", ",", "Tweede Kamer, "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=30))
def test_header_chambers_are_the_pattern_s_matches(pieces):
    """Trying the running-head pattern only before each "Kamer," finds what ``finditer`` finds."""
    from sahelkg.extract.facts.letter_meta import _HEADER_CHAMBER, _header_chambers

    text = "".join(pieces)
    assert [(m.span(), m.groups()) for m in _header_chambers(text)] == \
        [(m.span(), m.groups()) for m in _HEADER_CHAMBER.finditer(text)]


_SIGNATURE_PIECES = ["De", "de", "DE", " ", "\t", "\n", "\u00a0", "Minister", "minister", "Minister-President",
                     "Staatssecretaris", "staatssecretaris", " van ", "Defensie", " voor ", ",", "K.H.", "A.", " ",
                     "Ollongren", "mr. ", "x", "inister", "Ministers", "De Minister van Defensie,\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SIGNATURE_PIECES), max_size=30), st.integers(0, 40))
@example(["x", "\n", "\t", " ", "De", "\n", "Minister", " van ", "Defensie", ",", "\n", "K.H.", " ", "Ollongren"], 0)
@example(["De", "\u00a0", "staatssecretaris", ",", "\n", "A.", " ", "Ollongren", "\n", "de", " ", "Minister-President",
          ",", "\n", "\t", "mr. ", "K.H.", "Ollongren"], 3)
def test_signature_blocks_are_the_pattern_s_matches(pieces, pos):
    """Trying the signature pattern only where an office word's "De" line starts finds what
    ``finditer`` from the same position finds."""
    from sahelkg.extract.facts.letter_meta import _SIGNATURE, _signature_blocks

    text = "".join(pieces)
    assert [(m.span(), m.groupdict()) for m in _signature_blocks(text, pos)] == \
        [(m.span(), m.groupdict()) for m in _SIGNATURE.finditer(text, pos)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", "r", "R", "t", "T", "i", "I", "İ", "ı", "k", "K", "\u212a", "e", "E",
                                 "l", "L", " ", "-", "100", "1", "artikel", "ARTIKEL"]), max_size=20))
def test_article_prefilter_never_hides_a_match(pieces):
    from sahelkg.extract.facts.letter_meta import _ARTIKEL_100, _may_cite_article

    text = "".join(pieces)
    if _ARTIKEL_100.search(text):
        assert _may_cite_article(text)


def test_signatures_and_heads_in_the_seeds_are_the_pattern_s_matches():
    from sahelkg.extract.facts.letter_meta import _HEADER_CHAMBER, _SIGNATURE, _header_chambers, _signature_blocks
    from sahelkg.resources import seed_letters

    for p in seed_letters():
        text = p.read_text(encoding="utf-8")
        assert [m.span() for m in _header_chambers(text)] == [m.span() for m in _HEADER_CHAMBER.finditer(text)]
        assert [m.span() for m in _signature_blocks(text, 0)] == [m.span() for m in _SIGNATURE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Tweede", "Eerste", " ", "\n", "#", "Kamer", " der ", "Staten-", "Generaal", "Staten",
                                 "Handelingen", "Aanhangsel", " van de ", "Kamerstukken", "II", "I", "x"]), max_size=14))
def test_literal_prefilters_never_hide_a_match(pieces):
    """The chamber heading holds "Staten-", the paper series "Handelingen" or "Kamerstukken"."""
    from sahelkg.extract.facts.letter_meta import _CHAMBER_HEADING, _PAPER_SERIES

    text = "".join(pieces)
    if _CHAMBER_HEADING.search(text):
        assert "Staten-" in text
    if _PAPER_SERIES.search(text):
        assert "Handelingen" in text or "Kamerstukken" in text
