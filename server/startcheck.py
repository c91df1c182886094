"""At start, prove the store opens - in a child process, so the arbiter never holds RocksDB open.

Workers forked from a process that had RocksDB open crash (SIGSEGV) when they exit, so ``serve``
must not open the store itself; but a corrupt store (RocksDB: ``Corruption: …``) must still be one
clear line at start rather than every worker failing to boot. A short-lived child opens the current
version read-only, as a worker would, and reports the error it met, if any.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sahelkg.errors import StoreError

_CHILD = """
import sys
from sahelkg.errors import StoreError
from sahelkg.server.store import read_only_store
try:
    read_only_store(sys.argv[1])
except StoreError as e:
    sys.stderr.write(str(e))
    sys.exit(1)
"""


def check_opens(store_path: str | Path, timeout: float = 120.0) -> None:
    """Raise StoreError (the child's message) unless the store's current version opens read-only."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(store_path)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise StoreError(f"the store did not open within {timeout:g} s", where=str(store_path)) from None
    if done.returncode == 1 and done.stderr and "Traceback" not in done.stderr:
        where, _, msg = done.stderr.partition(": ")
        raise StoreError(msg.strip() or done.stderr.strip(), where=where or str(store_path))
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise StoreError(f"cannot open store: {last}", where=str(store_path))
