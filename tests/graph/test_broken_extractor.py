"""A fact extractor that crashes must not wipe its fact type from the store: the build fails and the
letters keep their last good graphs (QA finding F2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sahelkg.graph.cache import extract_job

SEED = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[0]


def test_a_crashing_extractor_turns_into_a_letter_error(tmp_path, monkeypatch):
    from sahelkg.extract import facts

    def broken(ctx):
        raise AttributeError("'_Config' object has no attribute 'same_for'")

    monkeypatch.setattr(facts, "FACT_EXTRACTORS", (*facts.FACT_EXTRACTORS[:-1], broken))
    name, key, error = extract_job((str(SEED), SEED.stem, "k", "https://w3id.org/sahelkg/", str(tmp_path)))
    assert error and str(SEED) in error and "keeps its previous graph" in error and "same_for" in error


@pytest.mark.slow
def test_build_with_a_crashing_extractor_keeps_the_previous_facts(tmp_path):
    env = {**os.environ, "SAHELKG_DATA": str(tmp_path)}
    run = lambda *a, **kw: subprocess.run([sys.executable, *a], capture_output=True, text=True,  # noqa: E731
                                          env={**env, **kw}, timeout=600)
    assert run("-m", "sahelkg", "build").returncode == 0
    count = ["-m", "sahelkg", "query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?e a skg:Event }"]
    before = int(run(*count).stdout.splitlines()[1])
    assert before > 0
    # The same build, with the events extractor broken (patched in every process of the build).
    code = ("import sahelkg.extract.facts as f, sahelkg.extract.facts.events as ev;"
            "ev.extract_events.__code__ = (lambda ctx: 1/0).__code__;"
            "from sahelkg.cli import main; main(['build', '--full'])")
    broken = run("-c", code)
    assert broken.returncode == 1 and "ZeroDivisionError" in broken.stderr
    assert int(run(*count).stdout.splitlines()[1]) == before
