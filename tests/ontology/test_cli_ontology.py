"""`sahelkg ontology check|reference|questions`: the reasoner, the HTML reference and the question list from the shell."""

from __future__ import annotations

import pytest

from sahelkg.cli import main


def _run(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main(argv)
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_check_ontology_alone(capsys):
    code, out, err = _run(["ontology", "check"], capsys)
    assert code == 0, err
    assert "consistent, no unsatisfiable classes" in err


def test_check_with_store(seed_store_path, capsys):
    code, out, err = _run(["ontology", "check", "--store", str(seed_store_path)], capsys)
    assert code == 0, err


def test_check_missing_store_is_one_clear_line(tmp_path, capsys):
    code, out, err = _run(["ontology", "check", "--store", str(tmp_path / "nowhere")], capsys)
    assert code == 1
    assert err.startswith("sahelkg: error: ") and "nowhere" in err and "Traceback" not in err


def test_reference_to_file(tmp_path, capsys):
    target = tmp_path / "ontology.html"
    code, out, err = _run(["ontology", "reference", "-o", str(target)], capsys)
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="Contribution"' in html


def test_questions_lists_every_query(capsys):
    from sahelkg.resources import queries_dir

    code, out, err = _run(["ontology", "questions"], capsys)
    assert code == 0
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert names == sorted(p.stem for p in queries_dir().glob("*.rq"))
