"""The pl/uk/en catalogs in locale/: complete, true to their msgids, current with the code, compiled."""

import ast
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from agenda.models import Session, SessionRole
from events.models import Event
from registrations.models import Registration

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("pl", "uk")
# Directories `make messages` leaves out; the rest of the repository is scanned, as makemessages does.
NOT_SCANNED = {".venv", "var", "tests", "bench", "static", "node_modules", "locale"}
GETTEXT_CALLS = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "ngettext": "s",
    "ngettext_lazy": "s",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "npgettext": "cs",
    "npgettext_lazy": "cs",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """A small .po reader: header fields and entries; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish():
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            started = True
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            else:
                target = (keyword, 0)
                if keyword == "msgstr":
                    current.msgstr[0] = ""
                elif keyword in ("msgid_plural", "msgctxt"):
                    setattr(current, keyword, "")
        name, index = target
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + text
        else:
            setattr(current, name, (getattr(current, name) or "") + text)
    finish()
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    fields["#fuzzy"] = "fuzzy" in header.flags
    return fields, [e for e in entries if e is not header]


def catalog(language: str) -> tuple[dict[str, str], list[Entry]]:
    return read_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")


def _scanned_files(suffixes: tuple[str, ...]):
    for directory, subdirectories, files in os.walk(settings.BASE_DIR):
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in NOT_SCANNED and not name.startswith(".") and not name.endswith(".egg-info")
        ]
        for name in files:
            if name.endswith(suffixes):
                yield Path(directory) / name


def _python_msgids(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        shape = GETTEXT_CALLS.get(name)
        if not shape or len(node.args) < len(shape):
            continue
        literals = node.args[: len(shape)]
        if all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in literals):
            values = [arg.value for arg in literals]
            yield (values[0], values[1]) if shape == "cs" else (None, values[0])


TEMPLATE_CALL = re.compile(
    r"(?<![\w.])(_|n?p?gettext)\(((?:\s*,?\s*(?:u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"))+)"
)


def _template_msgids(path: Path):
    for call, arguments in TEMPLATE_CALL.findall(
        templatize(path.read_text(encoding="utf-8"), origin=str(path))
    ):
        values = ast.literal_eval(f"({arguments},)")
        yield (values[0], values[1]) if call.startswith(("pgettext", "npgettext")) else (None, values[0])


def code_msgids() -> dict[tuple[str | None, str], Path]:
    found = {}
    for path in _scanned_files((".py",)):
        for key in _python_msgids(path):
            found.setdefault(key, path)
    for path in _scanned_files((".html", ".txt")):
        for key in _template_msgids(path):
            found.setdefault(key, path)
    return found


def test_every_language_has_a_catalog_with_its_plural_rule():
    for language, _name in settings.LANGUAGES:
        header, entries = catalog(language)
        assert header["Language"] == language
        assert not header["#fuzzy"], f"{language}: a fuzzy header is left out of the compiled catalog"
        assert "nplurals=" in header["Plural-Forms"]
        assert entries, language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_not_fuzzy(language):
    header, entries = catalog(language)
    nplurals = int(re.search(r"nplurals=(\d+)", header["Plural-Forms"]).group(1))
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    incomplete_plurals = [e.msgid for e in entries if e.msgid_plural and len(e.msgstr) != nplurals]
    assert untranslated == [], f"{language}: fill these in locale/{language}/LC_MESSAGES/django.po"
    assert fuzzy == [], f"{language}: check these entries and remove their fuzzy flag"
    assert incomplete_plurals == [], f"{language}: every plural entry needs {nplurals} forms"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_markup(language):
    _header, entries = catalog(language)
    for entry in entries:
        wanted = sorted(
            set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        )
        for index, text in entry.msgstr.items():
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, (language, entry.msgid, index, text)


def test_english_catalog_leaves_the_msgids_as_they_are():
    _header, entries = catalog("en")
    assert all(not any(e.msgstr.values()) for e in entries)


def test_catalogs_hold_the_same_entries():
    keys = {language: {e.key for e in catalog(language)[1]} for language, _name in settings.LANGUAGES}
    assert keys["pl"] == keys["uk"] == keys["en"]


def test_catalog_is_current_with_the_code():
    """Every literal msgid in the code and templates is in the catalog: `make messages` has been run since."""
    in_catalog = {e.key for e in catalog("pl")[1]}
    missing = sorted(
        f"{msgid!r} ({path.relative_to(settings.BASE_DIR)})"
        for (context, msgid), path in code_msgids().items()
        if (context, msgid) not in in_catalog
    )
    assert missing == [], "run `make messages` and translate the new entries"


def test_compiled_catalog_matches_the_po_files():
    """Django serves what the .po files say (`make install` compiles them)."""
    for language in TRANSLATED:
        _header, entries = catalog(language)
        with translation.override(language):
            for entry in entries:
                if entry.msgid_plural:
                    served = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                        if (entry.msgctxt)
                        else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                    )
                else:
                    served = (
                        translation.pgettext(entry.msgctxt, entry.msgid)
                        if entry.msgctxt
                        else translation.gettext(entry.msgid)
                    )
                assert served == entry.msgstr[0], (
                    f"{language}: run `manage.py compilemessages` ({entry.msgid!r})"
                )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["Przejdź do treści głównej", "wydarzenie", "wizyta studyjna", "odwołane", "anulowana"]),
        ("uk", ["Перейти до основного вмісту", "подія", "навчальний візит", "скасовано", "скасовано"]),
        ("en", ["Skip to main content", "event", "study visit", "cancelled", "cancelled"]),
    ],
)
def test_interface_models_and_choices_are_translated(language, expected):
    with translation.override(language):
        assert [
            translation.gettext("Skip to main content"),
            str(Event._meta.verbose_name),
            str(Session.Kind.STUDY_VISIT.label),
            str(Event.Status.CANCELLED.label),
            str(Registration.Status.CANCELLED.label),
        ] == expected


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        (
            "pl",
            {
                1: "1 sesja równoległa",
                3: "3 sesje równoległe",
                5: "5 sesji równoległych",
                22: "22 sesje równoległe",
            },
        ),
        (
            "uk",
            {
                1: "1 паралельна сесія",
                3: "3 паралельні сесії",
                5: "5 паралельних сесій",
                21: "21 паралельна сесія",
            },
        ),
    ],
)
def test_plural_forms_follow_the_language(language, counts):
    with translation.override(language):
        for number, text in counts.items():
            template = translation.ngettext(
                "%(counter)s parallel session", "%(counter)s parallel sessions", number
            )
            assert template % {"counter": number} == text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "skip_link", "role"),
    [
        ("", "pl", "Przejdź do treści głównej", "Moderacja"),
        ("/uk", "uk", "Перейти до основного вмісту", "Модерація"),
    ],
)
def test_pages_render_in_the_chosen_language(client, prefix, lang, skip_link, role):
    from tests.factories import SessionRoleFactory

    session_role = SessionRoleFactory(role=SessionRole.Role.MODERATOR)
    response = client.get(prefix + session_role.session.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert skip_link in html
    assert role in html
