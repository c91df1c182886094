"""A researcher's journey through sahelkg, end to end, with the papers of a dossier we wrote ourselves.

build → add (an officielebekendmakingen.nl HTML page, a PDF, cp1252 answers to Kamervragen, a Markdown
committee report, a government news page, a plenary report, a letter with markup in names) → duplicates
and broken files refused →
stats → SPARQL questions the letters answer, each fact checked against its quoted passage → SHACL →
export in four formats (rdflib and rapper) → the web pages and actor API of ``sahelkg serve``.

One test per step. Where the product does not yet do what the letters state, the assertion is
real (no xfail): it stays red until fixed. ``docs/qa-findings.md`` lists each with its owner.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from e2e_journey import DOCS, LETTERS, SKG

# the first test also pays for the module's build and eight adds (about 3 min on 2 busy cores)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ID = SKG + "id/"
ONT = SKG + "ontology#"


# --------------------------------------------------------------------------- helpers

def summary(out: str) -> dict[str, str]:
    """The indented ``key  value`` lines that ``sahelkg add`` prints."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^\s{2}(\w+)\s+(.*)$", line)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    return rows


def fact_counts(line: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"([\w:]+) (\d+)", line or "")}


def graph(name: str) -> str:
    return f"{SKG}graph/letter/{name}"


def letter_iri(name: str) -> str:
    return f"{ID}letter/{name}"


def short(v: str) -> str:
    return v.replace(ID, "id/").replace(ONT, "skg:")


def nodes(j, name: str, cls: str) -> dict[str, dict[str, set[str]]]:
    """Every node of class ``skg:<cls>`` in the letter's graph: {iri: {property (short): {values (short)}}}."""
    rows = j.select(f"SELECT ?f ?p ?o WHERE {{ GRAPH <{graph(name)}> {{ ?f a skg:{cls} ; ?p ?o }} }}")
    out: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        out.setdefault(r["f"], {}).setdefault(short(r["p"]).replace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
                                              set()).add(short(r["o"]))
    return out


def matching(found: dict, **want) -> list[str]:
    """IRIs of the nodes whose properties hold every wanted value (``skg_x`` spells ``skg:x``)."""
    hits = []
    for iri, props in found.items():
        if all(v in props.get(k.replace("skg_", "skg:").replace("rdf_", "rdf:"), set()) for k, v in want.items()):
            hits.append(iri)
    return hits


def describe(found: dict) -> str:
    return "\n".join(f"  {short(i)}: " + "; ".join(f"{p}={sorted(v)}" for p, v in sorted(props.items())
                                                if p not in ("skg:evidence", "http://www.w3.org/ns/prov#wasDerivedFrom"))
                     for i, props in found.items()) or "  (nothing)"


def letter_text(j, name: str) -> str:
    rows = j.select(f"SELECT ?t WHERE {{ <{letter_iri(name)}> skg:text ?t }}")
    assert rows, f"letter {name} has no skg:text"
    return rows[0]["t"]


def source_text(name: str) -> str:
    """Our document's text as we wrote it (for checking that a quote is ours)."""
    file = DOCS / LETTERS[name]
    if file.suffix == ".pdf":
        return (DOCS / (file.name + ".txt")).read_text(encoding="utf-8").replace("\\f\n", "\f\n")
    if name == "ah-tk-20222023-1687":
        return file.read_bytes().decode("cp1252")
    return file.read_text(encoding="utf-8")


def squash(s: str) -> str:
    return " ".join(s.split())


def check_evidence(j, name: str, fact: str, *words: str) -> str:
    """The fact's quoted passage is the letter's text at its offsets, is from our document, holds ``words``."""
    rows = j.select(f"""SELECT ?ex ?s ?e WHERE {{ GRAPH <{graph(name)}> {{
        <{fact}> skg:evidence ?ev . ?ev oa:exact ?ex ; oa:start ?s ; oa:end ?e }} }}""")
    assert rows, f"{short(fact)} has no skg:evidence with oa:exact/oa:start/oa:end"
    text = letter_text(j, name)
    for r in rows:
        s, e, ex = int(r["s"]), int(r["e"]), r["ex"]
        assert text[s:e] == ex, f"{short(fact)}: oa:exact {ex!r} is not the text at {s}–{e}: {text[s:e]!r}"
        assert squash(ex) in squash(source_text(name)), f"{short(fact)}: {ex!r} is not a passage of our document"
        if LETTERS[name].endswith((".txt", ".md")):
            assert source_text(name)[s:e] == ex, f"{short(fact)}: offsets {s}–{e} do not point into the file as stored"
        for w in words:
            assert w in ex, f"{short(fact)}: evidence {ex!r} does not quote {w!r}"
    return rows[0]["ex"]


