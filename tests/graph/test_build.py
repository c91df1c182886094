"""Building the store: versions, incremental rebuilds, failures that lose nothing."""

from __future__ import annotations

import fcntl
import os

import pytest
from pyoxigraph import NamedNode

import sahelkg.extract
from sahelkg.errors import StoreError
from sahelkg.graph import build as build_mod
from sahelkg.graph.build import BuildFailed, build
from sahelkg.graph.records import letters_of
from sahelkg.graph.store import current_version, open_current
from sahelkg.graph.versions import StoreLayout, release_reader
from sahelkg.namespaces import PROV, Iris
from sahelkg.resources import seed_letters

IRIS = Iris()


def graphs(settings) -> set[str]:
    st = open_current(settings.store)
    return {g.value for g in st.named_graphs()}


def graph_len(settings, name: str) -> int:
    st = open_current(settings.store)
    return sum(1 for _ in st.quads_for_pattern(None, None, None, NamedNode(IRIS.letter_graph(name))))


def test_seed_graph_has_a_graph_per_letter_with_provenance_and_the_ontology(seed_store_path, seed_settings):
    st = open_current(seed_store_path)
    names = [p.stem for p in seed_letters()]
    for name in names:
        g = NamedNode(IRIS.letter_graph(name))
        assert list(st.quads_for_pattern(g, NamedNode(PROV + "wasDerivedFrom"), NamedNode(IRIS.letter(name)), g))
    assert any(True for _ in st.quads_for_pattern(None, None, None, NamedNode(IRIS.ontology_graph)))
    manifest = StoreLayout(seed_store_path).manifest()
    assert set(letters_of(seed_store_path, manifest)) == set(names)
    assert manifest["quads"] == len(st)


def test_rebuild_without_changes_extracts_nothing_and_keeps_the_version(make_settings):
    s = make_settings(3)
    first = build(s, workers=1)
    assert first.mode == "full" and len(first.extracted) == 8
    again = build(s, workers=1)
    assert again.mode == "unchanged" and again.extracted == [] and again.version == first.version
    assert current_version(s.store) == first.version


def test_changed_letter_is_re_extracted_and_only_its_graph_replaced(make_settings):
    s = make_settings(3)
    build(s, workers=2)  # through the process pool
    letter = sorted(s.corpus.iterdir())[1]
    before = {n: graph_len(s, n) for n in [p.stem for p in s.corpus.iterdir()]}
    letter.write_text(letter.read_text(encoding="utf-8") + "\nNederland levert 12 militairen aan MINUSMA.\n",
                      encoding="utf-8")
    r = build(s, workers=1)
    assert r.mode == "incremental"
    assert r.extracted == [letter.stem] and r.replaced == [letter.stem] and r.removed == []
    for n, count in before.items():
        if n != letter.stem:
            assert graph_len(s, n) == count
    st = open_current(s.store)
    text = next(st.quads_for_pattern(NamedNode(IRIS.letter(letter.stem)), None, None, None))
    assert text is not None
    assert StoreLayout(s.store).manifest()["quads"] == len(st)


def test_removed_letter_graph_disappears_and_added_letter_appears(make_settings):
    s = make_settings(3)
    build(s, workers=1)
    gone = sorted(s.corpus.iterdir())[0]
    gone.unlink()
    (s.corpus / "nieuw.txt").write_text(
        "Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2020\n\nNederland levert 20 trainers aan EUTM Mali.\n",
        encoding="utf-8")
    r = build(s, workers=1)
    assert r.removed == [gone.stem] and r.extracted == ["nieuw"]
    g = graphs(s)
    assert IRIS.letter_graph(gone.stem) not in g and IRIS.letter_graph("nieuw") in g
    assert StoreLayout(s.store).manifest()["quads"] == len(open_current(s.store))


def test_extractor_change_re_extracts_everything_but_replaces_only_what_changed(make_settings, monkeypatch):
    s = make_settings(2)
    build(s, workers=1)
    monkeypatch.setattr(sahelkg.extract, "EXTRACTOR_VERSION", "test-new-extractor")
    r = build(s, workers=1)
    assert sorted(r.extracted) == sorted(p.stem for p in seed_letters()) + sorted(p.stem for p in s.corpus.iterdir())
    assert r.replaced == []  # same output: no graph needed replacing
    assert r.mode == "unchanged"


