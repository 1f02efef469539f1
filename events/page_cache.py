"""Cached public pages and parts of pages, each emptied by a change to what it shows, and only by that.

Version tokens say what changed:

- one per event (`public-pages:event:<pk>`): replaced by a save or delete of the event or of anything its
  pages show (sessions, people, partners, tracks, attachments, photos, its organizations, venues, topics,
  series) or its registration form asks (the form, its questions and choices: `shown_on_event_pages()`,
  called by registrations/receivers.py);
- one per event for its seats (`public-pages:seats:<pk>`): replaced by a save or delete of one of its
  registrations, the only change that moves the seats-left figure;
- one for the event list's rows and filter choices (`public-pages:catalog`), replaced by a save or delete
  of an event, venue, topic, series or organization;
- one for everything (`public-pages:version`), replaced by any change as before; the API's copies use it.

A copy is stored with the versions read before it was rendered, so a copy rendered from data older than a
change is never served after that change. Tokens are replaced when the transaction that made the change
commits.

The whole-page cache (`cache_public_page`) serves anonymous GETs of the event page and its agenda. The event
page's registration box is not part of its cached copy: it is kept as a fragment of its own under the event's
seats version, so a registration for an event leaves its page (and every other event's) in the cache and only
its box is rendered again. The per-request parts of a page (the CSRF token of the language form and the CSP
nonce) are stored as placeholders and filled in on every request.

Seats left shown on a page are only information: the registration itself counts under the event's row lock.
"""

import logging
import re
import secrets
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
CATALOG_KEY = "public-pages:catalog"
EVENT_KEY = "public-pages:event:{pk}"
SEATS_KEY = "public-pages:seats:{pk}"
# Replaced when an event takes or leaves a slug: a copy kept under an address is never another event's.
SLUG_KEY = "public-pages:slug:{slug}"
PAGE_KEY = "public-pages:page:{language}:{path}"
FRAGMENT_KEY = "public-pages:fragment:{language}:{name}"
# The longest a copy is kept; shorter when the event's registration opens or closes sooner.
MAX_SECONDS = 300
CSRF_PLACEHOLDER = "__csrf-token-placeholder__"
NONCE_PLACEHOLDER = "__csp-nonce-placeholder__"
BOX_PLACEHOLDER = "__registration-box-placeholder__"
CACHED_APPS = ("organizations", "events", "agenda", "registrations")
# Rows no public page shows: their frequent writes (e-mail sending, audit) leave the cache alone.
UNSHOWN_MODELS = {"mail.emaillog", "attendees.accesslog", "attendees.attendance"}
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')

logger = logging.getLogger(__name__)


def event_key(pk: int) -> str:
    return EVENT_KEY.format(pk=pk)


def seats_key(pk: int) -> str:
    return SEATS_KEY.format(pk=pk)


def slug_key(slug: str) -> str:
    return SLUG_KEY.format(slug=slug)


def box_name(pk: int) -> str:
    """The fragment of an event page's registration box, kept under box_versions(pk)."""
    return f"registration-box:{pk}"


def box_versions(pk: int) -> list[str]:
    return [event_key(pk), seats_key(pk)]


def fragment_key(name: str) -> str:
    return FRAGMENT_KEY.format(language=get_language(), name=name)


def _token() -> str:
    return secrets.token_hex(8)


# A cache that cannot be reached costs the copies, never the page or the registration: nothing is read
# from it, what would be stored is dropped, and the versions are tokens nothing was stored under.


def _get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except Exception as error:
        logger.warning("Page cache unavailable (%s): rendering without it", error.__class__.__name__)
        return {}


def _write(write: Callable, *args, **kwargs) -> None:
    try:
        write(*args, **kwargs)
    except Exception as error:
        logger.warning("Page cache unavailable (%s): nothing stored", error.__class__.__name__)


def _complete(found: dict, keys: Iterable[str]) -> dict:
    """The versions of `keys` from `found`, creating the ones never set (or evicted)."""
    missing = [key for key in keys if found.get(key) is None]
    for key in missing:
        _write(cache.add, key, _token(), timeout=None)
    if missing:
        found.update(_get_many(missing))
    for key in missing:
        found.setdefault(key, _token())
    return found


def current_version() -> str:
    return _complete(_get_many([VERSION_KEY]), [VERSION_KEY])[VERSION_KEY]


def read(version_keys: list[str], other_keys: Iterable[str] = ()) -> dict:
    """The versions (created when missing) and what is stored under `other_keys`, in one round trip."""
    return _complete(_get_many([*version_keys, *other_keys]), version_keys)