def the_fact(j, name: str, cls: str, what: str, **want) -> str:
    found = nodes(j, name, cls)
    hits = matching(found, **want)
    assert hits, (f"{name}: no skg:{cls} for “{what}” with {want}; the letter's skg:{cls} nodes are:\n"
                  + describe(found))
    return hits[0]


def letter_meta(j, name: str) -> dict[str, set[str]]:
    rows = j.select(f"SELECT ?p ?o WHERE {{ GRAPH <{graph(name)}> {{ <{letter_iri(name)}> ?p ?o }} }}")
    meta: dict[str, set[str]] = {}
    for r in rows:
        key = short(r["p"]).replace("http://purl.org/dc/terms/", "dcterms:").replace(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:")
        meta.setdefault(key, set()).add(short(r["o"]))
    return meta


# --------------------------------------------------------------------------- 1. build

def test_build_from_seeds(journey):
    r = journey.build
    assert r.returncode == 0, r.stderr
    assert re.search(r"built \d+ quads from 5 letters", r.stderr), r.stderr
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------- 2. add each paper

def _added(journey, name: str, date: str, identifier: str | None) -> dict[str, str]:
    """``sahelkg add`` succeeded and its summary names the letter, its date and identifier, and counts
    the facts that are in the letter's graph."""
    r = journey.added[name]
    assert r.returncode == 0, f"sahelkg add {LETTERS[name]} exited {r.returncode}: {r.stderr.strip()}"
    assert "Traceback" not in r.stderr, r.stderr
    assert f"as letter {name} " in r.stdout, r.stdout
    s = summary(r.stdout)
    assert s.get("date") == date, f"date line: {s.get('date')!r}, the paper states {date}"
    if identifier is not None:
        assert s.get("identifier") == identifier, f"identifier line: {s.get('identifier')!r}, expected {identifier!r}"
    counts = fact_counts(s.get("facts"))
    for cls in ("Contribution", "Mandate", "Event"):
        in_graph = len(nodes(journey, name, cls))
        assert counts.get(cls, 0) == in_graph, f"summary says {cls} {counts.get(cls, 0)}, the graph holds {in_graph}"
    return s


def test_add_html_kamerbrief(journey):
    _added(journey, "kst-29521-412", "2019-05-14", "29521 nr. 412 (TweedeKamer)")


def test_add_pdf_letter(journey):
    _added(journey, "kst-29521-430", "2021-07-02", "29521 nr. 430 (TweedeKamer)")


def test_add_cp1252_answers_to_kamervragen(journey):
    # "ontvangen 3 maart 2023"; answers carry no Kamerstuk number in their text
    _added(journey, "ah-tk-20222023-1687", "2023-03-03", "not found (TweedeKamer)")
    r = journey.added["ah-tk-20222023-1687"]
    assert "replacement" not in r.stderr.lower(), r.stderr  # cp1252 is decoded, not replaced


def test_add_markdown_committee_report(journey):
    # "Vastgesteld 20 juli 2023"; the report's first heading is "Tweede Kamer der Staten-Generaal"
    _added(journey, "kst-29521-455-verslag", "2023-07-20", "29521 nr. 455 (TweedeKamer)")


def test_add_government_news_page(journey):
    # "Nieuwsbericht | 12-06-2020 | 14:30" is the page's date; 31 May 2021 is the end of the contribution
    _added(journey, "rijksoverheid-nieuws-eutm", "2020-06-12", "not found")


def test_add_letter_with_markup_in_names(journey):
    _added(journey, "xss-letter", "2020-01-09", "not found (TweedeKamer)")


def test_add_plenary_report(journey):
    s = _added(journey, "h-tk-20192020-38-12", "2019-12-05", None)
    # "Tweede Kamer der Staten-Generaal / Handelingen, vergaderjaar 2019–2020, nr. 38"
    assert s["identifier"].endswith("(TweedeKamer)"), (
        f"identifier line {s['identifier']!r} has no chamber; the report is headed 'Tweede Kamer der Staten-Generaal'")


def test_duplicate_add_is_recognised(journey):
    before = journey.manifest_version()
    same = journey.run("add", str(journey.paths["kst-29521-412"]))
    assert same.returncode == 0, same.stderr
    assert "already in the graph as letter kst-29521-412" in same.stdout, same.stdout
    # the same letter saved again from the browser, with other page chrome around it
    page = journey.paths["kst-29521-412"].read_text(encoding="utf-8")
    variant = journey.inbox / "kst-29521-412 (1).html"
    variant.write_text(page.replace("<li><a href=\"/help\">Help</a></li>",
                                    "<li><a href=\"/help\">Help</a></li><li><a href=\"/nieuws\">Nieuws</a></li>"),
                       encoding="utf-8")
    again = journey.run("add", str(variant))
    assert again.returncode == 0, again.stderr
    assert "already in the graph as letter kst-29521-412" in again.stdout, again.stdout
    assert journey.manifest_version() == before


def test_same_answers_resaved_as_utf8_lf_is_a_duplicate(journey):
    """Opening the cp1252/CRLF answers in an editor and saving them (UTF-8, LF) is the same paper."""
    resaved = journey.inbox / "antwoorden-kamervragen-wagner.txt"
    resaved.write_text(source_text("ah-tk-20222023-1687").replace("\r\n", "\n"), encoding="utf-8")
    r = journey.run("add", str(resaved))
    assert r.returncode == 0, r.stderr
    assert "already in the graph as letter ah-tk-20222023-1687" in r.stdout, (
        "the same answers were added a second time (every fact now counted twice):\n" + r.stdout)


# --------------------------------------------------------------------------- 3. broken files

def _broken(journey, kind: str) -> Path:
    d = journey.inbox
    if kind == "empty.txt":
        return Path(shutil.copyfile(DOCS / "empty.txt", d / "empty.txt"))
    if kind == "empty.pdf":
        return Path(shutil.copyfile(DOCS / "empty.pdf", d / "empty.pdf"))
    if kind == "binary.txt":  # a scan saved with the wrong extension
        p = d / "scan-kamerbrief.txt"
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
        return p
    if kind == "truncated.pdf":  # a download that stopped half-way
        p = d / "kst-29521-430-half.pdf"
        p.write_bytes(journey.paths["kst-29521-430"].read_bytes()[:3000])
        return p
    if kind == "word.docx":
        p = d / "Kamerbrief Mali.docx"
        p.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
        return p
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["empty.txt", "empty.pdf", "binary.txt", "truncated.pdf", "word.docx"])
def test_broken_file_is_refused_with_one_clear_line(journey, kind):
    path = _broken(journey, kind)
    before = journey.manifest_version()
    corpus_before = sorted(p.name for p in (journey.data / "corpus").iterdir())
    r = journey.run("add", str(path))
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert len(lines) == 1, f"expected one line on stderr, got:\n{r.stderr}"
    assert path.name in lines[0], lines[0]
    assert r.stdout.strip() == ""
    assert journey.manifest_version() == before, "a refused file changed the store"
    assert sorted(p.name for p in (journey.data / "corpus").iterdir()) == corpus_before


