"""The shapes of the demo data: frozen records that the loader turns into rows.

Texts are either a Polish string or a dict of language code to text ({"pl": ..., "uk": ..., "en": ...});
languages left out fall back to Polish on the site. Times are local (Europe/Warsaw) "HH:MM" strings on a
day counted from the event's first day, so the whole event can be moved to new dates as one piece.
"""

from dataclasses import dataclass

Text = str | dict[str, str]


@dataclass(frozen=True)
class OrganizationSpec:
    slug: str
    name: str
    kind: str
    city: str = ""
    region: str = ""
    website: str = ""
    description: Text = ""


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: Text


@dataclass(frozen=True)
class SeriesSpec:
    slug: str
    organization: str
    title: Text
    description: Text = ""


@dataclass(frozen=True)
class VenueSpec:
    name: Text
    city: str
    address: str = ""
    postal_code: str = ""
    region: str = ""
    directions: Text = ""
    accessibility: Text = ""


@dataclass(frozen=True)
class PersonSpec:
    name: str
    affiliation: str = ""
    position: Text = ""
    organization: str | None = None
    bio: Text = ""


@dataclass(frozen=True)
class RoleSpec:
    person: PersonSpec
    role: str
    confirmed: bool = True
    note: Text = ""


@dataclass(frozen=True)
class SessionSpec:
    title: Text
    kind: str
    start: str
    end: str
    day: int = 0
    description: Text = ""
    audience: Text = ""
    track: str | None = None
    venue: VenueSpec | None = None
    host: str | None = None
    language: str = ""
    capacity: int | None = None
    selectable: bool = False
    roles: tuple[RoleSpec, ...] = ()
    children: tuple["SessionSpec", ...] = ()


@dataclass(frozen=True)
class PartnerSpec:
    organization: str
    role: str
    note: Text = ""


@dataclass(frozen=True)
class AttachmentSpec:
    title: Text
    url: str = ""
    is_public: bool = True
    # A file drawn by events.demo.pictures.document_file instead of a link.
    document: str = ""


@dataclass(frozen=True)
class ChoiceSpec:
    label: Text
    capacity: int | None = None
    day: int | None = None  # the event day (0 = first) the option stands for
    # The "another topic" option of a ranking question: whoever ranks it describes their topic.
    open_topic: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    label: Text
    kind: str
    required: bool = False
    help_text: Text = ""
    sensitive: bool = False
    max_length: int | None = None
    choices: tuple[ChoiceSpec, ...] = ()
    # Asked of every person registered in one submission, not only of the contact.
    per_person: bool = False
    # "interpretation_language": the answer is the interpretation this person needs.
    fills: str = ""
    # Shown only when the question with this Polish label has the answer below.
    shown_if_question: str | None = None
    shown_if_answer: Text = ""
    # A ranking question: how many options each person puts in order at least.
    min_ranks: int = 3


@dataclass(frozen=True)
class FormSpec:
    intro: Text
    confirmation_message: Text
    questions: tuple[QuestionSpec, ...] = ()
    asks_interpretation: bool = True
    asks_accessibility: bool = True
    asks_diet: bool = False


@dataclass(frozen=True)
class ScheduleSpec:
    """When the event happens: a weekday found from today, and the time of day kept from the announcement.

    `days_from_today` positive: the first such weekday at least that many days ahead; negative: the last one
    at least that many days back (an archived event).
    """

    weekday: int
    days_from_today: int
    start: str
    end: str
    days: int = 1
    # Registration closes this many days before the first day, at this time; None: when the event starts.
    closes_days_before: int | None = None
    closes_at: str = "23:59"


@dataclass(frozen=True)
class EventSpec:
    slug: str
    organization: str
    title: Text
    summary: Text
    description: Text
    schedule: ScheduleSpec
    form: FormSpec
    goals: Text = ""
    series: str | None = None
    topics: tuple[str, ...] = ()
    format: str = "in_person"
    venue: VenueSpec | None = None
    online_url_prefix: str = ""
    languages: str = "pl"
    interpretation: Text = ""
    capacity: int | None = None
    contact_email: str = ""
    email_paragraph: Text = ""
    report: Text = ""
    partners: tuple[PartnerSpec, ...] = ()
    attachments: tuple[AttachmentSpec, ...] = ()
    tracks: tuple[Text, ...] = ()
    sessions: tuple[SessionSpec, ...] = ()
