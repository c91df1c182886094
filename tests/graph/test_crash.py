"""A real ``sahelkg build`` killed with SIGKILL at several points leaves the last good store servable."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest
from pyoxigraph import Store

from sahelkg.graph.build import build
from sahelkg.graph.corpus import file_sha256
from sahelkg.graph.records import letters_of
from sahelkg.graph.store import current_version, open_current
from sahelkg.graph.versions import StoreLayout

PHASES = ["extracting", "loading", "flushed", "switching"]


def start_build(settings, phase: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "SAHELKG_DATA": str(settings.data_dir), "SAHELKG_BUILD_PAUSE": phase,
           "SAHELKG_BUILD_PAUSE_SECONDS": "120"}
    return subprocess.Popen([sys.executable, "-m", "sahelkg", "build", "--jobs", "1", *extra], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_pause(proc: subprocess.Popen, phase: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        r, _, _ = select.select([proc.stderr], [], [], 1)
        if r:
            line = proc.stderr.readline()
            seen += line
            if f"build paused at {phase}".encode() in line:
                return
            if not line and proc.poll() is not None:
                break
    proc.kill()
    pytest.fail(f"the build never reached {phase}: {seen.decode(errors='replace')}")


def graph_records(settings) -> dict:
    """What the build records of the current version say about each letter's graph (cache keys and stat
    info may be updated in place: they hold for every version)."""
    return {n: (e["graph"], e["resolved"], e["quads"])
            for n, e in letters_of(settings.store, StoreLayout(settings.store).manifest()).items()}


@pytest.mark.slow
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_sigkill_mid_build_leaves_the_old_store_answering(make_settings, phase, full):
    s = make_settings(3)
    good = build(s, workers=1)
    count = len(open_current(s.store))
    graphs_before = graph_records(s)
    # change a letter so that the killed build has something to write
    letter = sorted(s.corpus.iterdir())[0]
    letter.write_text(letter.read_text(encoding="utf-8") + "\nNederland levert 40 militairen aan MINUSMA.\n",
                      encoding="utf-8")

    proc = start_build(s, phase, *(["--full"] if full else []))
    wait_for_pause(proc, phase)
    if phase in ("loading", "flushed", "switching"):
        assert any(p.name.endswith(".partial") for p in (s.store / "versions").iterdir())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    # the old version is still current, opens read-only in a fresh process and answers
    assert current_version(s.store) == good.version
    out = subprocess.run([sys.executable, "-m", "sahelkg", "query", "--store", str(s.store), "--format", "csv",
                          "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == str(count)
    ro = Store.read_only(str(StoreLayout(s.store).version_dir(good.version)))
    assert len(ro) == count
    # the build records still describe the current version's graphs (a killed build may have committed its own)
    assert graph_records(s) == graphs_before

    # and the next build sweeps the leftovers and succeeds
    again = build(s, workers=1)
    assert again.version != good.version and current_version(s.store) == again.version
    assert not any(p.name.endswith(".partial") for p in (s.store / "versions").iterdir())
    assert StoreLayout(s.store).manifest()["quads"] == len(open_current(s.store))
    # ... whose records hold the changed letter, so that one more build has nothing to do
    assert letters_of(s.store, StoreLayout(s.store).manifest())[letter.stem]["sha256"] == file_sha256(letter)
    assert build(s, workers=1).mode == "unchanged"
