"""A real ``redis-server`` for the tests of the shared index.

The ``redis_url`` fixture starts one on 127.0.0.1 on a free port, without
persistence (``--save '' --appendonly no``), and stops that process afterwards,
and only it. Where
the binary is absent the test is skipped with that reason (CI installs the
Debian package ``redis-server``). ``conftest.py`` shares the fixture with every
test module.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0

#: The servers started here and not yet stopped.
STARTED: set[subprocess.Popen] = set()


def redis_binary() -> str | None:
    """The ``redis-server`` executable, or ``None`` when it is not installed."""
    found = shutil.which("redis-server")
    if found:
        return found
    fallback = Path("/usr/bin/redis-server")
    return str(fallback) if fallback.exists() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_redis(directory: Path) -> Iterator[str]:
    """Start a ``redis-server`` on a free loopback port; ``redis://127.0.0.1:PORT/0`` while it runs.

    On the way out that server, and only that one, is stopped through its
    process handle (SIGTERM, then SIGKILL if it has not exited within
    ``STOP_TIMEOUT_S``): other Redis servers on the machine, other tests' among
    them, are never touched.
    """
    binary = redis_binary()
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    import redis

    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    STARTED.add(server)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield url
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop one server this module started: SIGTERM, then SIGKILL after ``STOP_TIMEOUT_S``."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    STARTED.discard(server)


def stop_started() -> None:
    """Stop every server this module started that still runs (a test run cut short);
    ``conftest.py`` calls it when the session ends."""
    for server in list(STARTED):
        stop(server)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """``redis://127.0.0.1:PORT/0`` of a fresh server, stopped after the test."""
    with running_redis(tmp_path) as url:
        yield url
