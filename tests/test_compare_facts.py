"""Facts found by per-member best matches equal those of the member-pair alignment they replace."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analyze import compare


def _pairwise_facts(sims: np.ndarray, member_of: list[int]) -> tuple[list[list[int]], list[bool]]:
    """The original alignment: one block per pair of members, joined by union-find."""
    by_member: dict[int, list[int]] = defaultdict(list)
    for k, member in enumerate(member_of):
        by_member[member].append(k)
    parent = list(range(len(member_of)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    member_ids = sorted(by_member)
    for i, a in enumerate(member_ids):
        for b in member_ids[i + 1 :]:
            rows, cols = by_member[a], by_member[b]
            block = sims[np.ix_(rows, cols)]
            best_col, best_row = block.argmax(axis=1), block.argmax(axis=0)
            for r, c in enumerate(best_col.tolist()):
                value = block[r, c]
                if value >= compare.ALIGN_STRONG or (value >= compare.ALIGN_MIN and best_row[c] == r):
                    parent[find(rows[r])] = find(cols[c])
            for r, c in np.argwhere(block >= compare.ALIGN_STRONG).tolist():
                parent[find(rows[r])] = find(cols[c])
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(member_of)):
        groups[find(k)].append(k)
    facts = [group for group in groups.values() if len(group) >= 2]
    aligned = {k for group in facts for k in group}
    return facts, [k in aligned for k in range(len(member_of))]


# Few distinct values, so ties (first best match wins) and both thresholds come up often.
_VALUES = st.sampled_from([0.0, 0.1, 0.3, 0.45, 0.6, 0.8, 1.0])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 4), min_size=n, max_size=n),
    st.lists(_VALUES, min_size=n * n, max_size=n * n),
    st.booleans())))
def test_facts_match_pairwise_alignment(case: tuple[list[int], list[float], bool]) -> None:
    member_of, values, symmetric = case
    n = len(member_of)
    sims = np.array(values).reshape(n, n)
    if symmetric:
        sims = np.triu(sims) + np.triu(sims, 1).T
    groups, aligned = compare._facts(sims, np.array(member_of), sorted(set(member_of)))
    expected_groups, expected_aligned = _pairwise_facts(sims, member_of)
    assert groups == expected_groups
    assert aligned.tolist() == expected_aligned


def test_a_chain_of_matches_is_one_fact() -> None:
    # 0 ~ 2 (members 0, 1) and 2 ~ 4 (members 1, 2): one fact over three members.
    sims = np.eye(5)
    for x, y in ((0, 2), (2, 4)):
        sims[x, y] = sims[y, x] = 0.7
    groups, aligned = compare._facts(sims, np.array([0, 0, 1, 1, 2]), [0, 1, 2])
    assert groups == [[0, 2, 4]]
    assert aligned.tolist() == [True, False, True, False, True]
