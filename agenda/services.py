"""Changes to an agenda: the people of a session written as lines of text, one person a line."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organizations.models import Organization

from .models import Person, Session, SessionRole

# Letters that Unicode normalization does not reduce to ASCII, so slugify would drop them.
_SLUG_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})
_LINE = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<details>[^()]*)\))?\s*(?P<question>\?)?\s*$")
_LANGUAGES = ("pl", "uk", "en")


@dataclass(frozen=True)
class RoleLine:
    name: str
    role: str
    is_confirmed: bool


def _words() -> tuple[dict[str, str], set[str]]:
    """Role names and "to be confirmed" in every language of the portal, lowercased."""
    roles: dict[str, str] = {}
    unconfirmed = {"?"}
    for code in _LANGUAGES:
        with translation.override(code):
            for value, label in SessionRole.Role.choices:
                roles[str(label).casefold()] = value
            unconfirmed.add(_("to be confirmed").casefold())
    for value in SessionRole.Role.values:
        roles[value.replace("_", " ")] = value
    return roles, unconfirmed


def parse_roles(text: str) -> list[RoleLine]:
    """Read lines like "Anna Nowak (moderation, to be confirmed)"; a line without a role is a talk.

    Raises ValidationError naming each line that cannot be read, in the words of the active language.
    """
    roles, unconfirmed = _words()
    lines, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw.strip())
        if match is None:
            problems.append(
                _("Line %(number)d: write the name, then the role in brackets.") % {"number": number}
            )
            continue
        role, confirmed = SessionRole.Role.SPEAKER, match["question"] is None
        for word in filter(None, (part.strip().casefold() for part in (match["details"] or "").split(","))):
            if word in unconfirmed:
                confirmed = False
            elif word.rstrip("?").strip() in roles:
                role = roles[word.rstrip("?").strip()]
                confirmed = confirmed and not word.endswith("?")
            else:
                problems.append(
                    _("Line %(number)d: “%(word)s” is not a role. Roles: %(roles)s.")
                    % {
                        "number": number,
                        "word": word,
                        "roles": ", ".join(str(label) for label in SessionRole.Role.labels),
                    }
                )
        lines.append(RoleLine(name=" ".join(match["name"].split()), role=role, is_confirmed=confirmed))
    if problems:
        raise ValidationError(problems)
    return lines


def format_roles(roles) -> str:
    """The people of a session as the lines parse_roles reads, in the active language."""
    result = []
    for role in roles:
        details = [str(role.get_role_display())]
        if not role.is_confirmed:
            details.append(_("to be confirmed"))
        result.append(f"{role.person.name} ({', '.join(details)})")
    return "\n".join(result)


def _unique_slug(name: str) -> str:
    base = slugify(name.translate(_SLUG_LETTERS))[:190] or "person"
    slug, number = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def set_session_roles(*, session: Session, lines: list[RoleLine], organization: Organization) -> None:
    """Make the session's people exactly these lines, in this order.

    A name is found among the people already in the session, then among the people the organization manages;
    a name found nowhere becomes a new person managed by the organization (bio and photo are added on the
    person's own page). Roles of people no longer listed are removed; the people themselves stay.
    """
    current = {role.person.name.casefold(): role.person for role in session.roles.select_related("person")}
    known = {person.name.casefold(): person for person in Person.objects.filter(managed_by=organization)}
    kept = []
    for order, line in enumerate(lines):
        key = line.name.casefold()
        person = current.get(key) or known.get(key)
        if person is None:
            person = Person.objects.create(
                name=line.name, slug=_unique_slug(line.name), managed_by=organization
            )
            known[key] = person
        role, _created = SessionRole.objects.update_or_create(
            session=session,
            person=person,
            role=line.role,
            defaults={"is_confirmed": line.is_confirmed, "order": order},
        )
        kept.append(role.pk)
    session.roles.exclude(pk__in=kept).delete()
