"""Working groups of an event: from the rankings to an allocation, from the allocation to agenda sessions,
seats and e-mails. Views, admin and commands call these; the optimisation itself is in solver.py."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import Session
from registrations.calendars import withdrawn_after_change
from registrations.models import Question, Registration, SessionSeat

from . import solver
from .models import Allocation, Assignment, Ranking, WorkingGroup
from .rankings import ranking_text, save_rankings  # noqa: F401  # part of this module's interface

UNPLACED_REASONS = {
    solver.NO_SEAT: _("every seat in the open groups is taken by people who registered earlier"),
    solver.NO_RANKED_GROUP: _("ranked no group that is still open"),
    solver.RANKED_GROUPS_FULL: _("every group they ranked is full"),
}
NOTICES = {
    solver.LOCK_UNKNOWN_GROUP: _("a person was locked into a group that is dissolved: the lock was released"),
    solver.LOCKS_OVER_CAPACITY: _("more people are locked into this group than it has places"),
    solver.LOCKED_BELOW_MINIMUM: _("this group stays below its minimum because of the people locked into it"),
}
# Who takes part in the allocation: everybody holding or awaiting a place at the event.
ALLOCATED_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.PENDING)


class AllocationError(Exception):
    """A request the allocation cannot carry out; the message is for the organizer."""


# --- Rankings --------------------------------------------------------------------------------------------


def ranking_questions(event) -> list[Question]:
    return list(
        Question.objects.filter(form__event=event, kind=Question.Kind.RANKING).prefetch_related("choices")
    )


# --- The allocation --------------------------------------------------------------------------------------


def allocation_for(event, *, question: Question | None = None) -> Allocation:
    """The event's allocation, made on first use with one group per option of its ranking question."""
    allocation = Allocation.objects.filter(event=event).select_related("question").first()
    if allocation is not None:
        return allocation
    if question is None:
        questions = ranking_questions(event)
        if not questions:
            raise AllocationError(_("The registration form has no “rank your preferences” question."))
        question = questions[0]
    with transaction.atomic():
        allocation, created = Allocation.objects.get_or_create(event=event, defaults={"question": question})
        if created:
            sync_groups(allocation)
    return allocation


def sync_groups(allocation: Allocation) -> None:
    """A group for every option of the question except the open topic; existing groups keep their settings."""
    existing = set(allocation.groups.exclude(choice=None).values_list("choice_id", flat=True))
    for choice in allocation.question.choices.filter(is_open_topic=False).exclude(pk__in=existing):
        # An option without a seat count holds as many as the event, or everybody registered so far when the
        # event has no limit either; the organizer can change it on the allocation's page.
        capacity = choice.capacity
        if capacity is None:
            capacity = allocation.event.capacity or max(1, allocation.event.registrations.count())
        group = WorkingGroup(allocation=allocation, choice=choice, capacity=capacity, order=choice.order)
        for language in ("pl", "uk", "en"):
            setattr(group, f"title_{language}", getattr(choice, f"label_{language}"))
        group.save()


def add_group_from_proposal(
    allocation: Allocation, *, titles: dict[str, str], capacity: int, minimum: int = 0
):
    """An "other topic" proposal becomes a group of its own; the next run fills it."""
    group = WorkingGroup(allocation=allocation, capacity=capacity, minimum=minimum, order=1000)
    for language, title in titles.items():
        setattr(group, f"title_{language}", title)
    group.save()
    return group


def participants(allocation: Allocation) -> list[Registration]:
    """Who is allocated, in registration order (the priority when seats run short), with their rankings."""
    return list(
        Registration.objects.filter(event=allocation.event_id, status__in=ALLOCATED_STATUSES)
        .prefetch_related(
            Prefetch(
                "rankings",
                queryset=Ranking.objects.filter(question=allocation.question_id).order_by("rank"),
                to_attr="ranked",
            )
        )
        .order_by("created_at", "pk")
    )


