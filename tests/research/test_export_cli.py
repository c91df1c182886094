"""``sahelkg export --format csv|graphml|gexf|html`` on the seed graph, read back by pandas, networkx, frictionless."""

from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx
import pandas as pd
from frictionless import Package


def export(seed_settings, *args):
    env = {**os.environ, "SAHELKG_DATA": str(seed_settings.data_dir)}
    return subprocess.run([sys.executable, "-m", "sahelkg", "export", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_csv_export_is_a_valid_datapackage(seed_settings, seed_store_path, tmp_path):
    out = export(seed_settings, "--format", "csv", "-o", str(tmp_path / "tables"))
    assert out.returncode == 0, out.stderr
    assert Package(str(tmp_path / "tables" / "datapackage.json")).validate().valid
    contributions = pd.read_csv(tmp_path / "tables" / "contributions.csv")
    nld = contributions[contributions.contributor_label == "Netherlands"]
    assert len(nld) > 0 and nld.quote.notna().all()


def test_network_exports_with_filters(seed_settings, seed_store_path, tmp_path):
    out = export(seed_settings, "--format", "graphml", "-o", str(tmp_path / "all.graphml"))
    assert out.returncode == 0, out.stderr
    everything = nx.read_graphml(tmp_path / "all.graphml")
    out = export(seed_settings, "--format", "gexf", "--types", "supports", "-o", str(tmp_path / "supports.gexf"))
    assert out.returncode == 0, out.stderr
    supports = nx.read_gexf(tmp_path / "supports.gexf")
    relations = {d.get("relation") for *_, d in supports.edges(data=True)}
    assert relations == {"supports"} and 0 < supports.number_of_edges() < everything.number_of_edges()
    some = next(d for *_, d in supports.edges(data=True))
    assert some["quote"] and some["letter"].startswith("https://w3id.org/sahelkg/id/letter/")


def test_html_reference_and_usage_errors(seed_settings, seed_store_path, tmp_path):
    out = export(seed_settings, "--format", "html", "--ontology", "-o", str(tmp_path / "ref.html"))
    assert out.returncode == 0 and "skg:Contribution" in (tmp_path / "ref.html").read_text() or \
        "Contribution" in (tmp_path / "ref.html").read_text()
    for args in (["--format", "csv"], ["--format", "html"]):
        bad = export(seed_settings, *args)
        assert bad.returncode == 2 and bad.stderr.startswith("sahelkg:") and "Traceback" not in bad.stderr
