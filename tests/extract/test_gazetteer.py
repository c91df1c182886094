"""The curated gazetteer: the shipped file validates, and bad files fail with a clear message."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahelkg.extract import gazetteer as gz


@pytest.fixture(scope="module")
def g() -> gz.Gazetteer:
    return gz.load()


def test_shipped_gazetteer_is_large_and_covers_every_class(g):
    assert len(g) >= 150
    counts = Counter(e.cls for e in g.entities)
    for cls in gz.CLASSES:
        assert counts[cls] >= 10, cls


def test_required_keys_exist(g):
    required = """state/MLI state/NLD state/FRA state/DEU state/USA state/GBR state/NER state/BFA state/TCD
    mission/minusma mission/eutm-mali mission/eucap-sahel-mali mission/eucap-sahel-niger mission/serval
    mission/barkhane mission/takuba mission/afisma organisation/un organisation/un-security-council
    organisation/eu organisation/council-of-the-eu organisation/g5-sahel organisation/ecowas
    organisation/african-union organisation/nato organisation/wagner-group group/aqim group/ansar-al-dine
    group/mujao group/jnim group/isgs group/al-mourabitoun group/katiba-macina group/mnla group/cma
    group/platform group/al-qaida group/islamic-state place/kidal place/timbuktu place/gao place/bamako
    place/menaka place/mopti place/sevare place/niamey place/ndjamena place/liptako-gourma place/sahel
    place/central-mali place/north-mali person/kajsa-ollongren""".split()
    missing = [k for k in required if k not in g.by_key]
    assert not missing


def test_every_eu_member_state_is_present_with_its_code(g):
    eu27 = "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE"
    for code in eu27.split():
        e = g.entity(f"state/{code}")
        assert e.cls == "State" and e.iso3166 == code


def test_states_have_iso_codes_and_wellformed_qids(g):
    for e in g.entities:
        if e.cls == "State":
            assert re.fullmatch(r"[A-Z]{3}", e.iso3166 or ""), e.key
            assert e.key == f"state/{e.iso3166}"
        else:
            assert e.iso3166 is None
        assert e.wikidata is None or re.fullmatch(r"Q[1-9]\d*", e.wikidata), e.key
        assert not e.unlinked


def test_known_wikidata_ids(g):
    # checked against the OWID country table (iso_alpha3 -> wikidata_uri)
    assert g.entity("state/MLI").wikidata == "Q912"
    assert g.entity("state/FRA").wikidata == "Q142"
    assert g.entity("state/NER").wikidata == "Q1032"
    assert g.entity("state/SLE").wikidata == "Q1044"
    assert g.entity("state/USA").wikidata == "Q30"


def test_wikidata_ids_are_unique(g):
    qids = [e.wikidata for e in g.entities if e.wikidata]
    dupes = [q for q, n in Counter(qids).items() if n > 1]
    assert not dupes


def test_labels_alt_labels_and_adjectives(g):
    mali = g.entity("state/MLI")
    assert mali.label_nl == "Mali" and mali.label_en == "Mali"
    assert "Malinese" not in mali.alt_labels  # adjectives are no names
    assert g.is_adjective("state/MLI", "Malinese")
    assert g.is_adjective("state/TCD", "Tsjadische")
    assert not g.is_adjective("state/TCD", "Tsjaad")
    assert "Timboektoe" in (g.entity("place/timbuktu").label_nl,)
    assert "Tombouctou" in g.entity("place/timbuktu").alt_labels
    assert "ISSP" in g.entity("group/isgs").alt_labels


def test_lookup_by_any_name(g):
    assert g.lookup("K.H. Ollongren").key == "person/kajsa-ollongren"
    assert g.lookup("Ansar Eddine").key == "group/ansar-al-dine"
    assert g.lookup("Tchad").key == "state/TCD"
    assert g.lookup("Plateforme").key == "group/platform"
    assert g.lookup("VS").key == "state/USA"
    assert g.lookup("vs") is None  # abbreviations are case-sensitive
    assert g.lookup("Raad Buitenlandse Zaken").key == "organisation/council-of-the-eu"
    assert g.lookup("Wagner-groep").key == "organisation/wagner-group"
    assert g.lookup("Goita").key == "person/assimi-goita"  # accents folded


def test_persons_by_surname(g):
    assert [e.entity.key for e in g.persons_with_surname("Ollongren")] == ["person/kajsa-ollongren"]
    traore = {e.entity.key for e in g.persons_with_surname("Traore")}
    assert traore == {"person/ibrahim-traore", "person/dioncounda-traore"}
    assert [e.entity.key for e in g.persons_with_surname_prefix("Hennis-Plasschae")] == [
        "person/jeanine-hennis-plasschaert"
    ]


def test_fold_keeps_length_and_folds_variants():
    for s in ["VN-Veiligheidsraad", "Goïta", "Jama’at", "Ségou\nMénaka", "İstanbul", "Straße"]:
        assert len(gz.fold(s)) == len(s)
    assert gz.fold("VN-Veiligheidsraad") == gz.fold("VN Veiligheidsraad") == "vn veiligheidsraad"
    assert gz.fold("Jama’at") == "jama'at"
    assert gz.fold("Ménaka") == "menaka"


def test_load_is_cached():
    assert gz.load() is gz.load()


# --------------------------------------------------------------------------- bad files


def _write(tmp_path, body: str):
    p = tmp_path / "g.yaml"
    p.write_text(body, encoding="utf-8")
    return str(p)


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "entries:\n- {key: state/MLI, class: State, label_en: Mali, iso3166: MLI}\n"
            "- {key: state/MLI, class: State, label_en: Mali2, iso3166: MLI}\n",
            "duplicate key",
        ),
        ("entries:\n- {key: thing/x, class: Thing, label_en: X}\n", "class must be one of"),
        ("entries:\n- {key: state/MLI, class: State, label_en: Mali}\n", "needs iso3166"),
        ("entries:\n- {key: state/MLI, class: State, label_en: Mali, iso3166: NER}\n", "state/<iso3166>"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, wikidata: 912}\n", "Q-id"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, wikidata: Q0}\n", "Q-id"),
        ("entries:\n- {key: group/x, class: Place, label_en: X}\n", "must start with 'place/'"),
        ("entries:\n- {key: place/x, class: Place}\n", "needs label_en or label_nl"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, colour: red}\n", "unknown field"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, alt: Y}\n", "alt must be a list"),
        (
            "entries:\n- {key: place/x, class: Place, label_en: Gao}\n"
            "- {key: place/y, class: Place, label_en: GAO}\n",
            "also a name of place/x",
        ),
        ("entries:\n- {key: place/x, class: Place, label_en: X, not_before: ['(']}\n", "bad regular expression"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, generic_compounds: x}\n", "generic_compounds must be a list"),
        ("entries:\n- {key: place/x, class: Place, label_en: X, in_context: [{name: Y}]}\n", "in_context entries need"),
        ("entries: [\n", "not valid YAML"),
        ("things: []\n", "list under 'entries'"),
    ],
)
def test_bad_gazetteer_fails_clearly(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(gz.GazetteerError) as err:
        gz.load(path)
    assert message in str(err.value)
    assert "g.yaml" in str(err.value)


def test_error_names_the_entry(tmp_path):
    path = _write(
        tmp_path,
        "entries:\n- {key: place/a, class: Place, label_en: A}\n- {key: place/b, class: Place, label_en: B, wikidata: x}\n",
    )
    with pytest.raises(gz.GazetteerError, match=r"entry 1 \(place/b\)"):
        gz.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(gz.GazetteerError, match="not found"):
        gz.load(str(tmp_path / "nope.yaml"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.text(alphabet="aZ09 -.é–’ŁøßİǅΣ\u0301\u00ad\U0001F600", max_size=60))
def test_word_fold_is_the_table_character_by_character(text):
    """The fast path (non-ASCII runs first, then ASCII) gives what the table gives one character at a time."""
    expected = "".join(chr(gz._WFOLD[ord(c)]) for c in text)
    assert gz.word_fold(text) == expected
    assert len(gz.word_fold(text)) == len(text)


def test_word_fold_of_every_ascii_character_is_the_table_s():
    """The bytes table of the ASCII path folds each ASCII character as the table does."""
    every = "".join(chr(c) for c in range(128))
    assert gz.word_fold(every) == "".join(chr(gz._WFOLD[c]) for c in range(128))
    assert gz.word_fold(every + "é" + every) == every.translate(gz._WFOLD) + "e" + every.translate(gz._WFOLD)
