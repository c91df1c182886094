"""Helpers shared by the server tests (a uniquely named module: ``conftest`` clashes across test folders)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared server process helper
import serverproc  # noqa: E402
from serverproc import ROOT, SAHELKG, free_port  # noqa: E402,F401

W3C_DIR = ROOT.parent / "shared" / "w3c-sparql-protocol"
W3C_GRAPHS = {f"data{i}.nt": f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)}
TIMEOUT = 3.0  # the query timeout of the timeout tests' server, seconds
SERVER_TIMEOUT = 20.0  # the other test servers' (a first request in a fresh worker may import a lot)
ROW_LIMIT = 50


def _load(store: Path, path: Path, graph: str | None = None) -> None:
    cmd = SAHELKG + ["load", str(path), "--store", str(store)] + (["--graph", graph] if graph else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(cmd)} failed: {done.stderr}"


def Server(store: Path, log: Path, workers: int = 2, **env) -> serverproc.Server:
    """A running ``sahelkg serve`` over ``store`` (``tests/serverproc.py``) with these tests' limits;
    ``env``: extra ``SAHELKG_*`` variables (they override the limits)."""
    return serverproc.Server(log, store=store, workers=workers, timeout=SERVER_TIMEOUT,
                             env={"SAHELKG_ROW_LIMIT": str(ROW_LIMIT), **env})
