"""Server fixtures: a versioned store (the hand-made sample graph plus the W3C protocol suite's
graphs, loaded with ``sahelkg load``) and a real ``sahelkg serve`` (gunicorn) on a free port."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

sys.path.insert(0, str(Path(__file__).parent))
from server_helpers import (ROOT, ROW_LIMIT, SAHELKG, SERVER_TIMEOUT, TIMEOUT, W3C_DIR, W3C_GRAPHS,  # noqa: E402,F401
                            Server, _load, free_port)
from skg_sample import sample_quads  # noqa: E402


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


@pytest.fixture(scope="session")
def server(sample_store, tmp_path_factory):
    srv = Server(sample_store, tmp_path_factory.mktemp("server-log") / "serve.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.url


@pytest.fixture()
def app(sample_store, tmp_path):
    """The Flask app in-process over the same store (for page and API tests), with a cache of its own."""
    from sahelkg.server import create_app

    return create_app({"STORE_PATH": str(sample_store), "QUERY_TIMEOUT": TIMEOUT, "ROW_LIMIT": ROW_LIMIT,
                       "TESTING": True, "RESPONSE_CACHE_DIR": str(tmp_path / "response-cache")})


@pytest.fixture()
def client(app):
    return app.test_client()
