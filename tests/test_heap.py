"""The run's heap: the collector paused while reading, what is alive frozen between stages."""

import gc

import pytest

from newsmill.heap import collector_paused


@pytest.fixture(autouse=True)
def _unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.enable()


def test_collector_paused_inside_and_what_was_made_is_frozen_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[index] for index in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
    collected = {id(item) for item in gc.get_objects(2)}
    assert not any(id(item) in collected for item in made)  # frozen: in no generation


def test_collector_state_restored_and_nothing_frozen_when_reading_fails() -> None:
    gc.disable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad input")
    assert not gc.isenabled()  # the caller's own choice is kept
    assert gc.get_freeze_count() == 0

