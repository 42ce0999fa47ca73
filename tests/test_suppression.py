"""Suppression of small counts: crafted tables, an independent brute-force audit, properties."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.statistics.audit import pinned_by_bounds
from toolkit.statistics.suppression import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    NOTE,
    PRIMARY,
    SECONDARY,
    SuppressedTable,
    disclosed_cells,
    suppress,
)
from toolkit.statistics.tables import TOTAL, Table, one_way, two_way

T = TOTAL


def grid(cells, **totals):
    """A two-way table with generic labels."""
    return two_way([f"r{i}" for i in range(len(cells))],
                   [f"c{j}" for j in range(len(cells[0]))], cells, **totals)


# -- independent audit: enumerate moves that keep every published value --------------------------

def other_completions(table, result, use_flags):
    """Suppressed positions that some second integer completion of the table changes.

    A completion is the true table plus a move of -1, 0 or +1 on each hidden value (suppressed or
    unknown) that keeps every line's sum, found by plain enumeration. Suppressed values must stay
    non-negative, and with ``use_flags`` also inside the range their flag states.
    """
    hidden = [pos for pos in table.positions()
              if pos in result.pattern or table.value(pos) is None]
    lines = [(line.members, line.total) for line in table.lines()]
    changed = set()
    for move in itertools.product((-1, 0, 1), repeat=len(hidden)):
        step = dict(zip(hidden, move))
        if not any(move) or any(sum(step.get(p, 0) for p in members) != step.get(total, 0)
                                for members, total in lines):
            continue
        if all(allowed(result, pos, table.value(pos) + d, use_flags)
               for pos, d in step.items() if d and table.value(pos) is not None):
            changed |= {pos for pos, d in step.items() if d}
    return changed


def values_in_box(table, result, use_flags):
    """For each hidden position, the values it takes over all completions in a box.

    Every hidden value (suppressed or unknown) ranges over 0 .. 2 * threshold + the largest
    value of the table; a completion must keep every line's sum and, with ``use_flags``, every
    suppressed value inside the range its flag states. Plain backtracking, line by line.

    An unknown total is at least the sum of the known values among its members, so that sum
    counts as a value of the table: the box must hold the true table, or a value would look
    fixed only because its true value lies outside the box.
    """
    hidden = [pos for pos in table.positions()
              if pos in result.pattern or table.value(pos) is None]
    lines = [(line.members, line.total) for line in table.lines()]
    known = [v for v in map(table.value, table.positions()) if v]
    known += [sum(table.value(p) or 0 for p in members) for members, _ in lines]
    top = 2 * result.threshold + max(known + [0])
    ready = {k: [ln for ln in lines if all(p not in hidden[k + 1:] for p in (*ln[0], ln[1]))
                 and any(p in hidden[:k + 1] for p in (*ln[0], ln[1]))]
             for k in range(len(hidden))}
    seen = {pos: set() for pos in hidden}

    def extend(k, filled):
        if k == len(hidden):
            for pos in hidden:
                seen[pos].add(filled[pos])
            return
        pos = hidden[k]
        for value in _choices(pos, filled, ready[k], top):
            if pos in result.pattern and not allowed(result, pos, value, use_flags):
                continue
            filled[pos] = value
            if all(sum(filled.get(p, table.value(p)) for p in members)
                   == filled.get(total, table.value(total)) for members, total in ready[k]):
                extend(k + 1, filled)
        filled.pop(pos, None)

    def _choices(pos, filled, closing, top):
        # a line that pos completes fixes its value; any other value fails that line's sum
        for members, total in closing:
            others = [filled.get(p, table.value(p)) for p in members if p != pos]
            if pos == total:
                value = sum(others)
            elif pos in members:
                value = filled.get(total, table.value(total)) - sum(others)
            else:
                continue
            return [value] if 0 <= value <= top else []
        return range(top + 1)

    extend(0, {})
    return seen


def allowed(result, pos, value, use_flags):
    """Whether a reader who knows the flags' meaning would accept this value at pos."""
    if value < 0:
        return False
    if not use_flags or not result.mark_small:
        return True
    if result.reasons[pos] == PRIMARY:
        return (0 if result.suppress_zero else 1) <= value < result.threshold
    return value >= result.threshold or (value == 0 and not result.suppress_zero)


