"""Helpers shared by the server tests (a uniquely named module: ``conftest`` clashes across test folders)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

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