# --------------------------------------------------------------------------- 4. stats

def test_stats_json_lists_the_new_letters(journey):
    r = journey.run("stats", "--json")
    assert r.returncode == 0, r.stderr
    st = json.loads(r.stdout)
    by_name = {x["letter"]: x for x in st["letters"]}
    for name in LETTERS:
        assert name in by_name, f"stats does not list {name}: {sorted(by_name)}"
        assert by_name[name]["quads"] > 0 and by_name[name]["facts"] > 0
    assert by_name["kst-29521-412"]["date"] == "2019-05-14"
    in_graph = journey.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skg:Contribution }")[0]["n"]
    assert st["facts_per_type"].get("Contribution") == int(in_graph)


# --------------------------------------------------------------------------- 5. what the letters state

# HTML Kamerbrief
def test_fact_html_nl_contributes_12_to_eutm_mali(journey):
    f = the_fact(journey, "kst-29521-412", "Contribution", "maximaal 12 militairen aan EUTM Mali",
                 skg_contributor="id/state/NLD", skg_mission="id/mission/eutm-mali", skg_personnel="12",
                 skg_quantifier="skg:AtMost", skg_year="2019")
    check_evidence(journey, "kst-29521-412", f, "12 militairen", "EUTM Mali")


def test_fact_html_nl_gives_4_million_to_g5_sahel_trust_fund(journey):
    f = the_fact(journey, "kst-29521-412", "Contribution", "4 miljoen euro voor het trustfonds van de G5 Sahel",
                 skg_contributor="id/state/NLD", skg_amount="4000000", skg_currency="EUR", skg_year="2019")
    check_evidence(journey, "kst-29521-412", f, "4 miljoen euro")


