"""The allocation solver against brute force on small instances, and its invariants on random ones."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.solver import (
    BELOW_MINIMUM,
    LOCK_UNKNOWN_GROUP,
    LOCKED_BELOW_MINIMUM,
    NO_SEAT,
    RANKED_GROUPS_FULL,
    Group,
    Person,
    allocate,
    first_come_first_served,
    is_worst,
    rank_cost,
)


def brute_force(people, groups, locked=None, *, place_unranked=True):
    """The best objective tuple over every way to give each person a group or none."""
    locked = locked or {}
    none_cost = len(groups)
    keys = [group.key for group in groups]
    best = None
    options = []
    for person in people:
        if person.key in locked:
            options.append([locked[person.key]])
        elif place_unranked:
            options.append([*keys, None])
        else:
            options.append([*person.ranking, None])
    for choice in itertools.product(*options):
        counts = dict.fromkeys(keys, 0)
        for key in choice:
            if key is not None:
                counts[key] += 1
        held = {locked[p] for p in locked}
        shortfall = 0
        feasible = True
        for group in groups:
            count = counts[group.key]
            if count > max(group.capacity, sum(1 for g in locked.values() if g == group.key)):
                feasible = False
            if group.key in held:
                shortfall += max(0, group.minimum - count)
            elif 0 < count < group.minimum:
                feasible = False
        if not feasible:
            continue
        unplaced = [index for index, key in enumerate(choice) if key is None]
        lateness = sum(len(people) - index for index in unplaced)
        cost = sum(
            rank_cost(p, key, none_cost) for p, key in zip(people, choice, strict=True) if key is not None
        )
        worst = sum(is_worst(p, key) for p, key in zip(people, choice, strict=True) if key is not None)
        objective = (len(unplaced), lateness, shortfall, cost, worst)
        if best is None or objective < best:
            best = objective
    return best


def objective(allocation, people):
    order = [person.key for person in people]
    lateness = sum(len(people) - order.index(key) for key in allocation.unplaced)
    return (len(allocation.unplaced), lateness, allocation.shortfall, allocation.cost, allocation.worst)


def check_invariants(allocation, people, groups, locked=None):
    locked = locked or {}
    keys = {person.key for person in people}
    # Everybody exactly once: placed or reported, never both, never dropped.
    assert set(allocation.assignments) | set(allocation.unplaced) == keys
    assert not set(allocation.assignments) & set(allocation.unplaced)
    offered = {group.key: group for group in groups}
    for person_key, group_key in locked.items():
        if person_key in keys and group_key in offered:
            assert allocation.assignments[person_key] == group_key
    for group in groups:
        members = allocation.members(group.key)
        locks = sum(1 for person, key in locked.items() if key == group.key and person in keys)
        assert len(members) <= max(group.capacity, locks)
        if group.key in allocation.dissolved:
            assert not members
        elif not locks and members:
            assert len(members) >= group.minimum


def random_instance(rng, people_count, group_count):
    groups = [
        Group(f"g{g}", capacity=rng.randint(0, 4), minimum=rng.choice([0, 0, 2, 3]))
        for g in range(group_count)
    ]
    people = []
    for p in range(people_count):
        ranking = rng.sample([group.key for group in groups], rng.randint(0, group_count))
        people.append(Person(p, tuple(ranking)))
    return people, groups


@pytest.mark.parametrize("seed", range(40))
def test_optimum_equals_brute_force(seed):
    rng = random.Random(seed)
    people, groups = random_instance(rng, rng.randint(1, 6), rng.randint(1, 3))
    locked = {}
    if rng.random() < 0.5:
        person = rng.choice(people)
        locked[person.key] = rng.choice(groups).key
    allocation = allocate(people, groups, locked=locked, seed=seed)
    check_invariants(allocation, people, groups, locked)
    assert objective(allocation, people) == brute_force(people, groups, locked)


@pytest.mark.parametrize("seed", range(15))
def test_only_ranked_groups_equals_brute_force(seed):
    rng = random.Random(1000 + seed)
    people, groups = random_instance(rng, rng.randint(1, 6), rng.randint(1, 3))
    allocation = allocate(people, groups, place_unranked=False)
    check_invariants(allocation, people, groups)
    for person_key, group_key in allocation.assignments.items():
        assert group_key in next(p for p in people if p.key == person_key).ranking
    assert objective(allocation, people) == brute_force(people, groups, place_unranked=False)


def test_first_choices_win_over_first_come_first_served():
    groups = [Group("a", 1), Group("b", 1)]
    # First come, first served gives Ola her 1st choice "a"; Iryna, who only wanted "a", gets "b".
    people = [Person("ola", ("a", "b")), Person("iryna", ("a",))]
    assert first_come_first_served(people, groups).assignments == {"ola": "a", "iryna": "b"}
    allocation = allocate(people, groups)
    assert allocation.assignments == {"ola": "b", "iryna": "a"}
    assert allocation.cost == 1


def test_fairness_breaks_equal_cost():
    # Both allocations cost 2; only one leaves nobody with their last choice.
    groups = [Group("a", 1), Group("b", 1), Group("c", 1)]
    people = [Person(1, ("a", "b", "c")), Person(2, ("a", "c", "b")), Person(3, ("b", "a", "c"))]
    allocation = allocate(people, groups)
    assert allocation.cost == brute_force(people, groups)[3]
    assert allocation.worst == brute_force(people, groups)[4]


def test_more_people_than_seats_reports_the_latest_with_a_reason():
    groups = [Group("a", 2), Group("b", 1)]
    people = [Person(n, ("a", "b")) for n in range(5)]
    allocation = allocate(people, groups)
    assert allocation.unplaced == {3: NO_SEAT, 4: NO_SEAT}
    assert sorted(allocation.assignments) == [0, 1, 2]


def test_only_ranked_groups_reports_full_choices():
    allocation = allocate(
        [Person(1, ("a",)), Person(2, ("a",))], [Group("a", 1), Group("b", 5)], place_unranked=False
    )
    assert allocation.assignments == {1: "a"}
    assert allocation.unplaced == {2: RANKED_GROUPS_FULL}


def test_group_under_minimum_is_dissolved_and_its_people_reallocated():
    groups = [Group("big", 10), Group("small", 10, minimum=3)]
    # Only one person wants the small group: filling it up to 3 would cost more than her 2nd choice.
    people = [Person(1, ("small", "big")), *(Person(n, ("big",)) for n in range(2, 8))]
    allocation = allocate(people, groups)
    assert allocation.dissolved == {"small": BELOW_MINIMUM}
    assert set(allocation.assignments.values()) == {"big"}
    assert allocation.ranks[1] == 1


def test_minimum_filled_from_second_choices():
    groups = [Group("a", 10), Group("b", 10, minimum=3)]
    people = [Person(1, ("b", "a")), Person(2, ("b", "a")), Person(3, ("a", "b")), Person(4, ("a", "b"))]
    allocation = allocate(people, groups)
    assert allocation.dissolved == {}
    assert len(allocation.members("b")) == 3


def test_locks_are_kept_and_groups_they_hold_stay_open():
    groups = [Group("a", 5), Group("b", 5, minimum=4)]
    people = [Person(1, ("a",)), Person(2, ("a",))]
    allocation = allocate(people, groups, locked={1: "b", 9: "a", 2: "zzz"})
    # The minimum comes before rankings: Iryna joins the held group to bring it closer to 4.
    assert allocation.assignments == {1: "b", 2: "b"}
    assert allocation.shortfall == 2
    assert {notice.code for notice in allocation.warnings} == {LOCK_UNKNOWN_GROUP, LOCKED_BELOW_MINIMUM}


def test_same_input_and_seed_same_allocation():
    rng = random.Random(7)
    people = [Person(n, tuple(rng.sample("abcd", 3))) for n in range(60)]
    groups = [Group(key, 15) for key in "abcd"]
    first = allocate(people, groups, seed=3)
    assert allocate(people, groups, seed=3).assignments == first.assignments
    assert allocate(list(people), list(groups), seed=3).assignments == first.assignments


def test_duplicates_and_unknown_groups_in_a_ranking_are_ignored():
    allocation = allocate([Person(1, ("x", "b", "b", "a"))], [Group("a", 1), Group("b", 0)])
    assert allocation.assignments == {1: "a"}
    assert allocation.ranks == {1: 1}


def test_nobody_and_nothing():
    assert allocate([], [Group("a", 1, minimum=2)]).dissolved == {"a": BELOW_MINIMUM}
    assert allocate([Person(1)], []).unplaced == {1: NO_SEAT}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 4)), min_size=1, max_size=5),
    st.lists(st.permutations(range(5)).map(lambda order: tuple(order[:3])), max_size=25),
    st.dictionaries(st.integers(0, 24), st.integers(0, 4), max_size=4),
    st.booleans(),
    st.integers(0, 3),
)
def test_invariants_hold_on_random_instances(group_specs, rankings, locks, place_unranked, seed):
    groups = [Group(g, capacity, minimum) for g, (capacity, minimum) in enumerate(group_specs)]
    people = [Person(p, ranking) for p, ranking in enumerate(rankings)]
    allocation = allocate(people, groups, locked=locks, seed=seed, place_unranked=place_unranked)
    check_invariants(allocation, people, groups, locks)
    assert allocate(people, groups, locked=locks, seed=seed, place_unranked=place_unranked) == allocation
    if place_unranked and allocation.unplaced:
        # Only missing seats leave someone out: every group still open is full.
        for group in groups:
            if group.key not in allocation.dissolved:
                # A lock of somebody not in the list holds no seat.
                locks_in = sum(
                    1 for person, key in locks.items() if key == group.key and person < len(people)
                )
                assert len(allocation.members(group.key)) == max(group.capacity, locks_in)
