import os
import pickle

import numpy as np
import pytest

from newsmill.boilerplate.spilled import Spilled


def test_rows_come_back_as_appended_in_any_order_and_after_pickling():
    rows = [b"first row", b"", "café ∑".encode(), b"x" * 5000, b"last"]
    with Spilled() as spilled:
        spilled.append(b"".join(rows[:2]), np.array([9, 0]))
        spilled.append(b"".join(rows[2:]), np.array([len(r) for r in rows[2:]]))
        spilled.seal()
        assert len(spilled) == 5
        assert spilled.rows(np.arange(5)) == rows
        assert spilled.rows(np.array([4, 0, 3])) == [rows[4], rows[0], rows[3]]
        assert spilled.rows(np.zeros(0, dtype=np.int64)) == []
        again = pickle.loads(pickle.dumps(spilled))  # what a process not forked from this one receives
        assert again.rows(np.array([2, 1])) == [rows[2], rows[1]]
        path = spilled.path
        assert os.path.exists(path)
    assert not os.path.exists(path)  # deleted on leaving the block


def test_rows_of_nothing_and_a_length_that_does_not_add_up():
    with Spilled() as spilled:
        spilled.append(b"", np.array([0, 0]))
        spilled.seal()
        assert spilled.rows(np.array([1, 0])) == [b"", b""]
        with pytest.raises(ValueError, match="rows of 3 bytes in all, given 2 bytes"):
            spilled.append(b"ab", np.array([1, 2]))


@pytest.mark.parametrize("gap", [0, 3, 4096])
def test_rows_read_in_one_stretch_or_one_by_one_are_the_same(monkeypatch, gap):
    monkeypatch.setattr("newsmill.boilerplate.spilled.GAP", gap)
    rows = [bytes([65 + k % 26]) * (k % 7) for k in range(200)]
    with Spilled() as spilled:
        spilled.append(b"".join(rows), np.array(list(map(len, rows))))
        spilled.seal()
        wanted = np.array([199, 3, 3, 150, 0, 42, 41, 198])
        assert spilled.rows(wanted) == [rows[k] for k in wanted]