def test_fact_html_jnim_attack_on_tessalit_with_four_dead(journey):
    f = the_fact(journey, "kst-29521-412", "Attack", "JNIM vielen het kamp van MINUSMA in Tessalit aan",
                 skg_date="2019-03-03", skg_place="id/place/tessalit", skg_agent="id/group/jnim")
    check_evidence(journey, "kst-29521-412", f, "Tessalit")
    props = nodes(journey, "kst-29521-412", "Attack")[f]
    # "Daarbij kwamen vier Tsjadische blauwhelmen om het leven."
    assert props.get("skg:fatalities") == {"4"}, f"fatalities: {props.get('skg:fatalities')}"


def test_fact_html_jnim_affiliated_with_al_qaida(journey):
    rows = journey.select(f"""SELECT ?st WHERE {{ GRAPH <{graph('kst-29521-412')}> {{
        <{ID}group/jnim> skg:affiliatedWith <{ID}group/al-qaida> .
        ?st rdf:subject <{ID}group/jnim> ; rdf:predicate skg:affiliatedWith ; rdf:object <{ID}group/al-qaida> }} }}""")
    assert rows, "no (reified) jnim affiliatedWith al-qaida in the letter's graph"
    check_evidence(journey, "kst-29521-412", rows[0]["st"], "gelieerd aan al-Qaida")


def test_html_page_chrome_is_not_in_the_letter(journey):
    text = letter_text(journey, "kst-29521-412")
    for chrome in ("gtag", "999 militairen", "777 militairen", "Meest gelezen", "Ga direct naar inhoud", "Privacy"):
        assert chrome not in text, f"page chrome {chrome!r} kept in the letter text"
    assert "Den Haag, 14 mei 2019" in text
    found = nodes(journey, "kst-29521-412", "Contribution")
    assert not matching(found, skg_personnel="999") and not matching(found, skg_personnel="777")


def test_fact_html_letter_metadata(journey):
    m = letter_meta(journey, "kst-29521-412")
    assert m.get("dcterms:date") == {"2019-05-14"}
    assert m.get("skg:dossier") == {"29521"} and m.get("skg:number") == {"412"}
    assert m.get("skg:chamber") == {"skg:TweedeKamer"}
    assert len(m.get("dcterms:creator", ())) == 2, m.get("dcterms:creator")


# PDF letter
def test_fact_pdf_nl_contributes_to_eucap_across_hyphenless_line_break(journey):
    f = the_fact(journey, "kst-29521-430", "Contribution", "ten hoogste vier politiefunctionarissen",
                 skg_contributor="id/state/NLD", skg_mission="id/mission/eucap-sahel-mali", skg_personnel="4",
                 skg_quantifier="skg:AtMost")
    check_evidence(journey, "kst-29521-430", f, "EUCAP Sahel Mali")


def test_fact_pdf_sweden_150_to_takuba_across_hyphenated_break(journey):
    f = the_fact(journey, "kst-29521-430", "Contribution", "ongeveer 150 mili-/tairen aan Task Force Takuba",
                 skg_contributor="id/state/SWE", skg_mission="id/mission/takuba", skg_personnel="150",
                 skg_quantifier="skg:Approximately")
    check_evidence(journey, "kst-29521-430", f, "150 mili-", "Takuba")


def test_fact_pdf_germany_1100_to_minusma_across_page_header(journey):
    f = the_fact(journey, "kst-29521-430", "Contribution", "Duitsland ... 1100 militairen aan [page 2 header] MINUSMA",
                 skg_contributor="id/state/DEU", skg_mission="id/mission/minusma", skg_personnel="1100",
                 skg_quantifier="skg:Approximately")
    check_evidence(journey, "kst-29521-430", f, "Duitsland", "MINUSMA")


