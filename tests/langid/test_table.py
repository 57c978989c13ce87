"""langid's table of rows by 64-bit key, against a dict."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmill.langid.table import EMPTY, MIN_SLOTS, KeyRows, grown

KEYS = st.integers(0, 2**64 - 1) | st.integers(0, 40)  # small keys: many share a home slot's neighbourhood


class Filled:
    """A ``fill`` that records what it was asked to store, as langid's callers do."""

    def __init__(self) -> None:
        self.values: dict[int, int] = {}  # row -> key

    def __call__(self, keys: np.ndarray):
        def fill(at: np.ndarray, start: int) -> None:
            for row, i in enumerate(at.tolist(), start=start):
                self.values[row] = int(keys[i])

        return fill


@given(st.lists(st.lists(KEYS, max_size=60), max_size=8), st.integers(1, 50))
def test_rows_match_a_dict_that_starts_again_when_full(batches, capacity):
    table, filled = KeyRows(capacity), Filled()
    reference: dict[int, int] = {}
    for batch in batches:
        keys = np.array(batch, dtype=np.uint64)
        new = list(dict.fromkeys(k for k in batch if k not in reference))
        if new and len(reference) + len(new) > capacity:
            reference, new = {}, sorted(set(batch))
        else:
            new.sort()  # new keys get their rows in key order
        for key in new:
            reference[key] = len(reference)
        rows = table.rows(keys, filled(keys))
        assert rows.tolist() == [reference[k] for k in batch]
        assert [filled.values[r] for r in rows.tolist()] == batch  # each row filled with its own key
        assert len(table) == len(reference)


def test_find_tells_missing_keys_and_survives_growth():
    table = KeyRows(10 * MIN_SLOTS)
    keys = np.arange(0, 6 * MIN_SLOTS, 3, dtype=np.uint64)  # past half of the first slots: they double
    table.rows(keys, lambda at, start: None)
    probe = np.array([0, 3, 1, 6 * MIN_SLOTS - 3, 2**64 - 1], dtype=np.uint64)
    assert table.find(probe).tolist() == [0, 1, EMPTY, len(keys) - 1, EMPTY]


def test_capacity_is_checked():
    with pytest.raises(ValueError, match="capacity"):
        KeyRows(0)


def test_grown_keeps_values_and_doubles():
    values = np.arange(6.0).reshape(3, 2)
    assert grown(values, 3) is values
    more = grown(values, 4)
    assert more.shape == (6, 2) and more[:3].tolist() == values.tolist() and not more[3:].any()
    assert len(grown(np.zeros(0), 5)) == 5
