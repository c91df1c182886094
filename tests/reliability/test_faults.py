"""Faults: a worker SIGKILLed under load, a missing or corrupt store at start, a build killed half-way,
a disk that fills up during a build. The server keeps answering, nothing served is lost, and every
failure the user sees is one clear line, never a traceback."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
import requests

from serverproc import SAHELKG, Server, run_cli
from test_zero_downtime import LETTERS_Q, _letters, _wait_for

pytestmark = pytest.mark.slow


def _version(store: Path) -> str:
    return os.readlink(store / "current")


class Hammer:
    """``n`` threads sending light queries until stopped, each on its own fresh connection."""

    def __init__(self, url: str, n: int, max_requests: int = 20000) -> None:
        self.url, self.stop = url, threading.Event()
        self.ok, self.failed, self.status = 0, [], Counter()
        self.failed_when: list[tuple[float, float]] = []  # (sent, failed) of each dropped request, monotonic s
        self.lock = threading.Lock()
        self.left = max_requests
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(n)]
        for t in self.threads:
            t.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                if self.left <= 0:
                    return
                self.left -= 1
            t0 = time.monotonic()
            try:
                r = requests.get(self.url + "/sparql", params={"query": LETTERS_Q},
                                 headers={"Accept": "application/sparql-results+json", "Connection": "close"}, timeout=30)
            except requests.RequestException as e:
                with self.lock:
                    self.failed.append(type(e).__name__)
                    self.failed_when.append((t0, time.monotonic()))
                continue
            with self.lock:
                self.status[r.status_code] += 1
                if r.status_code == 200:
                    self.ok += 1
                else:
                    self.failed.append(f"{r.status_code} {r.text[:100]}")

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)


# ------------------------------------------------------------------------------------ worker killed

def _open_connections(proc: psutil.Process, port: int) -> int:
    """Client connections the worker holds on the server's port (each is at most one request in flight)."""
    return sum(1 for c in proc.net_connections(kind="tcp")
               if c.laddr and c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED)


def test_sigkilled_worker_is_replaced_and_only_its_requests_fail(built_seed_data, tmp_path):
    with Server(tmp_path / "serve.log", store=built_seed_data / "store", workers=3, timeout=30) as srv:
        hammer = Hammer(srv.url, 8)
        try:
            time.sleep(2)
            victims = srv.workers()
            victim = victims[0]
            held = _open_connections(victim, srv.port)  # its requests in flight, just before the kill
            kill_from = time.monotonic()
            os.kill(victim.pid, signal.SIGKILL)
            kill_to = time.monotonic()
            assert _wait_for(lambda: len([p for p in srv.workers() if p.pid != victim.pid]) == 3, 60)
            before_more = hammer.ok
            time.sleep(2)
            assert hammer.ok > before_more  # still answering
        finally:
            hammer.finish()
        # only requests in flight at the kill are lost: each failed request was sent before the kill
        # and failed after it (a gthread worker may hold several; each client thread has at most one
        # in flight, so at most 8), each as a dropped connection, never as a 5xx answer; every
        # request sent after the kill is answered. ``held`` (counted just before the kill; more may be
        # accepted in between) is reported for the log.
        assert len(hammer.failed) <= 8, (held, hammer.failed)
        assert all(t0 <= kill_to and t1 >= kill_from for t0, t1 in hammer.failed_when), \
            (held, kill_from, kill_to, hammer.failed_when)
        assert all(not f[:1].isdigit() for f in hammer.failed), hammer.failed
        assert hammer.ok >= 50 and set(hammer.status) == {200}
        assert requests.get(srv.url + "/health", timeout=10).status_code == 200
        log = (tmp_path / "serve.log").read_text(errors="replace")
        assert "Traceback" not in log


# ------------------------------------------------------------------------------------ bad store at start

