"""SHACL shapes: hand-made graphs that meet and break each shape, the seed graph, and `sahelkg validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelkg.cli import main
from sahelkg.ontology.validate import validate_file, validate_store

FIX = Path(__file__).parent / "fixtures"


def test_conforming_graph_has_no_violations():
    report = validate_file(FIX / "conforming.trig")
    assert report.conforms, report.format()
    assert report.violations == ()


def test_each_shape_catches_its_violation():
    report = validate_file(FIX / "violating.ttl")
    assert not report.conforms
    found = {(v.focus.rsplit("/", 1)[-1].rstrip(")"), v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for v in report.violations}
    expected = {
        ("c-no-value", ""), ("c-no-contributor", "contributor"), ("c-string", "personnel"),
        ("m-open", ""), ("m-no-mission", "mission"),
        ("e-bare", "wasDerivedFrom"), ("e-bare", "evidence"), ("e-bare", "date"),
        ("e-no-offsets", "evidence"), ("e-no-offsets", "start"), ("e-no-offsets", "end"),
        ("s-bare", "evidence"), ("letter-y", "date"), ("state-b", "iso3166"), ("state-c", "iso3166"),
    }
    assert found == expected


def test_violations_are_readable():
    text = validate_file(FIX / "violating.ttl").format()
    assert "skg:personnel must be an xsd:integer" in text
    assert 'value: "vijf"' in text
    assert "from letter: https://example.org/sahelkg/id/letter-y" in text


def test_seed_graph_conforms(seed_store_path):
    report = validate_store(seed_store_path)
    assert report.triples > 0
    assert report.violations == (), report.format()


def test_cli_validate_exit_codes(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["validate", str(FIX / "conforming.trig")])
    assert e.value.code == 0
    with pytest.raises(SystemExit) as e:
        main(["validate", str(FIX / "violating.ttl")])
    assert e.value.code == 1
    out, err = capsys.readouterr()
    assert "a contribution needs a contributor" in out
    assert "15 violations" in err


def test_cli_validate_bad_file_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://x> <http://y> .\n", encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["validate", str(bad)])
    assert e.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("sahelkg: error: ") and "broken.ttl" in err and "Traceback" not in err


def test_cli_validate_store(seed_store_path, seed_settings, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--data", str(seed_settings.data_dir), "validate", "--store", str(seed_store_path)])
    out, err = capsys.readouterr()
    assert e.value.code == 0, out
    assert "conforms" in err


def test_validate_graph_accepts_pyoxigraph_quads():
    from pyoxigraph import RdfFormat, parse

    from sahelkg.ontology.validate import validate_graph

    quads = list(parse(path=str(FIX / "violating.ttl"), format=RdfFormat.TURTLE))
    report = validate_graph(quads)
    assert len(report.violations) == 15
    good = list(parse(path=str(FIX / "conforming.trig"), format=RdfFormat.TRIG))
    assert validate_graph(good).conforms
