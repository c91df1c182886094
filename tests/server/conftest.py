"""Server fixtures: a versioned store (the hand-made sample graph plus the W3C protocol suite's
graphs, loaded with ``sahelkg load``) and a real ``sahelkg serve`` (gunicorn) on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from pyoxigraph import RdfFormat, serialize

sys.path.insert(0, str(Path(__file__).parent))
from sample import sample_quads  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAHELKG = [sys.executable, "-m", "sahelkg.cli"] if not (ROOT / ".venv/bin/sahelkg").exists() else [str(ROOT / ".venv/bin/sahelkg")]
W3C_DIR = ROOT.parent / "shared" / "w3c-sparql-protocol"
W3C_GRAPHS = {f"data{i}.nt": f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)}
TIMEOUT = 3.0  # the query timeout of the timeout tests' server, seconds
SERVER_TIMEOUT = 20.0  # the other test servers' (a first request in a fresh worker may import a lot)
ROW_LIMIT = 50


def _load(store: Path, path: Path, graph: str | None = None) -> None:
    cmd = SAHELKG + ["load", str(path), "--store", str(store)] + (["--graph", graph] if graph else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(cmd)} failed: {done.stderr}"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A versioned store holding the sample graph and, if present, the W3C suite's data graphs."""
    tmp = tmp_path_factory.mktemp("server-store")
    nq = tmp / "sample.nq"
    nq.write_bytes(serialize(sample_quads(), format=RdfFormat.N_QUADS))
    store = tmp / "store"
    _load(store, nq)
    if W3C_DIR.is_dir():
        for name, graph in W3C_GRAPHS.items():
            _load(store, W3C_DIR / name, graph)
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running ``sahelkg serve``; ``log`` is its stderr (the structured access log)."""

    def __init__(self, store: Path, log: Path, workers: int = 2, **env) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        full_env = {**os.environ, "SAHELKG_QUERY_TIMEOUT": str(SERVER_TIMEOUT), "SAHELKG_ROW_LIMIT": str(ROW_LIMIT),
                    "SAHELKG_RATE_LIMIT": "off", **env}
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(SAHELKG + ["serve", "--host", "127.0.0.1", "--port", str(self.port),
                                                "--store", str(store), "--workers", str(workers)],
                                     stdout=self._log, stderr=subprocess.STDOUT, env=full_env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sahelkg serve exited: {log.read_text()}")
            try:
                if requests.get(self.url + "/health", timeout=15).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"sahelkg serve did not become healthy: {log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@pytest.fixture(scope="session")
def server(sample_store, tmp_path_factory):
    srv = Server(sample_store, tmp_path_factory.mktemp("server-log") / "serve.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.url


@pytest.fixture()
def app(sample_store):
    """The Flask app in-process over the same store (for page and API tests)."""
    from sahelkg.server import create_app

    return create_app({"STORE_PATH": str(sample_store), "QUERY_TIMEOUT": TIMEOUT, "ROW_LIMIT": ROW_LIMIT,
                       "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()
