from modeltranslation.translator import TranslationOptions, register

from .models import Person, Session, SessionRole, StudyVisit, Track


@register(Track)
class TrackTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "audience")


@register(StudyVisit)
class StudyVisitTranslationOptions(TranslationOptions):
    fields = ()


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("position", "bio")


@register(SessionRole)
class SessionRoleTranslationOptions(TranslationOptions):
    fields = ("note",)
