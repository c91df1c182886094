"""``sahelkg export --format csv``: one CSV per fact type plus a Frictionless ``datapackage.json``.

Every fact row carries its source letter, quote and offsets, so R and spreadsheet users can check it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pyoxigraph import Store

from sahelkg import __version__
from sahelkg.graph.facts import TABLES, rows


UNIQUE_ROWS = ("entities", "events", "relations", "letters")


def write_tables(store: Store, folder: str | Path) -> list[Path]:
    """Write ``<table>.csv`` for every fact type and ``datapackage.json`` into ``folder``; return the files."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written, resources = [], []
    for name, spec in TABLES.items():
        path = out / f"{name}.csv"
        columns = [c[0] for c in spec["columns"]]
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in rows(store, name):
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        written.append(path)
        resources.append({
            "name": name,
            "path": path.name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": c, "type": t, "description": d} for c, t, d in spec["columns"]],
                "missingValues": [""],
                # one row per fact, except that a fact with several contributors (or missions) has a row each
                **({"primaryKey": [columns[0]]} if name in UNIQUE_ROWS else {}),
            },
        })
    package = {
        "profile": "tabular-data-package",
        "name": "sahelkg",
        "title": "sahelkg: facts from Dutch parliamentary letters on the missions in Mali and the Sahel",
        "version": __version__,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    pkg = out / "datapackage.json"
    pkg.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, pkg]