def test_fact_pdf_coup_of_24_may_2021(journey):
    f = the_fact(journey, "kst-29521-430", "Coup", "Op 24 mei 2021 pleegde het Malinese leger in Bamako een staatsgreep",
                 skg_date="2021-05-24")
    check_evidence(journey, "kst-29521-430", f, "staatsgreep")
    props = nodes(journey, "kst-29521-430", "Coup")[f]
    assert props.get("skg:place", set()) & {"id/place/bamako", "id/state/MLI"}, props


def test_fact_pdf_letter_metadata(journey):
    m = letter_meta(journey, "kst-29521-430")
    assert m.get("dcterms:date") == {"2021-07-02"}
    assert m.get("skg:dossier") == {"29521"} and m.get("skg:number") == {"430"}
    assert m.get("skg:chamber") == {"skg:TweedeKamer"}


# cp1252 answers
def test_fact_answers_text_decoded_from_cp1252(journey):
    text = letter_text(journey, "ah-tk-20222023-1687")
    assert text == source_text("ah-tk-20222023-1687"), "stored text differs from the cp1252-decoded file"
    for s in ("“Russische huurlingen", "€ 2,5 miljoen", "regio’s Mopti en Ségou"):
        assert s in text


def test_fact_answers_nl_gave_2_5_million_to_minusma(journey):
    f = the_fact(journey, "ah-tk-20222023-1687", "Contribution", "€ 2,5 miljoen bijgedragen aan MINUSMA",
                 skg_contributor="id/state/NLD", skg_mission="id/mission/minusma", skg_amount="2500000",
                 skg_currency="EUR", skg_year="2022")
    check_evidence(journey, "ah-tk-20222023-1687", f, "€ 2,5 miljoen")


def test_fact_answers_moura_killings(journey):
    f = the_fact(journey, "ah-tk-20222023-1687", "Event", "Van 27 tot en met 31 maart 2022 ... in Moura ongeveer 500 mensen gedood",
                 skg_place="id/place/moura")
    check_evidence(journey, "ah-tk-20222023-1687", f, "Moura")
    props = nodes(journey, "ah-tk-20222023-1687", "Event")[f]
    assert props.get("skg:startDate") == {"2022-03-27"} and props.get("skg:endDate") == {"2022-03-31"}, props
    assert props.get("skg:agent", set()) & {"id/organisation/fama", "id/organisation/wagner-group"}, props
    assert props.get("skg:fatalities") == {"500"}, props


def test_fact_answers_letter_metadata(journey):
    m = letter_meta(journey, "ah-tk-20222023-1687")
    assert m.get("dcterms:date") == {"2023-03-03"}
    assert "skg:Answers" in m.get("rdf:type", set()), m.get("rdf:type")
    assert "id/person/wopke-hoekstra" in m.get("dcterms:creator", set()), m.get("dcterms:creator")


# Markdown committee report
def test_fact_report_security_council_ends_minusma(journey):
    f = the_fact(journey, "kst-29521-455-verslag", "Decision", "op 30 juni 2023 met resolutie 2690 besloten ...",
                 skg_date="2023-06-30", skg_agent="id/organisation/un-security-council",
                 skg_affected="id/mission/minusma")
    check_evidence(journey, "kst-29521-455-verslag", f, "resolutie 2690")


def test_fact_report_minusma_withdrawal_by_end_2023(journey):
    found = nodes(journey, "kst-29521-455-verslag", "Withdrawal")
    hits = [i for i, p in found.items()
            if "id/mission/minusma" in p.get("skg:agent", set()) | p.get("skg:affected", set())
            and "2023-12-31" in p.get("skg:endDate", set()) | p.get("skg:date", set())]
    assert hits, ("no Withdrawal of MINUSMA ending 2023-12-31 (“De terugtrekking van MINUSMA uit Mali moet "
                  "uiterlijk 31 december 2023 zijn afgerond”); found:\n" + describe(found))
    check_evidence(journey, "kst-29521-455-verslag", hits[0], "31 december 2023")