def assert_protected(table, result, max_hidden=8, max_boxed=3):
    """No exact disclosure: by elimination always, by brute force when the table is small."""
    assert disclosed_cells(table, result.pattern) == set()
    hidden = [p for p in table.positions() if p in result.pattern or table.value(p) is None]
    if len(hidden) > max_hidden:
        return
    # a suppressed 0 may be pinned by non-negativity (a line summing to 0); a 0 reveals no one
    at_risk = {p for p in result.pattern
               if table.value(p) is not None
               and (table.value(p) > 0 or result.reasons[p] == PRIMARY)}
    assert at_risk <= other_completions(table, result, use_flags=False)
    assert at_risk - result.unresolved <= other_completions(table, result, use_flags=True)
    if len(hidden) <= max_boxed:
        for use_flags in (False, True):
            taken = values_in_box(table, result, use_flags)
            # the box holds the true table, so a lone value there is the true one
            assert all(table.value(pos) in taken[pos] for pos in result.pattern
                       if table.value(pos) is not None)
            assert all(len(taken[pos]) >= 2 for pos in at_risk - result.unresolved)


def assert_no_small_published(table, result, suppress_zero=False):
    for pos in table.positions():
        shown = result.value(pos)
        if isinstance(shown, int):
            assert shown == table.value(pos)
            assert shown == 0 or shown >= result.threshold
            assert not (suppress_zero and shown == 0)


# -- crafted tables ----------------------------------------------------------------------------

def test_single_small_cell_forces_a_block_in_its_row_and_column():
    table = grid([[2, 10, 20], [10, 15, 30], [20, 25, 40]])
    result = suppress(table)
    assert result.reasons == {(0, 0): PRIMARY, (0, 1): SECONDARY, (1, 0): SECONDARY,
                              (1, 1): SECONDARY}
    assert list(result.published_rows()) == [
        ["r0", "<5", CONFIDENTIAL, 20, 32],
        ["r1", CONFIDENTIAL, CONFIDENTIAL, 30, 55],
        ["r2", 20, 25, 40, 85],
        ["Total", 32, 50, 90, 172]]
    assert result.header() == ["", "c0", "c1", "c2", "Total"]
    assert result.note == NOTE
    assert_protected(table, result, max_boxed=4)


def test_zero_in_the_row_is_shown_and_not_used_as_the_complement():
    table = grid([[3, 0, 12], [6, 9, 14], [8, 7, 20]])
    result = suppress(table)
    assert result.value((0, 1)) == 0
    assert result.reasons[(0, 2)] == SECONDARY
    assert result.reasons[(0, 0)] == PRIMARY
    assert_no_small_published(table, result)
    assert_protected(table, result)


def test_zero_is_suppressed_when_asked():
    table = grid([[0, 12, 9], [11, 6, 14]])
    result = suppress(table, suppress_zero=True)
    assert result.reasons[(0, 0)] == PRIMARY
    assert result.value((0, 0)) == "<5"
    assert_no_small_published(table, result, suppress_zero=True)
    assert_protected(table, result)


def test_one_way_table():
    table = one_way(["a", "b", "c"], [3, 10, 20])
    result = suppress(table)
    assert list(result.published_rows()) == [["", "<5", CONFIDENTIAL, 20, 33]]
    assert result.pattern == {(0, 0), (0, 1)}
    assert_protected(table, result)


