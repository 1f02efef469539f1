from modeltranslation.translator import TranslationOptions, register

from .models import Attachment, Event, EventPartner, ReportPhoto, Series, Topic, Venue


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "directions", "accessibility")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "goals",
        "image_alt",
        "interpretation",
        "email_paragraph",
        "report",
    )


@register(EventPartner)
class EventPartnerTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Attachment)
class AttachmentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(ReportPhoto)
class ReportPhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
