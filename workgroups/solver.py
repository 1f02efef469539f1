"""Allocation of people to working groups from their ranked preferences.

Pure Python over scipy's mixed-integer solver (HiGHS); nothing here knows about Django. The allocation is the
optimum of these objectives, each one minimised with the ones before it held at their optimum:

1. the number of people left without a group;
2. among equally many, those left out are the latest in the given order (the order is the priority:
   registration order);
3. the places missing below the minimum of groups that cannot be dissolved because people are locked into
   them;
4. the sum of rank costs: the 1st choice costs 0, the 2nd 1 and so on; a group the person did not rank costs
   ``none_cost`` (by default the number of groups, more than any rank);
5. fairness: the number of people who get their worst choice (the last of two or more ranked groups) or none
   of their choices.

A group with a minimum is either dissolved (nobody in it) or has at least its minimum; a group holding a
locked person stays open. Locked assignments are kept as they are. Ties between equally good allocations are
broken by the order in which the variables are laid out, shuffled with ``seed``: the same input and seed give
the same allocation.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# Why a person has no group.
NO_SEAT = "no_seat"  # every seat of every open group is taken by people earlier in the order
NO_RANKED_GROUP = "no_ranked_group"  # only ranked groups allowed and the person ranked none that exists
RANKED_GROUPS_FULL = "ranked_groups_full"  # only ranked groups allowed and all of theirs are full
# Why a group is dissolved.
BELOW_MINIMUM = "below_minimum"
# Warnings: the allocation goes on.
LOCK_UNKNOWN_GROUP = "lock_unknown_group"  # a lock into a group that is not offered: the lock is not kept
LOCKS_OVER_CAPACITY = "locks_over_capacity"  # more people locked into a group than its capacity: all kept
LOCKED_BELOW_MINIMUM = "locked_below_minimum"  # a group held open by locks stays under its minimum


@dataclass(frozen=True)
class Person:
    key: Hashable
    ranking: tuple[Hashable, ...] = ()  # group keys, best first


@dataclass(frozen=True)
class Group:
    key: Hashable
    capacity: int
    minimum: int = 0


@dataclass(frozen=True)
class Notice:
    code: str
    group: Hashable
    person: Hashable | None = None


@dataclass
class Allocation:
    assignments: dict[Hashable, Hashable] = field(default_factory=dict)  # person -> group
    unplaced: dict[Hashable, str] = field(default_factory=dict)  # person -> reason
    dissolved: dict[Hashable, str] = field(default_factory=dict)  # group -> reason
    ranks: dict[Hashable, int | None] = field(
        default_factory=dict
    )  # placed person -> 0-based rank, None = unranked
    warnings: list[Notice] = field(default_factory=list)
    cost: int = 0
    worst: int = 0  # people with their worst choice or none of their choices
    shortfall: int = 0

    def members(self, group: Hashable) -> list[Hashable]:
        return [person for person, assigned in self.assignments.items() if assigned == group]

    def share_with_rank(self, rank: int | None, *, of: int | None = None) -> float:
        total = of if of is not None else len(self.assignments) + len(self.unplaced)
        if not total:
            return 0.0
        return sum(1 for value in self.ranks.values() if value == rank) / total


def rank_cost(person: Person, group: Hashable, none_cost: int) -> int:
    """0 for the 1st choice, 1 for the 2nd, ...; ``none_cost`` for a group the person did not rank."""
    try:
        return person.ranking.index(group)
    except ValueError:
        return none_cost


def is_worst(person: Person, group: Hashable) -> bool:
    """The person's last choice out of two or more, or a group they did not rank."""
    if group not in person.ranking:
        return True
    return len(person.ranking) >= 2 and person.ranking[-1] == group


def _clean(people: Iterable[Person], groups: dict[Hashable, Group]) -> list[Person]:
    """Rankings without repeats and without groups that are not offered; the first of two people with one key
    wins (a key is one person)."""
    seen: set[Hashable] = set()
    cleaned = []
    for person in people:
        if person.key in seen:
            continue
        seen.add(person.key)
        ranking = tuple(dict.fromkeys(key for key in person.ranking if key in groups))
        cleaned.append(Person(person.key, ranking))
    return cleaned


def _everybody_fits(
    groups: Sequence[Group], capacity: dict, opening: list[int], people: int, free: int
) -> bool:
    """Whether everybody can get some group when anyone may go anywhere: the groups without a minimum to
    reach hold them all (dissolve the others), or all groups together hold them and the people not locked
    (nobody is locked into a group that may be dissolved) are enough to bring those groups up to their
    minimum."""
    opening_set = set(opening)
    others = sum(capacity[group.key] for g, group in enumerate(groups) if g not in opening_set)
    # A group whose capacity is below its minimum can never open.
    viable = [groups[g] for g in opening if capacity[groups[g].key] >= groups[g].minimum]
    total = others + sum(capacity[group.key] for group in viable)
    minimums = sum(group.minimum for group in viable)
    return people <= others or (free >= minimums and people <= total)


