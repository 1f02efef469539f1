"""People who come to the door without having registered: registered on site and checked in at once.

They go through the one registration service, so event and session capacity, the waiting list and the
duplicate check are the same as online; consent is recorded as given on site (the registration's channel).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from agenda.models import Session
from attendees.checkin import check_in
from events.models import Event
from registrations import services
from registrations.forms.questions import consent_digest
from registrations.models import Registration, RegistrationForm


@dataclass(frozen=True)
class WalkInResult:
    registration: Registration
    created: bool  # False: the e-mail belongs to someone registered already
    checked_in: bool  # False when the person got no place (waiting list) or was registered before


def _consent(event: Event) -> services.ConsentData:
    form = RegistrationForm.objects.filter(event=event).first()
    text = form.consent_text if form else str(RegistrationForm._meta.get_field("consent_text").get_default())
    return services.ConsentData(
        version=form.consent_version if form else "1", text_sha256=consent_digest(text)
    )


def register_walk_in(
    *, event: Event, person: services.PersonData, by, day: dt.date, session: Session | None = None
) -> WalkInResult:
    """Register the person through register() as on site and check them in for the day (and the session).

    Raises the service's RegistrationError (event full without a waiting list, a clash, a full session).
    Side effects: a confirmation e-mail when an address was given; attendance rows.
    """
    if session is not None and session.is_selectable and session.pk not in person.session_ids:
        person.session_ids.append(session.pk)
    with transaction.atomic():
        try:
            result = services.register(
                event=event, contact=person, consent=_consent(event), channel=Registration.Channel.ON_SITE
            )
        except services.DuplicateRegistration:
            registered = Registration.objects.filter(
                event=event, email__iexact=services.normalize_email(person.email), registered_by=None
            ).first()
            return WalkInResult(registration=registered, created=False, checked_in=False)
        registration = result.registration
        if registration.status != Registration.Status.CONFIRMED:
            return WalkInResult(registration=registration, created=True, checked_in=False)
        check_in(registration=registration, by=by, day=day)
        if session is not None:
            check_in(registration=registration, by=by, session=session, outside_choice=True)
    return WalkInResult(registration=registration, created=True, checked_in=True)
