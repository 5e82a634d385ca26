"""core/maths.py: each rule against hand-computed values (exact, half-up to one decimal, None without a plan)."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from core.maths import (
    change_percent,
    cumulative_to_month,
    even_pace,
    plan_percent,
    quota_met,
    ranking_key,
    ranks_assign,
    restated_plan,
    run_rate_percent,
    subtree_totals,
    tree_ancestors,
)


def test_plan_percent_is_exact_and_rounds_half_up():
    assert plan_percent(733, 1000) == Decimal("73.3")
    assert plan_percent(1, 8) == Decimal("12.5")
    assert plan_percent(1, 2000) == Decimal("0.1")  # 0,05% rounds up, not to even
    assert plan_percent(76408, 401990) == Decimal("19.0")
    assert plan_percent(5, None) is None
    assert plan_percent(5, 0) is None


def test_pure_maths():
    assert change_percent(15, 8) == Decimal("87.5")
    assert change_percent(16, 20) == Decimal("-20.0")
    assert change_percent(5, 0) is None
    assert run_rate_percent(15, 2, 100) == Decimal("90.0")
    assert run_rate_percent(76408, 4, 401990) == Decimal("57.0")
    assert run_rate_percent(5, 2, None) is None
    assert even_pace(150, 1) == 13 and even_pace(150, 2) == 25 and even_pace(None, 3) is None


def test_run_rate_rounds_the_exact_fraction_half_up():
    # 1 × 12 × 100 / (8 × 2000) = 0,075 exactly → 0,1 (a float would give 0,07499… → 0,0)
    assert run_rate_percent(1, 8, 2000) == Decimal("0.1")
    assert run_rate_percent(3, 0, 100) is None


def test_cumulative_to_month_sums_january_through_the_month():
    monthly = {1: 10, 2: 5, 3: None, 4: 7, 5: 100}
    assert cumulative_to_month(monthly, 4) == 22  # May is after the month; March without a figure counts 0
    assert cumulative_to_month(monthly, 1) == 10
    assert cumulative_to_month(monthly) == 122  # the whole year
    assert cumulative_to_month({}, 12) == 0


def test_quota_met_needs_a_figure_at_least_the_quota():
    assert quota_met(2, 2) is True
    assert quota_met(5, 2) is True
    assert quota_met(1, 2) is False
    assert quota_met(0, 2) is False
    assert quota_met(None, 2) is None  # nothing entered is neither met nor missed


def test_ranking_key_orders_by_exact_percent_then_cumulative_then_name():
    # 1/3 and 33,3% look equal rounded, but 1/3 (33,33…%) ranks above 333/1000 (33,3%).
    third = ranking_key(1, 3, "B")
    almost = ranking_key(333, 1000, "A")
    assert third < almost
    # Equal percent: the larger lũy kế first; then the name.
    assert ranking_key(20, 100, "Z") < ranking_key(10, 50, "A")
    assert ranking_key(10, 50, "A") < ranking_key(10, 50, "B")
    # Without a plan: last, whatever the lũy kế.
    assert ranking_key(1, 1000, "Z") < ranking_key(10**6, None, "A")


def test_ranks_assign_ranks_only_rows_with_a_plan():
    rows = [
        SimpleNamespace(name="C", cumulative=50, annual_plan=None, rank="?"),
        SimpleNamespace(name="B", cumulative=10, annual_plan=100, rank="?"),
        SimpleNamespace(name="A", cumulative=30, annual_plan=100, rank="?"),
    ]
    ranked = ranks_assign(rows)
    assert [(r.name, r.rank) for r in ranked] == [("A", 1), ("B", 2), ("C", None)]


def test_subtree_totals_of_a_three_level_tree():
    # district D → communes C, C2 → cultural point P under C; T a flat office beside them
    parents = {"D": None, "C": "D", "C2": "D", "P": "C", "T": None}
    own = {"D": {1: 2}, "C": {1: 3, 2: 5}, "P": {1: 4, 2: 1}, "T": {2: 7}}
    totals = subtree_totals(own, parents)
    assert totals == {
        "D": {1: 9, 2: 6},
        "C": {1: 7, 2: 6},
        "C2": {},
        "P": {1: 4, 2: 1},
        "T": {2: 7},
    }
    assert tree_ancestors(parents) == {"D": [], "C": ["D"], "C2": ["D"], "P": ["C", "D"], "T": []}
    # the roots hold every value exactly once: no double count in the province total
    assert sum(totals["D"].values()) + sum(totals["T"].values()) == sum(sum(v.values()) for v in own.values())


def test_tree_roll_up_stops_on_bad_data():
    # a cycle A → B → A, and a parent X that is not a node (an office of another province)
    parents = {"A": "B", "B": "A", "C": "X", "D": "C"}
    assert tree_ancestors(parents) == {"A": ["B"], "B": ["A"], "C": [], "D": ["C"]}
    totals = subtree_totals({"A": {1: 1}, "B": {1: 10}, "D": {1: 5}, "Z": {1: 3}}, parents)
    assert totals["A"] == {1: 11} and totals["B"] == {1: 11}  # each value once per node, never twice
    assert totals["C"] == {1: 5} and totals["D"] == {1: 5}
    assert totals["Z"] == {1: 3}  # a node missing from the parents is a root of its own


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 50)), max_size=30))
def test_each_value_reaches_a_node_and_its_ancestors_once(edges):
    # any {node: parent} (cycles, self-loops, dangling parents included): the function ends and the sums match
    parents = {node: (parent if parent != node else None) for node, parent, _value in edges}
    own = {node: {1: value} for node, _parent, value in edges}
    totals = subtree_totals(own, parents)
    chains = tree_ancestors(parents)
    for node in parents:
        expected = sum(own[other][1] for other in own if other == node or node in chains.get(other, ()))
        assert totals[node].get(1, 0) == expected
        assert node not in chains[node] and len(chains[node]) == len(set(chains[node]))


def test_restated_plan_is_the_own_plan_where_hq_set_one():
    assert restated_plan(1200, [700, 300]) == (1200, "own")
    assert restated_plan(1200, []) == (1200, "own")


def test_restated_plan_is_otherwise_the_sum_of_the_predecessors_plans():
    assert restated_plan(None, [700, 300]) == (1000, "derived")
    assert restated_plan(None, [700, None]) == (700, "derived")  # a predecessor without a plan adds nothing
    assert restated_plan(None, [None, None]) == (None, "")
    assert restated_plan(None, []) == (None, "")
