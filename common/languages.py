"""The portal's languages: which there are, what they are called, and which stands in for a missing text.

Polish is the default and the fallback of every translated field (modeltranslation); Ukrainian and English
follow. Dates and times in the active language come from common.dates, never from strftime.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages a person may choose for their e-mails and a form may be offered in."""

    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    EN = "en", _("English")


# The languages interpretation can be asked for (Registration.interpretation_language holds the code).
INTERPRETATION_LANGUAGES = [
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("pjm", _("Polish Sign Language")),
]

CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT: str = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
FALLBACKS: tuple[str, ...] = tuple(settings.MODELTRANSLATION_FALLBACK_LANGUAGES)


def language_name(code: str) -> str:
    """ "Polish", "Ukrainian"… in the active language; an unknown code is shown as it is."""
    return str(dict(settings.LANGUAGES).get(code, code))
