import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.ragged import offsets_in_runs, ragged_positions


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 6)), max_size=20))
def test_positions_are_each_run_s_members_end_to_end(runs):
    starts = np.array([s for s, _ in runs], dtype=np.int64)
    counts = np.array([c for _, c in runs], dtype=np.int64)
    assert ragged_positions(starts, counts).tolist() == [s + i for s, c in runs for i in range(c)]
    assert offsets_in_runs(counts).tolist() == [i for _, c in runs for i in range(c)]
