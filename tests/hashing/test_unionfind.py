"""Connected components: the vectorised labels are the union-find's sets, in its order."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsmill.hashing.unionfind import UnionFind, component_labels


@given(st.integers(1, 40).flatmap(lambda size: st.tuples(
    st.just(size), st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=60)
)))
def test_component_labels_number_the_union_find_groups_by_first_member(case):
    size, pairs = case
    sets = UnionFind(size)
    for a, b in pairs:
        sets.union(a, b)
    expected = np.full(size, -1)
    for number, members in enumerate(sets.groups()):
        expected[members] = number
    labels = component_labels(size, np.array(pairs, dtype=np.int64).reshape(-1, 2))
    assert labels.tolist() == expected.tolist()


def test_repeated_and_self_pairs_change_nothing():
    pairs = np.array([[3, 1], [1, 3], [2, 2], [4, 5], [5, 4]])
    assert component_labels(6, pairs).tolist() == [-1, 0, -1, 0, 1, 1]