def test_one_way_table_with_a_small_total():
    table = one_way(["a", "b", "c"], [3, 0, 0])
    result = suppress(table)
    assert result.reasons == {(0, 0): PRIMARY, (0, T): PRIMARY}
    assert list(result.published_rows()) == [["", "<5", 0, 0, "<5"]]
    assert_protected(table, result)


def test_row_total_below_threshold_is_suppressed_and_protected():
    table = grid([[2, 1, 0], [10, 12, 9], [7, 8, 11]])
    result = suppress(table)
    assert result.reasons[(0, T)] == PRIMARY
    assert {(0, 0), (0, 1)} <= result.pattern
    assert_no_small_published(table, result)
    assert_protected(table, result)


def test_threshold_changes_the_marker():
    result = suppress(one_way(["a", "b"], [2, 9]), threshold=3)
    assert result.value((0, 0)) == "<3"
    assert result.marker == "<3"


def test_unknown_cell_stays_unknown_and_does_not_pin_its_row():
    table = one_way(["a", "b", "c"], [3, None, 10], total=20)
    result = suppress(table)
    assert result.pattern == {(0, 0)}
    assert result.value((0, 1)) is None
    assert list(result.published_rows()) == [["", "<5", NOT_AVAILABLE, 10, 20]]
    assert_protected(table, result)
    # without the unknown value the row needs a complementary suppression
    assert suppress(one_way(["a", "b", "c"], [3, 7, 10])).pattern == {(0, 0), (0, 1)}


def test_unknown_cell_pinned_elsewhere_does_not_protect():
    table = grid([[3, None], [10, 7]], row_totals=[8, 17], col_totals=[13, 12], grand_total=25)
    assert disclosed_cells(table, {(0, 0)}) == {(0, 0)}  # column c1 fixes the unknown at 5
    result = suppress(table)
    assert result.value((0, 1)) is None
    assert len(result.pattern) > 1
    assert_protected(table, result)


def test_unknown_values_make_computed_totals_unknown_not_zero():
    table = grid([[None, 6], [8, 9]])
    assert table.row_totals == (None, 17)
    assert table.col_totals == (None, 15)
    assert table.grand_total is None
    result = suppress(table)
    assert result.value((0, T)) is None and result.value((0, 0)) is None
    assert result.pattern == set()


def test_verifier_finds_a_link_between_two_protected_blocks():
    cells = [[9, 8, 6, 7], [8, 9, 7, 6], [6, 7, 9, 8], [7, 6, 8, 9]]
    table = grid(cells)
    blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert disclosed_cells(table, blocks) == set()
    # every line holds two suppressed values, yet the link is fixed by the column sums
    assert disclosed_cells(table, blocks | {(1, 2)}) == {(1, 2)}
    result = suppress(table, previous_pattern=blocks | {(1, 2)})
    assert blocks | {(1, 2)} <= result.pattern
    assert_protected(table, result, max_hidden=0)


def test_flags_alone_can_give_a_value_away_and_more_is_suppressed():
    table = grid([[1, 5, 20], [10, 15, 30]])
    linear_only = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert disclosed_cells(table, linear_only) == set()
    # <5 means 1..4 and :c means 0 or 5+, so the row gives 1 + 5 = 6 and nothing else fits
    bounds = {(0, 0): (1, 4), (0, 1): (5, None), (1, 0): (5, None), (1, 1): (5, None)}
    assert (0, 0) in pinned_by_bounds(table, bounds)
    result = suppress(table)
    assert result.unresolved == frozenset()
    assert_protected(table, result, max_hidden=12)
    # the cheapest fix hides the third column, so the totals stay published
    assert result.pattern == linear_only | {(0, 2), (1, 2)}
    assert list(result.published_rows())[-1] == ["Total", 11, 20, 50, 81]