def _people(registrations: Iterable[Registration], groups: Sequence[WorkingGroup]) -> list[solver.Person]:
    group_of_choice = {group.choice_id: group.pk for group in groups if group.choice_id}
    return [
        solver.Person(
            registration.pk,
            tuple(
                group_of_choice[r.choice_id] for r in registration.ranked if r.choice_id in group_of_choice
            ),
        )
        for registration in registrations
    ]


def run(allocation: Allocation) -> solver.Allocation:
    """Allocate everybody again, keeping the locked assignments; nothing is published or e-mailed."""
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        # Groups that the last run dissolved for their minimum are offered again: more people may have come.
        allocation.groups.filter(dissolved=WorkingGroup.Dissolved.BELOW_MINIMUM).update(dissolved="")
        groups = list(allocation.groups.all())
        offered = [group for group in groups if not group.dissolved]
        registrations = participants(allocation)
        people = _people(registrations, groups)
        previous = {a.registration_id: a for a in allocation.assignments.all()}
        locked = {
            a.registration_id: a.group_id for a in previous.values() if a.is_locked and a.group_id is not None
        }
        result = solver.allocate(
            people,
            [solver.Group(group.pk, group.capacity, group.minimum) for group in offered],
            locked=locked,
            seed=allocation.seed,
        )
        for group_pk in result.dissolved:
            WorkingGroup.objects.filter(pk=group_pk).update(dissolved=WorkingGroup.Dissolved.BELOW_MINIMUM)
        keep = []
        for registration in registrations:
            assignment = previous.pop(registration.pk, None) or Assignment(
                allocation=allocation, registration=registration
            )
            assignment.group_id = result.assignments.get(registration.pk)
            rank = result.ranks.get(registration.pk)
            assignment.rank = rank + 1 if rank is not None else None
            assignment.unplaced_reason = result.unplaced.get(registration.pk, "")
            if assignment.is_locked and assignment.group_id != locked.get(registration.pk):
                assignment.is_locked = False  # its group was dissolved: the lock went with it
            keep.append(assignment)
        # People who cancelled since the last run leave the allocation.
        Assignment.objects.filter(pk__in=[a.pk for a in previous.values()]).delete()
        Assignment.objects.bulk_create([a for a in keep if a.pk is None])
        Assignment.objects.bulk_update(
            [a for a in keep if a.pk is not None], ["group", "rank", "unplaced_reason", "is_locked"]
        )
        allocation.ran_at = timezone.now()
        allocation.summary = {
            "cost": result.cost,
            "worst": result.worst,
            "notices": [[notice.code, notice.group] for notice in result.warnings],
        }
        allocation.save(update_fields=["ran_at", "summary", "updated_at"])
    return result


def lock(assignment: Assignment, group: WorkingGroup | None) -> Assignment:
    """Put the person in the group by hand and keep them there in later runs; None unlocks them."""
    if group is None:
        assignment.is_locked = False
        assignment.save(update_fields=["is_locked"])
        return assignment
    if group.allocation_id != assignment.allocation_id:
        raise AllocationError(_("The group belongs to another event."))
    if group.dissolved:
        raise AllocationError(_("The group is dissolved; restore it first."))
    placed = group.assignments.exclude(pk=assignment.pk).filter(is_locked=True).count()
    if placed >= group.capacity:
        raise AllocationError(_("The group's places are all taken by people locked into it."))
    assignment.group = group
    assignment.is_locked = True
    assignment.unplaced_reason = ""
    ranked = [
        r.choice_id for r in assignment.registration.rankings.filter(question=group.allocation.question_id)
    ]
    assignment.rank = ranked.index(group.choice_id) + 1 if group.choice_id in ranked else None
    assignment.save(update_fields=["group", "is_locked", "unplaced_reason", "rank"])
    return assignment


