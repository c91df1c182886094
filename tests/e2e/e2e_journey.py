"""The end-to-end journey: the real ``sahelkg`` command in a temporary data folder, and a real server.

Everything runs as subprocesses, as a researcher would run it: ``sahelkg build``, ``sahelkg add``,
``sahelkg query``, ``sahelkg serve`` (gunicorn on a free loopback port). The journey's documents
live in ``tests/e2e/documents/``; the PDF is drawn at test time (matplotlib's PDF backend) from
``kst-29521-430.pdf.txt`` so no binary is committed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"
ROOT = HERE.parents[1]
SKG = "https://w3id.org/sahelkg/"


def sahelkg_exe() -> str:
    exe = Path(sys.executable).with_name("sahelkg")
    return str(exe) if exe.exists() else (shutil.which("sahelkg") or "sahelkg")


def draw_pdf(src: Path, out: Path) -> Path:
    """A text-layer PDF, one text object per line (as a word processor writes it).

    Pages are separated in ``src`` by a line holding only ``\\f``. Lines 12.6 pt apart at 9.5 pt,
    so pdfminer groups a paragraph's lines into one box and keeps single line breaks inside it.
    """
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    pages = src.read_text(encoding="utf-8").split("\\f\n")
    with PdfPages(out) as pdf:
        for page in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(page.split("\n")):
                fig.text(0.08, 0.95 - i * 0.015, line, family="DejaVu Sans", size=9.5)
            pdf.savefig(fig)
            plt.close(fig)
    return out


@dataclass
class Journey:
    """The temporary data folder, the letters added, and what each command printed."""

    base: Path
    data: Path
    inbox: Path
    env: dict
    build: subprocess.CompletedProcess | None = None
    added: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sahelkg_exe(), *args], env=self.env, cwd=self.base, capture_output=True,
                              text=True, timeout=timeout)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT run through ``sahelkg query --format json``; values as plain strings."""
        if sparql in self._cache:
            return self._cache[sparql]
        r = self.run("query", sparql, "--format", "json", timeout=300)
        assert r.returncode == 0, f"sahelkg query failed ({r.returncode}): {r.stderr.strip()}\n{sparql}"
        rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(r.stdout)["results"]["bindings"]]
        self._cache[sparql] = rows
        return rows

    def manifest_version(self) -> str | None:
        r = self.run("stats", "--json", timeout=120)
        return json.loads(r.stdout).get("version") if r.returncode == 0 else None


# The letters of the journey, in the order a researcher adds them: name (file stem) -> file.
LETTERS = {
    "kst-29521-412": "kst-29521-412.html",          # officielebekendmakingen.nl page of a Kamerbrief
    "kst-29521-430": "kst-29521-430.pdf",           # a PDF letter (drawn from kst-29521-430.pdf.txt)
    "ah-tk-20222023-1687": "ah-tk-20222023-1687.txt",  # answers to Kamervragen, cp1252, CRLF
    "kst-29521-455-verslag": "kst-29521-455-verslag.md",  # committee debate report, Markdown
    "rijksoverheid-nieuws-eutm": "rijksoverheid-nieuws-eutm.html",  # a government news page
    "xss-letter": "xss-letter.txt",                 # markup inside organisation names
    "h-tk-20192020-38-12": "h-tk-20192020-38-12.txt",  # plenary report (Handelingen) fragment
}


@pytest.fixture(scope="module")
def journey(tmp_path_factory) -> Journey:
    base = tmp_path_factory.mktemp("journey")
    data, inbox = base / "data", base / "inbox"
    inbox.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAHELKG_")}
    env.update(SAHELKG_DATA=str(data), SAHELKG_WORKERS="2", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    j = Journey(base=base, data=data, inbox=inbox, env=env)
    for name, file in LETTERS.items():
        dest = inbox / file
        if file.endswith(".pdf"):
            draw_pdf(DOCS / (file + ".txt"), dest)
        else:
            shutil.copyfile(DOCS / file, dest)
        j.paths[name] = dest
    j.build = j.run("build")
    if j.build.returncode != 0:
        pytest.fail(f"sahelkg build failed ({j.build.returncode}): {j.build.stderr.strip()[-2000:]}")
    for name, file in LETTERS.items():
        j.added[name] = j.run("add", str(inbox / file))
    return j


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(journey):
    """``sahelkg serve`` on a free loopback port; stopped (its own process group) at the end."""
    import requests

    port = _free_port()
    log = open(journey.base / "serve.log", "w")
    proc = subprocess.Popen([sahelkg_exe(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
                            env=journey.env, cwd=journey.base, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    http = requests.Session()
    http.trust_env = False  # loopback only, never a proxy
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"sahelkg serve exited with {proc.returncode}: {(journey.base / 'serve.log').read_text()[-2000:]}")
            try:
                if http.get(base_url + "/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("sahelkg serve did not answer /health within 90 s")
            time.sleep(0.3)
        yield http, base_url
    finally:
        http.close()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
