"""``sahelkg build|add|load|query|export|stats`` as a user runs them: exit codes, one-line errors, outputs."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic_letters import generate  # noqa: E402


def run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAHELKG_DATA": str(data)}
    env.pop("SAHELKG_STORE", None)
    env.pop("SAHELKG_CORPUS", None)
    return subprocess.run([sys.executable, "-m", "sahelkg", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=600)


def one_line_error(out: subprocess.CompletedProcess, code: int = 1) -> str:
    assert out.returncode == code, (out.returncode, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    return lines[0]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli-data")
    generate(d / "corpus", 2, seed=3)
    out = run(d, "build", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    assert "built" in out.stderr and "from 7 letters" in out.stderr
    return d


def test_build_again_is_up_to_date_and_json_report(data):
    from sahelkg.graph.versions import StoreLayout

    layout = StoreLayout(data / "store")
    before = layout.manifest()["extractor_version"]
    out = run(data, "build", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["letters"] == 7 and report["errors"] == []
    # the extractor's version hashes its code: while it is being edited, a rebuild re-extracts (and only then)
    if layout.manifest()["extractor_version"] == before:
        assert report["extracted"] == [] and report["mode"] == "unchanged"


def test_query_formats_and_errors(data):
    out = run(data, "query", "--format", "csv", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "8"  # 7 letters + the ontology
    out = run(data, "query", "ASK { ?l a skg:Letter }")  # the usual prefixes are predeclared
    assert out.stdout.strip() == "true"
    line = one_line_error(run(data, "query", "SELECT ?x WHERE { ?x"))
    assert line.startswith("sahelkg: error: malformed query:")
    assert one_line_error(run(data, "query"), code=2).startswith("sahelkg:")
    missing = data.parent / "nothing-here"
    line = one_line_error(run(missing, "query", "ASK {}"))
    assert "run `sahelkg build` first" in line


def test_export_to_stdout_file_and_gzip(data, tmp_path):
    out = run(data, "export", "--format", "nquads")
    assert out.returncode == 0, out.stderr
    ds = rdflib.Dataset()
    ds.parse(data=out.stdout, format="nquads")
    assert sum(1 for _ in ds.quads((None, None, None, None))) > 100
    f = tmp_path / "graph.ttl.gz"
    out = run(data, "export", "-o", str(f))
    assert out.returncode == 0 and f.exists(), out.stderr
    g = rdflib.Graph().parse(data=gzip.decompress(f.read_bytes()).decode(), format="turtle")
    assert len(g) > 100
    out = run(data, "export", "--format", "jsonld", "--ontology")
    assert out.returncode == 0 and json.loads(out.stdout)["@graph"], out.stderr
    out = run(data, "export", "--construct", "CONSTRUCT { ?s a skg:Letter } WHERE { ?s a skg:Letter }")
    assert out.returncode == 0 and "skg:Letter" in out.stdout, out.stderr
    assert "no graph for letter" in one_line_error(run(data, "export", "--letter", "nope"))
    assert "malformed query" in one_line_error(run(data, "export", "--construct", "CONSTRUCT {"))
    assert one_line_error(run(data, "export", "--letter", "x", "--ontology"), code=2)


def test_stats_table_and_json(data):
    out = run(data, "stats", "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert len(stats["letters"]) == 7 and stats["quads"] > 0
    assert stats["quads"] == sum(l["quads"] for l in stats["letters"]) + stats["ontology_quads"]
    table = run(data, "stats")
    assert table.returncode == 0 and "per letter" in table.stdout and "facts per type" in table.stdout


def test_add_prints_what_it_found_and_recognises_a_duplicate(data, tmp_path):
    letter = tmp_path / "kamerbrief.txt"
    letter.write_text("Tweede Kamer der Staten-Generaal\n\n29 521 Nr. 451\n\nDen Haag, 9 oktober 2019\n\n"
                      "Nederland levert 250 militairen aan MINUSMA tot en met 31 december 2020.\n", encoding="utf-8")
    out = run(data, "add", str(letter))
    assert out.returncode == 0, out.stderr
    assert "added" in out.stdout and "2019-10-09" in out.stdout and "facts" in out.stdout
    out = run(data, "add", str(letter))
    assert out.returncode == 0 and "already in the graph" in out.stdout
    assert "not a letter file" in one_line_error(run(data, "add", str(tmp_path / "x.doc")))


def test_load_a_file_into_a_graph_and_errors_are_one_line(data, tmp_path):
    f = tmp_path / "x.ttl"
    f.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", encoding="utf-8")
    out = run(data, "load", str(f), "--graph", "http://example.org/g")
    assert out.returncode == 0, out.stderr
    out = run(data, "query", "--format", "csv", "SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }")
    assert out.stdout.split()[-1] == "1"
    f.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    line = one_line_error(run(data, "load", str(f), "--graph", "http://example.org/g"))
    assert "x.ttl" in line and "line 1" in line