def test_full_rebuild_starts_from_scratch_and_gives_the_same_graph(make_settings):
    s = make_settings(2)
    a = build(s, workers=1)
    n_a = len(open_current(s.store))
    b = build(s, full=True, workers=1)
    assert b.mode == "full" and len(b.extracted) == a.letters and b.version != a.version
    assert len(open_current(s.store)) == n_a


def test_bad_letter_is_named_others_are_built_and_its_old_graph_kept(make_settings):
    s = make_settings(2)
    build(s, workers=1)
    victim = sorted(s.corpus.iterdir())[0]
    kept = graph_len(s, victim.stem)
    victim.write_bytes(b"   \n\t  \n")  # only whitespace: not a letter
    (s.corpus / "extra.txt").write_text("Den Haag, 1 mei 2019\n\nDuitsland levert 30 militairen aan MINUSMA.\n",
                                        encoding="utf-8")
    with pytest.raises(BuildFailed) as e:
        build(s, workers=1)
    assert victim.name in " ".join(e.value.report.errors)
    assert IRIS.letter_graph("extra") in graphs(s)  # the good new letter is in
    assert graph_len(s, victim.stem) == kept  # the broken one keeps its last good graph


def test_disk_full_during_load_leaves_the_old_version_current(make_settings, monkeypatch):
    s = make_settings(2)
    first = build(s, workers=1)
    before = len(open_current(s.store))
    letter = sorted(s.corpus.iterdir())[0]
    letter.write_text(letter.read_text(encoding="utf-8") + "\nExtra zin.\n", encoding="utf-8")

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")
        yield b""

    monkeypatch.setattr(build_mod, "_letter_chunks", full_disk)
    with pytest.raises(StoreError, match="No space left on device"):
        build(s, workers=1)
    assert current_version(s.store) == first.version
    assert len(open_current(s.store)) == before
    assert not any(p.name.endswith(".partial") for p in (s.store / "versions").iterdir())
    monkeypatch.undo()
    assert build(s, workers=1).mode == "incremental"


def test_a_second_concurrent_build_is_refused(make_settings):
    s = make_settings(0)
    s.store.mkdir(parents=True)
    with open(s.store / "build.lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another build"):
            build(s, workers=1)


def test_old_versions_are_pruned_unless_a_reader_holds_them(make_settings):
    s = make_settings(1)
    v1 = build(s).version
    open_current(s.store)  # this process now reads v1
    letter = next(s.corpus.iterdir())
    for i in range(3):
        letter.write_text(letter.read_text(encoding="utf-8") + f"\nNog een zin {i}.\n", encoding="utf-8")
        build(s, workers=1)
    versions = StoreLayout(s.store).all_versions()
    assert v1 in versions and len(versions) == 3  # v1 held by a reader, plus the newest two
    release_reader(s.store, v1)
    letter.write_text(letter.read_text(encoding="utf-8") + "\nLaatste zin.\n", encoding="utf-8")
    build(s, workers=1)
    versions = StoreLayout(s.store).all_versions()
    assert v1 not in versions and len(versions) == 2


def test_leftover_partial_version_is_swept_by_the_next_build(make_settings):
    s = make_settings(1)
    build(s, workers=1)
    junk = s.store / "versions" / "v99999999T000000-000.partial"
    junk.mkdir()
    (junk / "000001.sst").write_bytes(b"half")
    letter = next(s.corpus.iterdir())
    letter.write_text(letter.read_text(encoding="utf-8") + "\nZin.\n", encoding="utf-8")
    build(s, workers=1)
    assert not junk.exists()
    assert os.readlink(s.store / "current").startswith("versions/v")


def test_seed_graph_conforms_to_the_shapes(seed_store_path):
    from sahelkg.ontology.validate import validate_store

    report = validate_store(seed_store_path)
    assert report.conforms, report.format()