def test_fact_report_no_event_from_the_adoption_line(journey):
    rows = journey.select(f"""SELECT ?e ?ex WHERE {{ GRAPH <{graph('kst-29521-455-verslag')}> {{
        ?e a skg:Event ; skg:evidence/oa:exact ?ex }} }}""")
    spurious = [r for r in rows if r["ex"].strip().startswith("Vastgesteld")]
    assert not spurious, f"“Vastgesteld 20 juli 2023” (the report's adoption) made an event: {spurious}"


def test_fact_report_letter_metadata(journey):
    m = letter_meta(journey, "kst-29521-455-verslag")
    assert m.get("dcterms:date") == {"2023-07-20"}
    assert m.get("skg:dossier") == {"29521"} and m.get("skg:number") == {"455"}
    assert {"id/letter/kst-29521-450", "id/letter/kst-29521-452"} <= m.get("dcterms:references", set())
    assert "skg:Report" in m.get("rdf:type", set()), m.get("rdf:type")


# government web page
def test_fact_news_page_nl_10_to_eutm_until_31_may_2021(journey):
    f = the_fact(journey, "rijksoverheid-nieuws-eutm", "Contribution", "maximaal 10 militairen aan EUTM Mali",
                 skg_contributor="id/state/NLD", skg_mission="id/mission/eutm-mali", skg_personnel="10",
                 skg_endDate="2021-05-31")
    check_evidence(journey, "rijksoverheid-nieuws-eutm", f, "10 militairen")


def test_news_page_chrome_is_not_in_the_text(journey):
    text = letter_text(journey, "rijksoverheid-nieuws-eutm")
    assert "cookies" not in text and "Accepteren" not in text, "cookie bar kept in the page text"
    assert "Een stabiel Mali is in het belang van Europa" in text


# plenary report
def test_fact_plenary_nl_about_60_to_minusma_since_2019(journey):
    f = the_fact(journey, "h-tk-20192020-38-12", "Contribution", "sinds 1 januari 2019 ongeveer 60 militairen aan MINUSMA",
                 skg_contributor="id/state/NLD", skg_mission="id/mission/minusma", skg_personnel="60",
                 skg_quantifier="skg:Approximately", skg_startDate="2019-01-01")
    check_evidence(journey, "h-tk-20192020-38-12", f, "60 militairen")


def test_fact_plenary_france_about_4500_in_barkhane(journey):
    f = the_fact(journey, "h-tk-20192020-38-12", "Contribution", "Frankrijk heeft met operatie Barkhane ongeveer 4500 militairen",
                 skg_contributor="id/state/FRA", skg_mission="id/mission/barkhane", skg_personnel="4500",
                 skg_quantifier="skg:Approximately")
    check_evidence(journey, "h-tk-20192020-38-12", f, "4500 militairen")


def test_fact_plenary_helicopter_crash_with_13_dead(journey):
    found = nodes(journey, "h-tk-20192020-38-12", "Event")
    hits = [i for i, p in found.items() if "2019-11-25" in p.get("skg:date", set()) and p.get("skg:fatalities") == {"13"}]
    assert hits, ("no event of 25 November 2019 with 13 fatalities (“Op 25 november 2019 kwamen bij een "
                  "helikopterongeval in Mali dertien Franse militairen van operatie Barkhane om het leven.”); found:\n"
                  + describe(found))
    check_evidence(journey, "h-tk-20192020-38-12", hits[0], "helikopterongeval")


def test_fact_markup_letter_stored_verbatim(journey):
    text = letter_text(journey, "xss-letter")
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text


# the project's own competency questions, run as a researcher would
def _cq(journey, stem: str) -> list[dict[str, str]]:
    from e2e_journey import ROOT

    q = next((ROOT / "ontology" / "queries").glob(stem + "-*.rq"))
    r = journey.run("query", "--file", str(q), "--format", "json")
    assert r.returncode == 0, r.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.stdout)["results"]["bindings"]]


def test_question_dutch_money_includes_the_answers(journey):
    rows = _cq(journey, "cq17")
    assert any(r["recipient"] == ID + "mission/minusma" and r["amount"] == "2500000" and r.get("currency") == "EUR"
               and r.get("when") == "2022" for r in rows), rows


def test_question_coups_includes_the_pdf_letter(journey):
    rows = _cq(journey, "cq21")
    assert any(r.get("date") == "2021-05-24" for r in rows), rows