def _serve_once(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAHELKG_RATE_LIMIT": "off"}
    return subprocess.run(SAHELKG + args + ["serve", "--host", "127.0.0.1", "--port", "9"], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)


def _one_clear_line(done: subprocess.CompletedProcess, where: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("sahelkg: error: ") and where in lines[0], lines


def test_missing_store_is_one_clear_error(tmp_path):
    done = _serve_once(["--data", str(tmp_path / "nothing-here")], tmp_path)
    _one_clear_line(done, str(tmp_path / "nothing-here"))
    (tmp_path / "empty" / "store").mkdir(parents=True)
    _one_clear_line(_serve_once(["--data", str(tmp_path / "empty")], tmp_path), str(tmp_path / "empty"))


def test_corrupt_store_is_one_clear_error(built_seed_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(built_seed_data, data, symlinks=True)
    store = data / "store"
    vdir = store / _version(store)
    # the live version's RocksDB files overwritten with junk (a bad disk, a half-copied backup)
    for f in vdir.iterdir():
        if f.is_file() and (f.suffix == ".sst" or f.name.startswith(("MANIFEST", "CURRENT", "OPTIONS"))):
            f.write_bytes(b"\x00garbage\xff" * 64)
    _one_clear_line(_serve_once(["--data", str(data)], tmp_path), str(store))
    # `current` pointing at a version that is gone
    shutil.rmtree(vdir)
    _one_clear_line(_serve_once(["--data", str(data)], tmp_path), str(store))


# ------------------------------------------------------------------------------------ build killed

@pytest.mark.parametrize("phase", ["extracting", "loading", "flushed", "switching"])
def test_build_killed_midway_leaves_the_served_store_intact(seed_copy, tmp_path, phase):
    store = seed_copy / "store"
    before_version = _version(store)
    with Server(tmp_path / "serve.log", store=store, workers=2, timeout=30) as srv:
        before = _letters(srv.url)
        hammer = Hammer(srv.url, 3)
        try:
            env = {**os.environ, "SAHELKG_BUILD_PAUSE": phase, "SAHELKG_BUILD_PAUSE_SECONDS": "120"}
            build = subprocess.Popen(SAHELKG + ["--data", str(seed_copy), "build", "--full"], stderr=subprocess.PIPE,
                                     text=True, env=env, start_new_session=True)
            try:
                line = ""
                deadline = time.monotonic() + 300
                while f"paused at {phase}" not in line and time.monotonic() < deadline:
                    line = build.stderr.readline()
                    if not line and build.poll() is not None:
                        break
                assert f"paused at {phase}" in line, line
                os.killpg(build.pid, signal.SIGKILL)  # the build and its extraction processes
            finally:
                if build.poll() is None:
                    os.killpg(build.pid, signal.SIGKILL)
                build.wait()
            time.sleep(1)
        finally:
            hammer.finish()
        assert _version(store) == before_version
        assert not hammer.failed and hammer.ok > 0, hammer.failed[:5]
        assert _letters(srv.url) == before
        # the next build cleans up after the killed one and succeeds
        done = run_cli("--data", str(seed_copy), "build", "--full")
        assert done.returncode == 0, done.stderr
        assert _version(store) != before_version
        assert not [p for p in (store / "versions").iterdir() if p.name.endswith(".partial")]
        assert _wait_for(lambda: _letters(srv.url) == before)


# ------------------------------------------------------------------------------------ full disk

def _small_disk(path: Path, mb: int) -> bool:
    """Mount a ``mb`` MiB tmpfs at ``path`` (root only); False where that is not permitted."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={mb}m", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


def _fill(path: Path, leave_bytes: int) -> Path:
    """Fill the file system of ``path`` up to ``leave_bytes`` free."""
    filler = path / "filler.bin"
    free = shutil.disk_usage(path).free
    with open(filler, "wb") as fh:
        left = max(0, free - leave_bytes)
        chunk = b"\0" * (1 << 20)
        while left > 0:
            n = fh.write(chunk[:min(left, len(chunk))])
            left -= n
    return filler


def test_full_disk_fails_the_build_cleanly_and_keeps_the_old_store(built_seed_data, tmp_path):
    disk = tmp_path / "disk"
    mounted = _small_disk(disk, 64)
    try:
        data = disk / "data"
        shutil.copytree(built_seed_data, data, symlinks=True)
        store = data / "store"
        before_version = _version(store)
        with Server(tmp_path / "serve.log", store=store, workers=2, timeout=30) as srv:
            before = _letters(srv.url)
            if mounted:
                filler = _fill(disk, 256 * 1024)  # room for a few small files, not for a store version
                done = run_cli("--data", str(data), "build", "--full")
            else:  # no tmpfs: the same failure through a file-size limit on the build process
                filler = None

                def limit():
                    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
                    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

                done = run_cli("--data", str(data), "build", "--full", preexec_fn=limit)
            assert done.returncode == 1, done.stderr[-2000:]
            assert "Traceback" not in done.stderr, done.stderr[-3000:]
            last = done.stderr.strip().splitlines()[-1]
            assert last.startswith("sahelkg: error: ") and "nothing changed" in last, done.stderr[-2000:]
            assert ("No space left" in done.stderr) if mounted else ("too large" in done.stderr.lower())
            assert _version(store) == before_version
            assert not [p for p in (store / "versions").iterdir() if p.name.endswith(".partial")]
            assert _letters(srv.url) == before  # the server never noticed
            assert requests.get(srv.url + "/health", timeout=10).status_code == 200
            # room again: the next build goes through
            if filler is not None:
                filler.unlink()
            done = run_cli("--data", str(data), "build", "--full")
            assert done.returncode == 0, done.stderr[-2000:]
            assert _version(store) != before_version
            assert _wait_for(lambda: _letters(srv.url) == before)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], capture_output=True)
