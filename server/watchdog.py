"""The time limit, truly enforced: a request that runs too long is answered 503 and its process ends.

pyoxigraph cannot cancel a query from Python, so the unit we can stop is the process. ``sahelkg
serve`` runs gunicorn *sync* workers: one request at a time per process, so ending a process loses
no other request, and gunicorn's arbiter starts a replacement at once while the other workers keep
serving. Each worker has one watchdog thread. A request arms it with a deadline (``before_request``)
and disarms it when its response is built (``after_request``/teardown), before gunicorn writes
anything. If the deadline passes while armed, the watchdog (which runs because query evaluation
releases the GIL) writes a complete 503 response on the client's socket, logs one access-log line,
and exits the process. The arm/disarm/fire steps share one lock, so a response is never written twice.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time

log = logging.getLogger("sahelkg.access")
TICK = 0.05  # seconds between checks
EXIT_CODE = 1  # not 3/4, which would make gunicorn's arbiter halt

current: "Watchdog | None" = None  # the watchdog of this process, if any (only under `sahelkg serve`)


class Watchdog:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.lock = threading.Lock()
        self.deadline: float | None = None
        self.sock: socket.socket | None = None
        self.info: dict = {}
        self.thread = threading.Thread(target=self._watch, name="sahelkg-watchdog", daemon=True)

    def start(self) -> "Watchdog":
        self.thread.start()
        return self

    def arm(self, sock, info: dict) -> None:
        with self.lock:
            self.deadline = time.monotonic() + self.timeout
            self.sock = sock
            self.info = info

    def disarm(self) -> None:
        with self.lock:
            self.deadline = None
            self.sock = None

    def _watch(self) -> None:
        while True:
            time.sleep(TICK)
            with self.lock:
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    self._fire()  # never returns

    def _fire(self) -> None:
        body = (f"query stopped: it ran longer than the {self.timeout:g} s limit "
                "(simplify it, add a LIMIT, or narrow it with more specific patterns)\n").encode()
        head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nAccess-Control-Allow-Origin: *\r\n"
                "X-Content-Type-Options: nosniff\r\n\r\n").encode()
        try:
            if self.sock is not None:
                self.sock.sendall(head + body)
                self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        started = self.info.get("t0")
        entry = {**{k: v for k, v in self.info.items() if k != "t0"}, "status": 503, "timeout": True,
                 "duration_ms": round((time.perf_counter() - started) * 1000, 3) if started else None,
                 "pid": os.getpid(), "worker_exit": True}
        try:
            log.info(json.dumps(entry, separators=(",", ":")))
            for h in log.handlers:
                h.flush()
        finally:
            os._exit(EXIT_CODE)


def install(timeout: float) -> Watchdog:
    """Start this process's watchdog (call once per worker, after fork)."""
    global current
    current = Watchdog(timeout).start()
    return current


def init_app(app) -> None:
    """Arm around every request when this process has a watchdog (under gunicorn); no-op otherwise."""
    from flask import g, request

    @app.before_request
    def arm():
        if current is not None:
            sock = request.environ.get("gunicorn.socket")
            current.arm(sock, {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
                               "method": request.method, "path": request.path, "t0": g.get("t0"),
                               "remote": request.remote_addr})

    @app.after_request
    def disarm(resp):
        if current is not None:
            current.disarm()
        return resp

    @app.teardown_request
    def disarm_always(exc):
        if current is not None:
            current.disarm()