def test_terms_used_by_the_new_letters_are_declared(journey):
    """Every skg: property and class in the letters' graphs is declared in the ontology graph."""
    names = " ".join(f"<{graph(n)}>" for n in LETTERS)
    rows = journey.select(f"""SELECT DISTINCT ?t WHERE {{
        VALUES ?g {{ {names} }}
        GRAPH ?g {{ {{ ?s ?t ?o }} UNION {{ ?s a ?t }} }}
        FILTER(STRSTARTS(STR(?t), "{ONT}"))
        FILTER NOT EXISTS {{ GRAPH <{SKG}graph/ontology> {{ ?t ?x ?y }} }} }}""")
    assert not rows, f"terms used but not declared in the ontology: {sorted(short(r['t']) for r in rows)}"


def test_events_have_an_rdfs_label(journey):
    """SCHEMA: every entity has a language-tagged rdfs:label; pages, timeline and API show it."""
    f = the_fact(journey, "kst-29521-412", "Attack", "the Tessalit attack", skg_date="2019-03-03")
    rows = journey.select(f"SELECT ?l WHERE {{ <{f}> rdfs:label ?l }}")
    assert rows, f"{short(f)} has no rdfs:label (its props: {sorted(nodes(journey, 'kst-29521-412', 'Attack')[f])})"


# --------------------------------------------------------------------------- 6. validate

def test_validate_shacl(journey):
    r = journey.run("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "conforms" in (r.stdout + r.stderr)


# --------------------------------------------------------------------------- 7. export

RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_export_parses(journey, fmt):
    import rdflib

    out = journey.base / f"export.{fmt}"
    r = journey.run("export", "--format", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    ds = rdflib.Dataset()
    ds.parse(out, format=RDFLIB_FORMAT[fmt])
    quads = list(ds.quads((None, None, None, None)))
    exacts = {str(o) for s, p, o, g in quads if str(p) == "http://www.w3.org/ns/oa#exact"}
    assert any("€ 2,5 miljoen" in e for e in exacts), "the cp1252 letter's passage did not survive the export"
    if fmt != "turtle":
        graphs = {str(g.identifier if hasattr(g, "identifier") else g) for *_, g in quads}
        missing = [n for n in LETTERS if graph(n) not in graphs]
        assert not missing, f"letter graphs missing from the {fmt} export: {missing}"
        stats = json.loads(journey.run("stats", "--json").stdout)
        assert len(quads) == stats["quads"]
    if shutil.which("rapper") and fmt != "jsonld":  # raptor2 has no JSON-LD parser
        rp = subprocess.run(["rapper", "-i", fmt, "-c", str(out)], capture_output=True, text=True, timeout=300)
        assert rp.returncode == 0, rp.stderr
        m = re.search(r"returned (\d+) (?:triples|statements)", rp.stderr)
        assert m and int(m.group(1)) > 0, rp.stderr


# --------------------------------------------------------------------------- 8. the web pages and API

def _page(server, path: str):
    http, base = server
    r = http.get(base + path, headers={"Accept": "text/html"}, timeout=60)
    assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:300]}"
    assert r.headers.get("Content-Type", "").startswith("text/html"), r.headers.get("Content-Type")
    return r


def test_serve_resource_page_of_a_contribution(journey, server):
    f = the_fact(journey, "kst-29521-430", "Contribution", "Sweden → Takuba",
                 skg_contributor="id/state/SWE", skg_mission="id/mission/takuba")
    r = _page(server, "/" + f.removeprefix(SKG))
    body = r.text
    assert "Sweden" in body and "Task Force Takuba" in body
    assert html.escape("Zweden levert sinds begin 2021 ongeveer 150 mili-", quote=False) in body
    assert "/letter/kst-29521-430" in body


def test_serve_resource_page_of_a_place_lists_the_attack(journey, server):
    body = _page(server, "/id/place/tessalit").text
    assert "Tessalit" in body
    assert "/letter/kst-29521-412" in body, "the Tessalit page does not lead to the letter that names it"


def test_serve_letter_view_highlights_the_facts(journey, server):
    body = _page(server, "/letter/kst-29521-412").text
    marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", body, re.S)]
    text = letter_text(journey, "kst-29521-412")
    assert "Nederland levert in 2019 maximaal 12 militairen aan EUTM Mali" in marks, marks
    assert any("Tessalit" in m for m in marks), marks
    assert all(m in text for m in marks)
    assert "gtag" not in body and "999 militairen" not in body


