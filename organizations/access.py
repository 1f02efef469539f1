"""Who may manage what: a user's memberships decide which organizations' data they see and edit.

Every check in admin and organizer views goes through these functions. Superusers may do everything.
A member of an organization may see its data; owners and editors may change it; only owners manage
its memberships; only members allowed to see sensitive data see accessibility and health answers.
"""

from functools import reduce

from django.db.models import Model, Q, QuerySet

from .models import Invitation, Membership, Organization

_ROLES_CACHE = "_organization_roles_cache"


def organization_path(model: type[Model]) -> str | None:
    """The lookup from a model to its owning organization, or None for data no organization owns.

    Each model states it once, as its `organization_path` attribute ("" for Organization itself).
    """
    return getattr(model._meta.concrete_model, "organization_path", None)


def _memberships(user) -> dict[int, Membership]:
    """The user's memberships by organization id, read once per user object (one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        cached = {
            membership.organization_id: membership for membership in Membership.objects.filter(user=user)
        }
        setattr(user, _ROLES_CACHE, cached)
    return cached


def forget_memberships(user) -> None:
    """Drop the per-user cache, for code that changes memberships and checks again in the same request."""
    if hasattr(user, _ROLES_CACHE):
        delattr(user, _ROLES_CACHE)


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def role_in(user, organization: Organization | int | None) -> str | None:
    """The user's role in the organization (a Membership.Role value), or None."""
    organization_id = getattr(organization, "pk", organization)
    membership = _memberships(user).get(organization_id)
    return membership.role if membership else None


def organization_ids(
    user, *, editable: bool = False, owned: bool = False, sensitive: bool = False
) -> set[int]:
    """Ids of the user's organizations, narrowed to those they may edit, own or see sensitive data of."""
    ids = set()
    for organization_id, membership in _memberships(user).items():
        if editable and not membership.can_edit:
            continue
        if owned and membership.role != Membership.Role.OWNER:
            continue
        if sensitive and not membership.can_view_sensitive_data:
            continue
        ids.add(organization_id)
    return ids


def managed_organizations(user, *, editable: bool = False, owned: bool = False) -> QuerySet[Organization]:
    """Organizations whose data the user may see (or edit, or whose members they manage); all for admins."""
    if is_administrator(user):
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=organization_ids(user, editable=editable, owned=owned))


def scope_queryset(queryset: QuerySet, user, *, path: str | None = None, editable: bool = False) -> QuerySet:
    """Narrow a queryset to the rows of organizations the user belongs to (may edit, when editable)."""
    if is_administrator(user):
        return queryset
    if path is None:
        path = organization_path(queryset.model)
    if path is None:
        raise ValueError(f"{queryset.model._meta.label} is not owned by an organization")
    ids = organization_ids(user, editable=editable)
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: ids})


def organization_id_of(obj: Model, path: str | None = None) -> int | None:
    """Follow the organization path on an instance; None while the path is not filled in yet."""
    if path is None:
        path = organization_path(type(obj))
    if path is None:
        return None
    if not path:
        return obj.pk
    *steps, last = path.split("__")
    target = reduce(lambda current, step: getattr(current, step, None) if current else None, steps, obj)
    if target is None:
        return None
    return getattr(target, f"{last}_id", None)


def can_view(user, obj: Model, *, path: str | None = None) -> bool:
    if is_administrator(user):
        return True
    organization_id = organization_id_of(obj, path)
    return organization_id is not None and organization_id in _memberships(user)


def can_edit(user, obj: Model, *, path: str | None = None) -> bool:
    """Owners and editors of the owning organization may change the object.

    Members, invitations and the organization itself: only its owners.
    """
    if is_administrator(user):
        return True
    organization_id = organization_id_of(obj, path)
    membership = _memberships(user).get(organization_id)
    if membership is None:
        return False
    if isinstance(obj, Membership | Invitation | Organization):
        return membership.role == Membership.Role.OWNER
    return membership.can_edit


def can_view_sensitive_data(user, event) -> bool:
    """Accessibility and health answers of an event's registrants: only members explicitly allowed."""
    if is_administrator(user):
        return True
    membership = _memberships(user).get(event.organization_id)
    return bool(membership and membership.can_view_sensitive_data)


def without_sensitive_rows(queryset: QuerySet, user, *, sensitive: Q, path: str) -> QuerySet:
    """Drop rows matching `sensitive` (health answers) unless the user may see that organization's."""
    if is_administrator(user):
        return queryset
    return queryset.filter(~sensitive | Q(**{f"{path}__in": organization_ids(user, sensitive=True)}))