def allocate(
    people: Sequence[Person],
    groups: Sequence[Group],
    *,
    locked: dict[Hashable, Hashable] | None = None,
    seed: int = 0,
    none_cost: int | None = None,
    place_unranked: bool = True,
    time_limit: float = 60.0,
) -> Allocation:
    """Place every person in exactly one group where that is possible; see the module's docstring."""
    offered = {group.key: group for group in groups}
    people = _clean(people, offered)
    none_cost = len(offered) if none_cost is None else none_cost
    result = Allocation()
    keys = {person.key for person in people}
    locks: dict[Hashable, Hashable] = {}
    for person_key, group_key in (locked or {}).items():
        if person_key not in keys:
            continue
        if group_key not in offered:
            result.warnings.append(Notice(LOCK_UNKNOWN_GROUP, group_key, person_key))
            continue
        locks[person_key] = group_key
    locked_count: dict[Hashable, int] = {}
    for group_key in locks.values():
        locked_count[group_key] = locked_count.get(group_key, 0) + 1
    capacity = {}
    for group in groups:
        capacity[group.key] = max(group.capacity, locked_count.get(group.key, 0))
        if locked_count.get(group.key, 0) > group.capacity:
            result.warnings.append(Notice(LOCKS_OVER_CAPACITY, group.key))
    if not people:
        result.dissolved = {group.key: BELOW_MINIMUM for group in groups if group.minimum > 0}
        return result

    # Variables: x[person, group] (in a shuffled order: the seeded tie-break), then u[person] (no group),
    # then y[group] (open) for groups with a minimum and no locks, then s[group] (places missing below the
    # minimum) for groups with a minimum held open by locks.
    order = list(range(len(people)))
    random.Random(seed).shuffle(order)  # noqa: S311  # nosec B311  # tie-breaks, not security
    group_keys = [group.key for group in groups]
    pairs: list[tuple[int, int]] = []
    for p in order:
        person = people[p]
        if person.key in locks:
            pairs.append((p, group_keys.index(locks[person.key])))
            continue
        candidates = range(len(group_keys))
        if not place_unranked:
            candidates = [group_keys.index(key) for key in person.ranking]
        pairs.extend((p, g) for g in candidates if capacity[group_keys[g]] > 0)
    n_x = len(pairs)
    n_people = len(people)
    opening = [g for g, group in enumerate(groups) if group.minimum > 0 and not locked_count.get(group.key)]
    held = [g for g, group in enumerate(groups) if group.minimum > 0 and locked_count.get(group.key)]
    u0 = n_x
    y0 = u0 + n_people
    s0 = y0 + len(opening)
    n_vars = s0 + len(held)

    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def constraint(entries: Iterable[tuple[int, float]], low: float, high: float) -> None:
        row = len(lower)
        for column, value in entries:
            rows.append(row)
            cols.append(column)
            values.append(value)
        lower.append(low)
        upper.append(high)

    by_person: list[list[int]] = [[] for _ in people]
    by_group: list[list[int]] = [[] for _ in groups]
    for index, (p, g) in enumerate(pairs):
        by_person[p].append(index)
        by_group[g].append(index)
    for p in range(n_people):
        constraint([*((index, 1.0) for index in by_person[p]), (u0 + p, 1.0)], 1, 1)
    for position, g in enumerate(opening):
        cap, minimum = capacity[group_keys[g]], groups[g].minimum
        members = [(index, 1.0) for index in by_group[g]]
        constraint([*members, (y0 + position, -float(cap))], -np.inf, 0)
        constraint([*members, (y0 + position, -float(minimum))], 0, np.inf)
        # Nobody in a dissolved group, person by person: the same solutions, but a far tighter relaxation
        # than the capacity row alone, so the solver rarely has to branch.
        for index in by_group[g]:
            constraint([(index, 1.0), (y0 + position, -1.0)], -np.inf, 0)
    opening_set = set(opening)
    for g in range(len(groups)):
        if g not in opening_set:
            constraint(((index, 1.0) for index in by_group[g]), -np.inf, capacity[group_keys[g]])
    for position, g in enumerate(held):
        constraint(
            [*((index, 1.0) for index in by_group[g]), (s0 + position, 1.0)], groups[g].minimum, np.inf
        )

    low_bounds = np.zeros(n_vars)
    high_bounds = np.ones(n_vars)
    for index, (p, _g) in enumerate(pairs):
        if people[p].key in locks:
            low_bounds[index] = 1
    for p, person in enumerate(people):
        if person.key in locks:
            high_bounds[u0 + p] = 0
    for position, g in enumerate(held):
        high_bounds[s0 + position] = groups[g].minimum

    # The objectives, most important first.
    unplaced = np.zeros(n_vars)
    unplaced[u0:y0] = 1
    lateness = np.zeros(n_vars)
    lateness[u0:y0] = np.arange(n_people, 0, -1)  # leaving the first person out weighs most
    shortfall = np.zeros(n_vars)
    shortfall[s0:] = 1
    # Rank costs, then fairness, in one objective: the fairness count is at most the number of people, so a
    # weight one above it on the cost keeps the order exact in integers.
    satisfaction = np.zeros(n_vars)
    weight = n_people + 1
    for index, (p, g) in enumerate(pairs):
        person, key = people[p], group_keys[g]
        satisfaction[index] = rank_cost(person, key, none_cost) * weight + is_worst(person, key)
    objectives = [unplaced, lateness, shortfall, satisfaction]
    if place_unranked and _everybody_fits(groups, capacity, opening, n_people, n_people - len(locks)):
        # Nobody needs to be left out (open every group, fill the minimums, then the rest): no need to solve
        # for it.
        high_bounds[u0:y0] = 0
        objectives = objectives[2:]

    integrality = np.ones(n_vars)
    bounds = Bounds(low_bounds, high_bounds)
    solution = None
    for objective in objectives:
        if not objective.any():
            continue
        matrix = coo_array((values, (rows, cols)), shape=(len(lower), n_vars)).tocsr()
        found = milp(
            objective,
            integrality=integrality,
            bounds=bounds,
            constraints=LinearConstraint(matrix, lower, upper),
            options={"mip_rel_gap": 0, "time_limit": time_limit, "presolve": True},
        )
        if found.x is None:  # cannot happen: leaving everybody out is always feasible; kept for the report
            raise RuntimeError(f"allocation solver failed: {found.message}")
        solution = np.round(found.x)
        best = float(objective @ solution)
        constraint(((column, value) for column, value in enumerate(objective) if value), -np.inf, best + 0.5)
    if solution is None:
        # No objective to optimise at all: nobody can be left out and nothing costs anything; any feasible
        # allocation will do.
        matrix = coo_array((values, (rows, cols)), shape=(len(lower), n_vars)).tocsr()
        found = milp(
            np.zeros(n_vars),
            integrality=integrality,
            bounds=bounds,
            constraints=LinearConstraint(matrix, lower, upper),
        )
        solution = np.round(found.x)

    for index, (p, g) in enumerate(pairs):
        if solution[index]:
            person = people[p]
            result.assignments[person.key] = group_keys[g]
            rank = rank_cost(person, group_keys[g], none_cost)
            result.ranks[person.key] = rank if group_keys[g] in person.ranking else None
            result.cost += rank
            result.worst += is_worst(person, group_keys[g])
    for p, person in enumerate(people):
        if solution[u0 + p]:
            if place_unranked:
                reason = NO_SEAT
            elif not person.ranking:
                reason = NO_RANKED_GROUP
            else:
                reason = RANKED_GROUPS_FULL
            result.unplaced[person.key] = reason
    for position, g in enumerate(opening):
        if not solution[y0 + position]:
            result.dissolved[group_keys[g]] = BELOW_MINIMUM
    for position, g in enumerate(held):
        missing = int(solution[s0 + position])
        result.shortfall += missing
        if missing:
            result.warnings.append(Notice(LOCKED_BELOW_MINIMUM, group_keys[g]))
    # Keep the caller's order of people in the result, whatever the shuffled layout was.
    result.assignments = {
        person.key: result.assignments[person.key] for person in people if person.key in result.assignments
    }
    return result


def first_come_first_served(people: Sequence[Person], groups: Sequence[Group]) -> Allocation:
    """The baseline: in the given order, each person gets the first of their choices with a seat left, else
    any group with a seat left (the first in the list), else nothing. Minimums are not looked at."""
    offered = {group.key: group for group in groups}
    people = _clean(people, offered)
    left = {group.key: group.capacity for group in groups}
    none_cost = len(offered)
    result = Allocation()
    for person in people:
        choice = next((key for key in person.ranking if left[key] > 0), None)
        if choice is None:
            choice = next((group.key for group in groups if left[group.key] > 0), None)
        if choice is None:
            result.unplaced[person.key] = NO_SEAT
            continue
        left[choice] -= 1
        result.assignments[person.key] = choice
        result.ranks[person.key] = person.ranking.index(choice) if choice in person.ranking else None
        result.cost += rank_cost(person, choice, none_cost)
        result.worst += is_worst(person, choice)
    return result