def test_serve_actor_api(journey, server):
    http, base = server
    r = http.get(base + "/api/actors", params={"q": "takuba"}, timeout=60)
    assert r.status_code == 200
    assert any(a["id"] == "mission/takuba" for a in r.json()["actors"]), r.json()
    r = http.get(base + "/api/actors/state/SWE/relations", timeout=60)
    assert r.status_code == 200, r.text[:300]
    edges = [e for e in r.json()["edges"]
             if e["type"] == "skg:contributesTo" and e["target"] == "mission/takuba"]
    assert edges, r.json()["edges"]
    ev = [x for e in edges for x in e["evidence"] if x["letter"] == letter_iri("kst-29521-430")]
    assert ev, edges
    text = letter_text(journey, "kst-29521-430")
    assert all(text[x["start"]:x["end"]] == x["passage"] for x in ev)


def test_serve_sparql_endpoint_answers_who_contributes_to_takuba(journey, server):
    http, base = server
    q = """PREFIX skg: <https://w3id.org/sahelkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?who ?n ?exact WHERE { ?c a skg:Contribution ; skg:contributor ?who ;
             skg:mission <%smission/takuba> ; skg:personnel ?n ; skg:evidence/oa:exact ?exact }""" % ID
    r = http.post(base + "/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200, r.text[:300]
    rows = [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]
    assert any(x["who"] == ID + "state/SWE" and x["n"] == "150" and "Takuba" in x["exact"] for x in rows), rows


def test_serve_timeline_has_the_new_events(journey, server):
    http, base = server
    r = http.get(base + "/api/timeline", timeout=60)
    assert r.status_code == 200, r.text[:300]
    mine = [e for e in r.json()["events"] if e.get("letter") == letter_iri("kst-29521-412")]
    hits = [e for e in mine if e.get("date") == "2019-03-03" and e.get("place") == ID + "place/tessalit"]
    assert hits, mine
    text = letter_text(journey, "kst-29521-412")
    assert text[hits[0]["start"]:hits[0]["end"]] == hits[0]["quote"]
    _page(server, "/timeline")


def test_serve_escapes_markup_from_letters(journey, server):
    r = _page(server, "/letter/xss-letter")
    csp = r.headers.get("Content-Security-Policy", "")
    assert csp and "script-src" in csp and "'unsafe-inline'" not in csp, csp
    body = r.text
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text
    # no script elements at all apart from the product's own static files
    for src in re.findall(r"<script\b([^>]*)>", body):
        assert 'src="/static/' in src, f"inline or foreign <script{src}>"


# --------------------------------------------------------------------------- 9. file names as users have them

def test_add_file_name_with_spaces(journey):
    """Downloads and Word exports have spaces in their names ("Kamerbrief Mali.txt")."""
    p = journey.inbox / "Kamerbrief EUTM Mali 3 februari 2020.txt"
    p.write_text("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 februari 2020\n\n"
                 "Nederland levert in 2020 maximaal 5 militairen aan EUTM Mali.\n\n"
                 "De Minister van Defensie,\nA.Th.B. Bijleveld-Schouten\n", encoding="utf-8")
    r = journey.run("add", str(p))
    assert "Traceback" not in r.stderr
    assert r.returncode == 0, r.stderr.strip()
    assert "added" in r.stdout


def test_added_letter_name_makes_a_plain_iri(journey):
    """A '#' or '?' in a file name must not end up raw in the letter's IRI (it would start a fragment/query)."""
    p = journey.inbox / "brief#2-over-EUTM?.txt"
    p.write_text("Den Haag, 4 februari 2020\n\nNederland levert in 2020 maximaal 6 militairen aan EUTM Mali.\n",
                 encoding="utf-8")
    r = journey.run("add", str(p))
    assert r.returncode == 0, r.stderr.strip()
    rows = journey.run("query", "SELECT ?l WHERE { ?l skg:text ?t FILTER(CONTAINS(?t, \"4 februari 2020\")) }",
                       "--format", "json")
    iris = [b["l"]["value"] for b in json.loads(rows.stdout)["results"]["bindings"]]
    assert iris and all("#" not in i and "?" not in i and " " not in i for i in iris), iris
