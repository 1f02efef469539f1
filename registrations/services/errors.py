"""What the registration services refuse, each with the form field it belongs to (if any)."""


class RegistrationError(Exception):
    """A rule refused the change; the message is a translated sentence for the person."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class TooManyAttendees(RegistrationError):
    pass


class SessionUnavailable(RegistrationError):
    pass


class SessionClash(RegistrationError):
    pass


class SessionFull(RegistrationError):
    pass


class ChoiceFull(RegistrationError):
    pass


class EditingClosed(RegistrationError):
    pass


class OfferNotAvailable(RegistrationError):
    pass


class InvalidTransition(RegistrationError):
    pass


class DuplicateRegistration(RegistrationError):
    """Organizers register someone whose e-mail address is already registered for the event."""
