"""``sahelkg serve`` from the command line: gunicorn (not Flask's development server), clear errors."""

from __future__ import annotations

import subprocess

import requests

from server_helpers import SAHELKG


def test_missing_store_is_one_clear_line(tmp_path):
    done = subprocess.run(SAHELKG + ["serve", "--store", str(tmp_path / "nothing"), "--port", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("sahelkg: error:") and "sahelkg build" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_runs_under_gunicorn_with_several_workers(server):
    log = server.log.read_text()
    assert "gunicorn" in log.lower() and "Booting worker" in log
    assert "development server" not in log.lower()
    pids = {requests.get(server.url + "/health", timeout=10).json()["pid"] for _ in range(40)}
    assert requests.get(server.url + "/health", timeout=10).json()["watchdog"] is True
    assert len(pids) >= 1


def test_workers_exit_cleanly(sample_store, tmp_path):
    """The arbiter never opens RocksDB (workers forked from it would crash on exit)."""
    from server_helpers import Server

    srv = Server(sample_store, tmp_path / "serve.log", workers=2)
    assert requests.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    srv.stop()
    log = srv.log.read_text()
    assert "SIGSEGV" not in log and "Shutting down: Master" in log
