"""A real Virtuoso (Debian's virtuoso-opensource) on loopback, started for these tests and stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests


@dataclass(frozen=True)
class Virtuoso:
    sparql: str  # query and update endpoint
    graph_store: str  # Graph Store HTTP Protocol endpoint


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """\
[Database]
DatabaseFile = {d}/v.db
ErrorLogFile = {d}/v.log
LockFile = {d}/v.lck
TransactionFile = {d}/v.trx
xa_persistent_file = {d}/v.pxa
[TempDatabase]
DatabaseFile = {d}/v-temp.db
TransactionFile = {d}/v-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Virtuoso:
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not exe or not isql:
        pytest.fail("virtuoso-opensource is not installed (scripts/system-deps.sh installs it)")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen([exe, "-f", "-c", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                pytest.fail(f"virtuoso exited: {(d / 'v.log').read_text()[-1000:]}")
            time.sleep(0.5)
        else:
            pytest.fail("virtuoso did not answer within 60 s")
        # Out of the box Virtuoso's anonymous SPARQL user may read only; grant it update for the test server.
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield Virtuoso(sparql=f"{base}/sparql", graph_store=f"{base}/sparql-graph-crud")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