def dissolve(group: WorkingGroup) -> None:
    """The organizer drops the group; its people are allocated elsewhere by the next run (locks released)."""
    with transaction.atomic():
        group.dissolved = WorkingGroup.Dissolved.BY_ORGANIZER
        group.save(update_fields=["dissolved"])
        group.assignments.update(is_locked=False)


def restore(group: WorkingGroup) -> None:
    group.dissolved = ""
    group.save(update_fields=["dissolved"])


# --- What the organizer sees -----------------------------------------------------------------------------


@dataclass
class GroupReport:
    group: WorkingGroup
    count: int = 0
    by_rank: list[int] = field(default_factory=list)  # people with their 1st, 2nd, ... choice
    unranked: int = 0  # people in it who did not rank it
    locked: int = 0
    first_choices: int = 0  # people who ranked it first, wherever they are
    people: list = field(default_factory=list)  # their assignments, filled in by the page


@dataclass
class Report:
    allocation: Allocation
    groups: list[GroupReport]
    total: int
    placed: int
    first_choice: int
    unplaced: list[tuple[Registration, str]]
    ranks: int
    proposals: list[tuple[Registration, str]]

    @property
    def first_choice_share(self) -> float:
        return self.first_choice / self.total if self.total else 0.0


def report(allocation: Allocation) -> Report:
    assignments = list(allocation.assignments.select_related("registration", "group"))
    groups = list(allocation.groups.all())
    ranks = max([allocation.question.min_ranks, *(a.rank or 0 for a in assignments)])
    by_group = {group.pk: GroupReport(group, by_rank=[0] * ranks) for group in groups}
    for assignment in assignments:
        entry = by_group.get(assignment.group_id)
        if entry is None:
            continue
        entry.count += 1
        entry.locked += assignment.is_locked
        if assignment.rank:
            entry.by_rank[assignment.rank - 1] += 1
        else:
            entry.unranked += 1
    firsts = Counter(
        Ranking.objects.filter(
            question=allocation.question_id, rank=1, registration__group_assignments__allocation=allocation
        ).values_list("choice_id", flat=True)
    )
    for entry in by_group.values():
        entry.first_choices = firsts.get(entry.group.choice_id, 0) if entry.group.choice_id else 0
    proposals = [
        (ranking.registration, ranking.proposal)
        for ranking in Ranking.objects.filter(question=allocation.question_id)
        .exclude(proposal="")
        .filter(registration__event=allocation.event_id, registration__status__in=ALLOCATED_STATUSES)
        .select_related("registration")
        .order_by("registration__created_at")
    ]
    return Report(
        allocation=allocation,
        groups=list(by_group.values()),
        total=len(assignments),
        placed=sum(1 for a in assignments if a.group_id),
        first_choice=sum(1 for a in assignments if a.rank == 1),
        unplaced=[
            (a.registration, UNPLACED_REASONS.get(a.unplaced_reason, a.unplaced_reason))
            for a in assignments
            if a.group_id is None
        ],
        ranks=ranks,
        proposals=proposals,
    )


# --- Publishing ------------------------------------------------------------------------------------------


