"""What the registration services take and give: a person, their answers, their consent, the result."""

from dataclasses import dataclass, field

from organizations.models import Organization
from registrations.models import Choice, Question, Registration


@dataclass
class AnswerData:
    question: Question
    value: str = ""
    choices: list[Choice] = field(default_factory=list)  # for a ranking question: best first
    proposal: str = ""  # a ranking question's proposed topic


@dataclass
class PersonData:
    """What one attendee typed: the contact person or a colleague registered with them."""

    first_name: str
    last_name: str
    email: str = ""
    organization: Organization | None = None
    organization_name: str = ""
    position: str = ""
    phone: str = ""
    language: str = "pl"
    interpretation_language: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    other_needs: str = ""
    answers: list[AnswerData] = field(default_factory=list)
    session_ids: list[int] = field(default_factory=list)


@dataclass
class ConsentData:
    version: str
    text_sha256: str
    participant_list: bool = False
    photos: bool = False

    @classmethod
    def given_to_organizer(cls, channel: str, *, participant_list: bool = False, photos: bool = False):
        """Consent the organizers collected themselves (on paper at the door, in their own form): the
        version names the channel, and no text of ours was shown, so there is no hash of it."""
        return cls(version=channel, text_sha256="", participant_list=participant_list, photos=photos)


@dataclass
class RegistrationResult:
    registration: Registration
    attendees: list[Registration] = field(default_factory=list)
    created: bool = True
    duplicate_email: bool = False
