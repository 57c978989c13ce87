"""The Redis fixture stops the server it started, by its process, and no other."""

from __future__ import annotations

import subprocess
import time

import pytest
from redis_server import STARTED, free_port, redis_binary, running_redis

pytestmark = pytest.mark.slow  # a real redis-server


def test_the_fixture_stops_its_own_server_and_leaves_others_running(tmp_path):
    binary = redis_binary()
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    import redis

    port = free_port()  # a Redis the tests did not start, with the same kind of command line
    outsider = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with running_redis(tmp_path) as url:
            ours = next(iter(STARTED))
            assert redis.Redis.from_url(url).ping()
        assert ours.poll() is not None and not STARTED  # stopped, and forgotten
        with pytest.raises(redis.ConnectionError):
            redis.Redis.from_url(url).ping()
        outside = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):  # it may still be starting up
            try:
                assert outside.ping()
                break
            except redis.ConnectionError:
                assert outsider.poll() is None
                time.sleep(0.05)
        assert outsider.poll() is None
    finally:
        outsider.terminate()
        outsider.wait(timeout=10)
