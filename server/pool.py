"""Query executors the web worker can kill: the query timeout, truly enforced.

Each web worker process owns a small pool of executor child processes (:mod:`.executor`). A request
thread borrows one, sends the query, and waits at most the timeout for the reply. If none comes,
the thread kills that executor (SIGKILL: pyoxigraph cannot be interrupted any other way), starts a
replacement, and answers 503; the other threads and executors carry on. Waiting for a free executor
counts against the same deadline. Executors exit on their own when their worker goes away (stdin
closes).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection


class QueryTimeout(Exception):
    """The query ran past the deadline; its executor was killed."""


class PoolBusy(Exception):
    """No executor came free before the deadline."""


class ExecutorDied(Exception):
    """The executor exited while running the query (crash or out of memory)."""


class Executor:
    """One child process and the two pipe ends we talk to it through."""

    def __init__(self, store_path: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sahelkg.server.executor", store_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        self.tx = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.rx = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def call(self, req: dict, deadline: float) -> dict:
        """Send ``req``; the reply, or QueryTimeout at ``deadline`` (time.monotonic)."""
        try:
            self.tx.send(req)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not self.rx.poll(left):
                    raise QueryTimeout()
                reply = self.rx.recv()
                if reply.get("status") == "ready":  # start-up greeting
                    self.ready = True
                    continue
                return reply
        except (EOFError, OSError, BrokenPipeError) as e:
            raise ExecutorDied(str(e) or type(e).__name__) from None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.tx.close()
        self.rx.close()


class ExecutorPool:
    """``size`` executors for one web worker process; thread-safe."""

    def __init__(self, store_path: str, size: int) -> None:
        self.store_path = str(store_path)
        self.size = size
        self.idle: queue.LifoQueue[Executor] = queue.LifoQueue()
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.killed = 0
        for _ in range(size):
            self.idle.put(Executor(self.store_path))

    def run(self, req: dict, timeout: float) -> dict:
        """Run ``req`` in some executor within ``timeout`` seconds (raises QueryTimeout, PoolBusy)."""
        deadline = time.monotonic() + timeout
        try:
            ex = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy() from None
        try:
            reply = ex.call(req, deadline)
        except (QueryTimeout, ExecutorDied):
            ex.kill()
            with self.lock:
                self.killed += 1
            self.idle.put(Executor(self.store_path))
            raise
        self.idle.put(ex)
        return reply

    def close(self) -> None:
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                return


_pools: dict[str, ExecutorPool] = {}
_pools_lock = threading.Lock()


def pool_for(store_path: str, size: int) -> ExecutorPool:
    """This process's pool for ``store_path`` (a forked child never reuses its parent's)."""
    key = str(store_path)
    with _pools_lock:
        p = _pools.get(key)
        if p is None or p.pid != os.getpid():
            p = _pools[key] = ExecutorPool(key, size)
        return p


def close_all() -> None:
    with _pools_lock:
        for p in _pools.values():
            if p.pid == os.getpid():
                p.close()
        _pools.clear()
