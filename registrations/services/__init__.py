"""The registration services: what views, admin, the API, tasks and commands call to change registrations.

`registration` registers, edits and cancels; `decisions` approves, declines and resends the confirmation;
`waitlist` moves people up and handles offers; `capacity` counts places and takes the locks; `errors` holds
what they raise; `data` what they take and give. The names below are the public ones, importable from
`registrations.services`.
"""

from registrations.services.data import AnswerData, ConsentData, PersonData, RegistrationResult
from registrations.services.decisions import approve_registration, decline_registration, resend_confirmation
from registrations.services.errors import (
    ChoiceFull,
    DuplicateRegistration,
    EditingClosed,
    EventFull,
    InvalidTransition,
    OfferNotAvailable,
    RegistrationClosed,
    RegistrationError,
    SessionClash,
    SessionFull,
    SessionUnavailable,
    TooManyAttendees,
)
from registrations.services.registration import (
    can_cancel,
    can_edit,
    cancel_registration,
    change_session_choices,
    check_no_clash,
    count_screened_submission,
    interpretation_needed,
    normalize_email,
    register,
    update_registration,
)
from registrations.services.waitlist import (
    accept_offer,
    confirm_from_waitlist,
    expire_offers,
    promote_waiting,
)

__all__ = [
    "AnswerData",
    "ChoiceFull",
    "ConsentData",
    "DuplicateRegistration",
    "EditingClosed",
    "EventFull",
    "InvalidTransition",
    "OfferNotAvailable",
    "PersonData",
    "RegistrationClosed",
    "RegistrationError",
    "RegistrationResult",
    "SessionClash",
    "SessionFull",
    "SessionUnavailable",
    "TooManyAttendees",
    "accept_offer",
    "approve_registration",
    "can_cancel",
    "can_edit",
    "cancel_registration",
    "change_session_choices",
    "check_no_clash",
    "confirm_from_waitlist",
    "count_screened_submission",
    "decline_registration",
    "expire_offers",
    "interpretation_needed",
    "normalize_email",
    "promote_waiting",
    "register",
    "resend_confirmation",
    "update_registration",
]