def test_previous_pattern_is_kept_and_shown_as_confidential():
    first = grid([[2, 10, 20], [10, 15, 30], [20, 25, 40]])
    later = grid([[12, 10, 20], [10, 15, 30], [20, 25, 3]])
    before = suppress(first).pattern
    result = suppress(later, previous_pattern=before)
    assert before <= result.pattern
    assert result.value((0, 0)) == CONFIDENTIAL
    assert result.reasons[(0, 0)] == SECONDARY
    assert result.reasons[(2, 2)] == PRIMARY
    assert_protected(later, result)


def test_previous_pattern_outside_the_table_is_refused():
    with pytest.raises(ValueError, match="previous pattern"):
        suppress(grid([[1, 9]]), previous_pattern={(3, 0)})


def test_output_is_deterministic():
    table = grid([[3, 7, 7, 2], [7, 3, 7, 7], [9, 9, 1, 7]])
    first, second = suppress(table), suppress(table)
    assert first.values == second.values and first.reasons == second.reasons
    assert list(first.published_rows()) == list(second.published_rows())
    previous = [(2, 0), (0, 1)]
    assert suppress(table, previous_pattern=previous).values == \
        suppress(table, previous_pattern=set(reversed(previous))).values
    as_json = [list(pos) for pos in previous]
    assert suppress(table, previous_pattern=as_json).values == \
        suppress(table, previous_pattern=previous).values


@pytest.mark.parametrize("build, message", [
    (lambda: grid([[1, -2]]), "not a count"),
    (lambda: grid([[1, True]]), "not a count"),
    (lambda: grid([[1, 2]], row_totals=[4]), "add up"),
    (lambda: grid([[1, None]], row_totals=[0]), "less than"),
    (lambda: two_way(["a", "b"], ["x", "y"], [[1, 2], [3]]), "do not match"),
    (lambda: one_way([], []), "at least one"),
])
def test_bad_tables_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_bad_threshold_is_refused():
    with pytest.raises(ValueError, match="threshold"):
        suppress(grid([[1, 9]]), threshold=0)
    with pytest.raises(ValueError, match="'<2'"):
        suppress(grid([[1, 9]]), threshold=2)
    assert suppress(grid([[1, 9]]), threshold=2, mark_small=False).value((0, 0)) == CONFIDENTIAL


def test_flags_that_give_a_line_away_are_reported_as_unresolved():
    table = one_way(["a", "b"], [1, 1])
    result = suppress(table, threshold=3)
    # <3 means 1 or 2, and two of them adding up to a <3 total can only be 1 + 1 = 2
    assert result.unresolved == {(0, 0), (0, 1), (0, T)}
    plain = suppress(table, threshold=3, mark_small=False)
    assert plain.unresolved == frozenset()
    assert list(plain.published_rows()) == [["", CONFIDENTIAL, CONFIDENTIAL, CONFIDENTIAL]]
    assert_protected(table, plain)


def test_complements_added_for_the_flags_are_checked_by_elimination_too():
    table = grid([[1, 3], [0, 3], [5, 1]])
    result = suppress(table, threshold=3)
    assert disclosed_cells(table, result.pattern) == set()
    assert_protected(table, result)


def test_twelve_by_twelve_is_quick():
    rng = random.Random(7)
    cells = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 13, 21, 40]) for _ in range(12)]
             for _ in range(12)]
    table = grid(cells)
    start = time.perf_counter()
    result = suppress(table)
    assert time.perf_counter() - start < 1.0
    assert_no_small_published(table, result)
    assert disclosed_cells(table, result.pattern) == set()
    assert result.unresolved == frozenset()


# -- properties over small random tables ---------------------------------------------------------

counts = st.one_of(st.integers(0, 30), st.integers(0, 6), st.none())


@st.composite
def tables(draw):
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    if draw(st.booleans()) and n_rows == 1:
        return one_way([f"c{j}" for j in range(n_cols)],
                       draw(st.lists(counts, min_size=n_cols, max_size=n_cols)))
    cells = draw(st.lists(st.lists(counts, min_size=n_cols, max_size=n_cols),
                          min_size=n_rows, max_size=n_rows))
    return grid(cells)