def test_ontology_change_replaces_only_the_ontology_graph(make_settings, monkeypatch, tmp_path):
    s = make_settings(1)
    onto = tmp_path / "sahelkg.ttl"
    onto.write_text("@prefix skg: <https://w3id.org/sahelkg/ontology#> .\n"
                    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\nskg:Letter a owl:Class .\n", encoding="utf-8")
    monkeypatch.setattr(build_mod, "ontology_file", lambda: onto)
    build(s, workers=1)
    letters_before = {g: graph_len(s, g.rsplit("/", 1)[-1]) for g in graphs(s) if "/letter/" in g}
    onto.write_text(onto.read_text(encoding="utf-8") + "skg:Mission a owl:Class .\n", encoding="utf-8")
    r = build(s, workers=1)
    assert r.mode == "incremental" and r.extracted == [] and r.replaced == []
    st = open_current(s.store)
    assert sum(1 for _ in st.quads_for_pattern(None, None, None, NamedNode(IRIS.ontology_graph))) == 2
    assert {g: graph_len(s, g.rsplit("/", 1)[-1]) for g in graphs(s) if "/letter/" in g} == letters_before
    onto.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(s, workers=1)
    # a broken ontology file keeps the last good ontology graph
    assert sum(1 for _ in open_current(s.store).quads_for_pattern(None, None, None, NamedNode(IRIS.ontology_graph))) == 2


def test_a_plain_store_of_the_older_layout_is_moved_aside_not_lost(make_settings):
    from pyoxigraph import Quad, Store

    s = make_settings(0)
    old = Store(str(s.store))
    old.add(Quad(NamedNode("http://example.org/a"), NamedNode("http://example.org/p"), NamedNode("http://example.org/b")))
    old.flush()
    del old
    build(s, workers=1)
    legacy = [p for p in s.store.iterdir() if p.name.startswith("legacy-")]
    assert len(legacy) == 1 and len(Store.read_only(str(legacy[0]))) == 1
    assert IRIS.letter_graph(seed_letters()[0].stem) in graphs(s)


def test_a_cache_emptied_by_hand_is_refilled_when_a_graph_must_be_reloaded(make_settings):
    import shutil

    s = make_settings(2)
    build(s, workers=1)
    shutil.rmtree(s.store / "cache")
    r = build(s, full=True, workers=1)
    assert len(r.extracted) == 7 and StoreLayout(s.store).manifest()["quads"] == len(open_current(s.store))
    shutil.rmtree(s.store / "cache")
    letter = sorted(s.corpus.iterdir())[0]
    letter.write_text(letter.read_text(encoding="utf-8") + "\nZin.\n", encoding="utf-8")
    r = build(s, workers=1)  # only the changed letter is needed, and extracted
    assert r.extracted == [letter.stem] and r.mode == "incremental"


def test_a_manifest_of_the_older_format_moves_its_records_into_the_side_file(make_settings):
    """Stores built before ``records.sqlite`` kept every letter's entry (with entity records) in the manifest."""
    import json

    from sahelkg.extract import EXTRACTOR_VERSION
    from sahelkg.graph.cache import ExtractionCache

    s = make_settings(2)
    first = build(s, workers=1)
    layout = StoreLayout(s.store)
    manifest = layout.manifest()
    letters = letters_of(s.store, manifest)
    cache = ExtractionCache(layout.cache_dir, EXTRACTOR_VERSION)
    old = {**manifest, "letters": {n: {**e, "entities": cache.meta(e["key"])["entities"]} for n, e in letters.items()},
           "plan": {}, "plan_known": []}
    (layout.versions / f"{first.version}.json").write_text(json.dumps(old), encoding="utf-8")
    (s.store / "records.sqlite").unlink()
    assert letters_of(s.store, layout.manifest()) == old["letters"]  # readers understand the older format too

    again = build(s, workers=1)
    assert again.mode == "unchanged" and again.version == first.version and again.extracted == []
    assert "letters" not in layout.manifest()
    assert letters_of(s.store, layout.manifest()) == letters
    letter = sorted(s.corpus.iterdir())[0]
    letter.write_text(letter.read_text(encoding="utf-8") + "\nNederland levert 12 militairen aan MINUSMA.\n",
                      encoding="utf-8")
    r = build(s, workers=1)
    assert r.replaced == [letter.stem] and layout.manifest()["quads"] == len(open_current(s.store))
