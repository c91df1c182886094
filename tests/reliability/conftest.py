"""Reliability fixtures: real ``sahelkg serve`` processes (gunicorn) over stores we can rebuild,
break or fill up, and the external Virtuoso of ``tests/external`` for the backend tests.

Every server here listens on 127.0.0.1 only; every load loop is bounded in count and time.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SAHELKG = [str(ROOT / ".venv/bin/sahelkg")] if (ROOT / ".venv/bin/sahelkg").exists() else [sys.executable, "-m", "sahelkg.cli"]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# The Virtuoso fixture of tests/external, reused as is (one definition of how to start it).
_spec = importlib.util.spec_from_file_location("sahelkg_tests_external_conftest", ROOT / "tests/external/conftest.py")
_external = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _external  # dataclasses look their module up there
_spec.loader.exec_module(_external)
virtuoso = _external.virtuoso


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, env: dict | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(SAHELKG + list(args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)


class Server:
    """A running ``sahelkg serve`` on 127.0.0.1; ``log`` holds its stderr (access log, gunicorn)."""

    def __init__(self, log: Path, *, store: Path | None = None, backend: str | None = None, workers: int = 2,
                 timeout: float = 5.0, env: dict | None = None, wait: bool = True) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        full_env = {**os.environ, "SAHELKG_QUERY_TIMEOUT": str(timeout), "SAHELKG_RATE_LIMIT": "off", **(env or {})}
        args = ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        if store is not None:
            args += ["--store", str(store)]
        if backend is not None:
            args += ["--backend", backend]
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(SAHELKG + args, stdout=self._log, stderr=subprocess.STDOUT, env=full_env,
                                     start_new_session=True)
        if wait:
            self.wait_healthy()

    def wait_healthy(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sahelkg serve exited {self.proc.returncode}: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/health", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"sahelkg serve did not become healthy: {self.log.read_text()[-3000:]}")

    def workers(self) -> list[psutil.Process]:
        """The gunicorn worker processes (children of the arbiter)."""
        return psutil.Process(self.proc.pid).children()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    """An empty data folder (store, corpus) for one test."""
    d = tmp_path / "data"
    d.mkdir()
    return d


def build_into(data: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli("--data", str(data), "build", *extra, env=env)


@pytest.fixture(scope="session")
def built_seed_data(tmp_path_factory) -> Path:
    """A data folder whose store holds the seed letters (built once; copy it before changing it)."""
    d = tmp_path_factory.mktemp("rel-seed") / "data"
    d.mkdir()
    done = build_into(d)
    assert done.returncode == 0, done.stderr
    return d


@pytest.fixture()
def seed_copy(built_seed_data, tmp_path) -> Path:
    """A private copy of the seed data folder (the build cache comes along, so rebuilds are quick)."""
    d = tmp_path / "data"
    shutil.copytree(built_seed_data, d, symlinks=True)
    return d