def replace_versions(keys: Iterable[str]) -> None:
    """Forget what was cached under these versions once the current transaction commits (at once outside one).

    Not before: a copy rendered in between shows the rows as they were, and would be kept under the new
    versions; each change would also have its pages rendered twice (a registration, its seats box).
    """
    keys = sorted(set(keys))
    if not keys:
        return
    transaction.on_commit(lambda: _write(cache.set_many, {key: _token() for key in keys}, timeout=None))


def bump_version(**kwargs) -> None:
    """Forget every cached page and API answer."""
    replace_versions([VERSION_KEY])


# What a change shows on: the event pages (by event id), the seats of events, the list's filter choices.


def _events_of_organization(organization) -> set[int]:
    from events.models import Event

    return set(
        Event.objects.filter(
            Q(organization=organization)
            | Q(partners__organization=organization)
            | Q(sessions__host_organization=organization)
            | Q(sessions__roles__person__organization=organization)
        ).values_list("pk", flat=True)
    )


def _events_of_venue(venue) -> set[int]:
    from events.models import Event

    return set(Event.objects.filter(Q(venue=venue) | Q(sessions__venue=venue)).values_list("pk", flat=True))


def _events_of_person(person) -> set[int]:
    from agenda.models import Session

    return set(Session.objects.filter(roles__person=person).values_list("event_id", flat=True))


def _event_of_session(session_id: int | None) -> set[int]:
    from agenda.models import Session

    return set(Session.objects.filter(pk=session_id).values_list("event_id", flat=True))


def _own_event(instance) -> set[int]:
    return {instance.event_id} if instance.event_id else set()


# model label → (event ids whose pages show the row, whether the list's filter choices may change)
SHOWN_ON: dict[str, tuple[Callable, bool]] = {
    "events.event": (lambda event: {event.pk}, True),  # and its slug, in changed()
    "events.eventpartner": (_own_event, False),
    "events.attachment": (_own_event, False),
    "events.reportphoto": (_own_event, False),
    "events.venue": (_events_of_venue, True),
    "events.topic": (lambda topic: set(topic.events.values_list("pk", flat=True)), True),
    "events.series": (lambda series: set(series.events.values_list("pk", flat=True)), True),
    "organizations.organization": (_events_of_organization, True),
    "agenda.track": (_own_event, False),
    "agenda.session": (_own_event, False),
    "agenda.studyvisit": (_own_event, False),
    "agenda.sessionrole": (lambda role: _event_of_session(role.session_id), False),
    "agenda.person": (_events_of_person, False),
}
# Rows that move an event's seats-left figure and nothing else on its pages.
SEATS_OF: dict[str, Callable] = {"registrations.registration": _own_event}


def shown_on_event_pages(label: str, events_of: Callable) -> None:
    """An app above this one says which events a row of its model `label` shows on (from its ready())."""
    SHOWN_ON[label] = (events_of, False)


def changed(sender, instance, **kwargs) -> None:
    """A row was saved or deleted: forget the copies that show it."""
    label = sender._meta.label_lower
    keys = [VERSION_KEY]
    if label in SEATS_OF:
        keys += [seats_key(pk) for pk in SEATS_OF[label](instance)]
    if label in SHOWN_ON:
        events_of, in_catalog = SHOWN_ON[label]
        keys += [event_key(pk) for pk in events_of(instance)]
        if in_catalog:
            keys.append(CATALOG_KEY)
    if label == "events.event":
        keys.append(slug_key(instance.slug))
    replace_versions(keys)


def topics_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """An event's topics were set (or a topic's events): both the event pages and the list's topics change."""
    if not action.startswith("post_"):
        return
    event_ids = set(pk_set or ()) if reverse else {instance.pk}
    if reverse and action == "post_clear":
        event_ids = set()  # the events were told by pre_clear below
    replace_versions([VERSION_KEY, CATALOG_KEY, *(event_key(pk) for pk in event_ids)])


