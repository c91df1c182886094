"""``load``: any RDF file into a named graph, as a new version, kept across rebuilds; ``add``: letters in, duplicates out."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from sahelkg.errors import LetterError, SahelkgError
from sahelkg.graph.add import add_letter
from sahelkg.graph.build import build
from sahelkg.graph.load import load_file
from sahelkg.graph.store import current_version, open_current
from sahelkg.namespaces import Iris

IRIS = Iris()
G = "http://example.org/graph/extra"
TTL = """@prefix ex: <http://example.org/> .
ex:a ex:knows ex:b , ex:c .
ex:b ex:name "Bee"@en .
"""


def in_graph(settings, g: str) -> int:
    return sum(1 for _ in open_current(settings.store).quads_for_pattern(None, None, None, NamedNode(g)))


def test_load_into_a_named_graph_replaces_appends_and_survives_a_full_build(make_settings, tmp_path):
    s = make_settings(1)
    build(s, workers=1)
    before = len(open_current(s.store))
    f = tmp_path / "extra.ttl"
    f.write_text(TTL, encoding="utf-8")
    v = current_version(s.store)
    res = load_file(s, f, G)
    assert res["quads"] == 3 and current_version(s.store) != v
    assert in_graph(s, G) == 3 and len(open_current(s.store)) == before + 3
    load_file(s, f, G)  # replace: still 3
    assert in_graph(s, G) == 3
    g2 = tmp_path / "more.nt"
    g2.write_text("<http://example.org/d> <http://example.org/p> \"x\" .\n", encoding="utf-8")
    load_file(s, g2, G, append=True)
    assert in_graph(s, G) == 4
    build(s, full=True, workers=1)  # a fresh store still holds what was loaded
    assert in_graph(s, G) == 4
    letter = next(s.corpus.iterdir())
    letter.write_text(letter.read_text(encoding="utf-8") + "\nZin.\n", encoding="utf-8")
    build(s, workers=1)  # and so does an incremental one
    assert in_graph(s, G) == 4


def test_load_errors_name_the_file_and_line_and_change_nothing(make_settings, tmp_path):
    s = make_settings(0)
    build(s, workers=1)
    v = current_version(s.store)
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(SahelkgError, match=r"bad\.ttl: not valid Turtle: .*line 2"):
        load_file(s, bad, G)
    with pytest.raises(SahelkgError, match="managed by `sahelkg build`"):
        load_file(s, bad, IRIS.ontology_graph)
    with pytest.raises(SahelkgError, match="cannot tell the RDF format"):
        load_file(s, tmp_path / "x.unknown", G)
    with pytest.raises(SahelkgError, match="not an IRI"):
        load_file(s, bad, "not an iri")
    assert current_version(s.store) == v


def test_add_copies_extracts_reports_and_recognises_a_duplicate(make_settings, tmp_path):
    s = make_settings(0)
    build(s, workers=1)
    letter = tmp_path / "brief_2021.txt"
    letter.write_text("Tweede Kamer der Staten-Generaal\n\n29 521 Nr. 444\n\nDen Haag, 4 maart 2021\n\n"
                      "Nederland levert 25 militairen aan MINUSMA. Duitsland levert circa 300 militairen aan EUTM Mali.\n",
                      encoding="utf-8")
    res = add_letter(s, letter, workers=1)
    assert res["duplicate_of"] is None and res["name"] == "brief_2021"
    assert (s.corpus / "brief_2021.txt").read_bytes() == letter.read_bytes()
    assert in_graph(s, IRIS.letter_graph("brief_2021")) == res["entry"]["quads"] > 0
    assert res["entry"]["letter"].get("date") == "2021-03-04"
    v = current_version(s.store)
    copy = tmp_path / "copy" / "other_name.txt"
    copy.parent.mkdir()
    copy.write_bytes(letter.read_bytes())
    dup = add_letter(s, copy, workers=1)
    assert dup["duplicate_of"] == "brief_2021" and current_version(s.store) == v
    assert not (s.corpus / "other_name.txt").exists()
    # a different letter under a taken name gets its own name
    letter.write_text(letter.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    other = add_letter(s, letter, workers=1)
    assert other["name"].startswith("brief_2021-") and other["duplicate_of"] is None


def test_add_refuses_what_is_not_a_letter_and_leaves_nothing_behind(make_settings, tmp_path):
    s = make_settings(0)
    build(s, workers=1)
    with pytest.raises(LetterError, match="not a letter file"):
        add_letter(s, tmp_path / "x.docx")
    empty = tmp_path / "leeg.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(LetterError):
        add_letter(s, empty, workers=1)
    assert not (s.corpus / "leeg.txt").exists()
