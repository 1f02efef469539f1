"""The message kinds of the outbox: one name per kind, parsed from EmailLog.kind ("reminder:24:session:7")."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds (the part before the first ":") that carry the person's calendar: a date confirmed or changed.
CALENDAR_KINDS = frozenset(
    {"registered", "updated", "approved", "promoted", "event_changed", "event_cancelled", "working_group"}
)


# Kinds that end a registration: their calendar cancels the entries sent before (METHOD:CANCEL).
ENDING_KINDS = frozenset({"cancelled", "declined"})


# Kinds that restate what the person chose: the confirmation and the updated confirmation.
RESTATING_KINDS = frozenset({"registered", "updated"})


# Kinds that include the organizer's own paragraph.
PARAGRAPH_KINDS = frozenset({"registered", "approved", "promoted", "reminder"})


@dataclass(frozen=True)
class Kind:
    """A parsed EmailLog.kind such as "reminder:24:session:7" or "broadcast:3"."""

    name: str
    hours: int | None = None
    session_id: int | None = None
    object_id: int | None = None
    label: str = ""

    @classmethod
    def parse(cls, kind: str) -> Kind:
        name, _sep, rest = kind.partition(":")
        parts = rest.split(":") if rest else []
        session_id = None
        if "session" in parts[:-1] and parts[parts.index("session") + 1].isdigit():
            session_id = int(parts[parts.index("session") + 1])
        if name == "reminder" and parts and parts[0].isdigit():
            return cls(name, hours=int(parts[0]), session_id=session_id)
        if name == "broadcast" and parts and parts[0].isdigit():
            return cls(name, object_id=int(parts[0]))
        return cls(name, session_id=session_id, label=rest)
