"""A real ``sahelkg serve`` (gunicorn) on a free loopback port, for tests and benchmarks.

The one definition of how to start, wait for and stop a server process; used by ``tests/server``
(through ``server_helpers``), ``tests/reliability`` and ``benchmarks/soak.py`` (which puts
``tests/`` on ``sys.path``). Every server listens on 127.0.0.1 only, with rate limiting off unless
``env`` sets ``SAHELKG_RATE_LIMIT``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
SAHELKG = [str(ROOT / ".venv/bin/sahelkg")] if (ROOT / ".venv/bin/sahelkg").exists() else [sys.executable, "-m", "sahelkg.cli"]


def run_cli(*args: str, env: dict | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """``sahelkg ARGS`` as a subprocess (output captured as text; ``env`` added to ours)."""
    return subprocess.run(SAHELKG + list(args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running ``sahelkg serve`` on 127.0.0.1; ``log`` holds its stdout and stderr (access log, gunicorn).

    Serves ``store`` (``--store``), or the store of the data folder ``data`` (``--data``), or the
    remote SPARQL endpoint ``backend`` (``--backend``). ``timeout``: the query time limit in seconds
    (``SAHELKG_QUERY_TIMEOUT``); ``env`` is applied last, so it can override that too. With
    ``wait`` (default) the constructor returns once ``/health`` answers 200.
    """

    def __init__(self, log: Path, *, store: Path | None = None, data: Path | None = None, backend: str | None = None,
                 workers: int = 2, timeout: float = 5.0, env: dict | None = None, wait: bool = True,
                 extra_args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(log)
        full_env = {**os.environ, "SAHELKG_QUERY_TIMEOUT": str(timeout), "SAHELKG_RATE_LIMIT": "off", **(env or {})}
        args = (["--data", str(data)] if data is not None else []) + [
            "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers), *extra_args]
        if store is not None:
            args += ["--store", str(store)]
        if backend is not None:
            args += ["--backend", backend]
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(SAHELKG + args, stdout=self._log, stderr=subprocess.STDOUT, env=full_env,
                                     start_new_session=True)
        if wait:
            self.wait_healthy()

    def wait_healthy(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._log.close()
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
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