def working_group_block(event) -> Session:
    """The agenda block the groups meet in: the event's top-level "working group" session."""
    block = (
        Session.objects.top_level()
        .filter(event=event, kind=Session.Kind.WORKING_GROUP, working_group__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if block is None:
        raise AllocationError(
            _("Add a “working group” block to the agenda first; the groups become its parts.")
        )
    return block


def email_kind(assignment: Assignment) -> str:
    """One e-mail per change of group: the count makes a move back to an earlier group a new message.
    Someone who had a group and now has none (more people than places after a group was dissolved) is told
    too."""
    if assignment.group_id is None:
        return f"working_group:none:{assignment.notifications}"
    return f"working_group:session:{assignment.group.session_id}:{assignment.notifications}"


def publish(allocation: Allocation) -> int:
    """Groups become sessions of the working-group block, each person gets a seat in theirs, and those whose
    group is new or changed since the last publication are e-mailed it. Returns how many were e-mailed."""
    from mail.outbox import queue_email

    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().select_related("event").get(pk=allocation.pk)
        if allocation.ran_at is None:
            raise AllocationError(_("Run the allocation before publishing it."))
        event = allocation.event
        block = working_group_block(event)
        groups = list(allocation.groups.select_related("session"))
        # The seats held in the groups' sessions before: a dropped one leaves the person's calendar.
        dropped: dict[int, list[SessionSeat]] = {}
        for seat in SessionSeat.objects.filter(session_id__in=[g.session_id for g in groups if g.session_id]):
            dropped.setdefault(seat.registration_id, []).append(seat)
        for group in groups:
            if group.dissolved:
                if group.session_id:
                    session, group.session = group.session, None
                    group.save(update_fields=["session"])
                    session.delete()  # its seats go with it
                continue
            session = group.session or Session(event=event, parent=block, kind=Session.Kind.WORKING_GROUP)
            session.starts_at, session.ends_at = block.starts_at, block.ends_at
            session.capacity = group.capacity
            session.order = group.order
            session.track_id = block.track_id
            for language in ("pl", "uk", "en"):
                setattr(session, f"title_{language}", getattr(group, f"title_{language}"))
            session.save()
            if group.session_id != session.pk:
                group.session = session
                group.save(update_fields=["session"])
        sessions = {group.pk: group.session_id for group in groups if not group.dissolved}
        assignments = list(allocation.assignments.select_related("registration__registered_by", "group"))
        all_sessions = [session_id for session_id in sessions.values() if session_id]
        wanted = {a.registration_id: sessions.get(a.group_id) for a in assignments}
        # Seats follow the groups: a seat in another group's session is given up, the own one taken.
        stale = SessionSeat.objects.filter(session_id__in=all_sessions)
        for seat in stale:
            if wanted.get(seat.registration_id) != seat.session_id:
                seat.delete()
        have = set(
            SessionSeat.objects.filter(session_id__in=all_sessions).values_list(
                "registration_id", "session_id"
            )
        )
        SessionSeat.objects.bulk_create(
            SessionSeat(
                registration_id=registration_id, session_id=session_id, status=SessionSeat.Status.CONFIRMED
            )
            for registration_id, session_id in wanted.items()
            if session_id and (registration_id, session_id) not in have
        )
        emailed = 0
        changed = []
        for assignment in assignments:
            if assignment.group_id == assignment.notified_group_id:
                continue
            assignment.notifications += 1
            assignment.notified_group_id = assignment.group_id
            if assignment.group_id is not None:
                assignment.group.session_id = sessions[assignment.group_id]
            changed.append(assignment)
            if queue_email(registration=assignment.registration, kind=email_kind(assignment)) is not None:
                emailed += 1
        Assignment.objects.bulk_update(changed, ["notifications", "notified_group"])
        for assignment in changed:
            registration = assignment.registration
            kept = [wanted[registration.pk]] if wanted.get(registration.pk) else []
            registration.withdrawn_calendar_entries = withdrawn_after_change(
                registration,
                dropped=[seat for seat in dropped.get(registration.pk, []) if seat.session_id not in kept],
                kept_session_ids=kept,
            )
            registration.calendar_revision += 1
            registration.save(update_fields=["withdrawn_calendar_entries", "calendar_revision", "updated_at"])
        allocation.published_at = timezone.now()
        allocation.save(update_fields=["published_at", "updated_at"])
    return emailed


def group_of(registration: Registration) -> WorkingGroup | None:
    """The published group of a person, for their manage page."""
    assignment = (
        Assignment.objects.filter(registration=registration, allocation__published_at__isnull=False)
        .exclude(notified_group=None)
        .select_related("notified_group__session")
        .first()
    )
    return assignment.notified_group if assignment else None