@settings(max_examples=300, deadline=None)
@given(tables(), st.booleans(), st.booleans(), st.integers(2, 6), st.data())
def test_random_tables_are_protected(table, suppress_zero, mark_small, threshold, data):
    previous = data.draw(st.sets(st.sampled_from(table.positions()), max_size=2))
    mark_small = mark_small and (threshold > 2 or suppress_zero)
    result = suppress(table, threshold=threshold, suppress_zero=suppress_zero,
                      previous_pattern=previous, mark_small=mark_small)
    assert_no_small_published(table, result, suppress_zero)
    assert previous - set(p for p in previous if table.value(p) is None) <= result.pattern
    for pos in table.positions():
        if table.value(pos) is None:
            assert result.value(pos) is None and pos not in result.pattern
    assert_protected(table, result)
    if not mark_small:
        assert result.unresolved == frozenset()


def test_the_independent_audits_catch_a_lone_suppression():
    table = grid([[2, 10, 20], [10, 15, 30], [20, 25, 40]])
    lone = SuppressedTable(table.rows, table.cols, {}, {(0, 0): PRIMARY}, 5)
    assert other_completions(table, lone, use_flags=False) == set()
    assert values_in_box(table, lone, use_flags=False) == {(0, 0): {2}}
    assert disclosed_cells(table, lone.pattern) == {(0, 0)}
    row_only = SuppressedTable(table.rows, table.cols, {},
                               {(0, 0): PRIMARY, (0, 1): SECONDARY}, 5)
    assert disclosed_cells(table, row_only.pattern) == {(0, 0), (0, 1)}
    assert values_in_box(table, row_only, use_flags=False) == {(0, 0): {2}, (0, 1): {10}}


def test_lone_suppression_beside_an_unknown_total_is_protected():
    # 1 + 4 + 4 already exceeds 2 * threshold + 4, yet the unknown total may be 9 or more
    table = Table(rows=("",), cols=("c0", "c1", "c2", "c3"), cells=((1, 4, 4, None),),
                  row_totals=(None,), col_totals=None, grand_total=None)
    result = suppress(table, threshold=2, mark_small=False, previous_pattern=set())
    assert list(result.published_rows()) == [["", CONFIDENTIAL, 4, 4, NOT_AVAILABLE,
                                              NOT_AVAILABLE]]
    assert result.unresolved == frozenset()
    for use_flags in (False, True):
        taken = values_in_box(table, result, use_flags)
        assert 1 in taken[(0, 0)] and len(taken[(0, 0)]) >= 2
        assert 9 in taken[(0, T)]
    assert_protected(table, result)


@pytest.mark.parametrize("counts, threshold, suppress_zero, mark_small", [
    ([4, None, 0, 4], 2, True, False),
    ([1, 4, None, 4], 2, False, False),
    ([None, 1, 9, 9], 2, True, True),
    ([None, 0, 9, 9], 3, True, True),
    ([None, 2, 9, 9], 3, False, True),
    ([None, 1, 9, 9], 5, False, True),
])
def test_suppressions_beside_an_unknown_total_are_protected(counts, threshold, suppress_zero,
                                                            mark_small):
    table = one_way([f"c{j}" for j in range(len(counts))], counts)
    result = suppress(table, threshold=threshold, suppress_zero=suppress_zero,
                      mark_small=mark_small)
    assert table.row_totals == (None,)
    assert result.unresolved == frozenset()
    assert_protected(table, result)


def test_the_box_still_catches_a_value_its_line_fixes():
    table = one_way(["a", "b", "c"], [1, 4, 4])
    lone = SuppressedTable(table.rows, table.cols, {}, {(0, 0): PRIMARY}, 2, one_way=True,
                           mark_small=False)
    for use_flags in (False, True):
        assert values_in_box(table, lone, use_flags) == {(0, 0): {1}}