def topics_clearing(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        replace_versions(event_key(pk) for pk in instance.events.values_list("pk", flat=True))


def connect_receivers() -> None:
    from django.apps import apps

    from events.models import Event

    for app_label in CACHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in UNSHOWN_MODELS:
                continue
            uid = f"page_cache.{model._meta.label_lower}"
            post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
            for field in model._meta.local_many_to_many:
                through, name = field.remote_field.through, f"{uid}.{field.name}"
                if through is Event.topics.through:
                    m2m_changed.connect(topics_changed, sender=through, dispatch_uid=name, weak=False)
                    m2m_changed.connect(
                        topics_clearing, sender=through, dispatch_uid=f"{name}.pre", weak=False
                    )
                else:
                    m2m_changed.connect(bump_version, sender=through, dispatch_uid=name, weak=False)


# Cached parts of pages.


def registration_timeout(event) -> int:
    """Seconds until the event's registration state may change by the clock alone (opens, closes, starts)."""
    now = timezone.now()
    moments = (event.registration_opens_at, event.registration_closes_at, event.starts_at, event.ends_at)
    seconds = [int((moment - now).total_seconds()) + 1 for moment in moments if moment and moment > now]
    return max(1, min([MAX_SECONDS, *seconds]))


class Fragments:
    """Parts of pages stored under the versions of what they show, read together in one round trip.

    `Fragments(version_keys, names)` reads the versions and the stored parts; `get(name, depends_on, build)`
    returns the stored value when the versions it was stored with are the current ones, else builds it and
    stores it with the versions read before it was built.
    """

    def __init__(self, version_keys: list[str], names: Iterable[str] = (), *, found: dict | None = None):
        """`found`: the versions and parts a caller already read (by `read()`), instead of reading them."""
        self.names = {name: fragment_key(name) for name in names}
        self.found = read(version_keys, self.names.values()) if found is None else found

    def versions(self, keys: Iterable[str]) -> tuple:
        return tuple(self.found[key] for key in keys)

    def get(
        self, name: str, depends_on: list[str], build: Callable, *, timeout: int | Callable = MAX_SECONDS
    ):
        """`timeout` may be a function of the value built, for a value that expires by what it holds."""
        key = self.names.get(name) or fragment_key(name)
        versions = self.versions(depends_on)
        stored = self.found.get(key)
        if stored is not None and stored[0] == versions:
            return stored[1]
        value = build()
        _write(cache.set, key, (versions, value), timeout=timeout(value) if callable(timeout) else timeout)
        self.found[key] = (versions, value)
        return value


def fill_nonce(html: str, request: HttpRequest) -> str:
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))
    return html


# The whole-page cache.


def _cacheable(request: HttpRequest) -> bool:
    """Only plain anonymous GETs: a session or a message cookie may change what the page shows."""
    return (
        request.method in {"GET", "HEAD"}
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _timeout(response: HttpResponse) -> int:
    event = (getattr(response, "context_data", None) or {}).get("event")
    return MAX_SECONDS if event is None else registration_timeout(event)


def _fill(body: str, request: HttpRequest) -> str:
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    return fill_nonce(body, request)


def _registration_box(event_pk: int, found: dict) -> str | None:
    """The event page's registration box from its fragment, or None when it must be rendered again."""
    stored = found.get(fragment_key(box_name(event_pk)))
    if stored is not None and stored[0] == tuple(found[key] for key in box_versions(event_pk)):
        return stored[1]
    return None


def cache_public_page(
    view: Callable, *, render_box: Callable[[int, dict], str | None] | None = None
) -> Callable:
    """Serve a view's 200 answers to anonymous visitors from the cache until what they show changes.

    The view's response says what the page depends on (`page_versions`: version keys and the values read
    before rendering) and, for the event page, which event's registration box it holds (`registration_box`).
    When only that box changed (its seats), `render_box(event_pk, found)` renders it alone, given the versions
    read; it returns None when the page must be rendered again.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = PAGE_KEY.format(language=get_language(), path=request.path)
        stored = _get_many([key]).get(key)
        if stored is not None:
            keys, versions, box_event, body, content_type = stored
            box_keys = box_versions(box_event) if box_event else []
            box_names = [fragment_key(box_name(box_event))] if box_event else []
            found = read(list(dict.fromkeys([*keys, *box_keys])), box_names)
            if tuple(found[name] for name in keys) == versions:
                if box_event:
                    box = _registration_box(box_event, found)
                    if box is None and render_box is not None:
                        box = render_box(box_event, found)
                    if box is None:
                        return view(request, *args, **kwargs)
                    body = body.replace(BOX_PLACEHOLDER, box, 1)
                return HttpResponse(_fill(body, request), content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        page_versions = getattr(response, "page_versions", None)
        if (
            response.status_code == 200
            and page_versions is not None
            and not response.cookies.keys() - {settings.CSRF_COOKIE_NAME}
        ):
            body = response.content.decode(response.charset)
            box_event, box = getattr(response, "registration_box", (None, ""))
            if box_event:
                body = body.replace(box, BOX_PLACEHOLDER, 1)
            nonce = get_nonce(request)
            if nonce:
                body = body.replace(str(nonce), NONCE_PLACEHOLDER)
            body = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", body)
            keys, versions = page_versions
            stored = (tuple(keys), tuple(versions), box_event, body, response["Content-Type"])
            _write(cache.set, key, stored, timeout=_timeout(response))
        return response

    return wrapper
