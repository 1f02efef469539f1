from modeltranslation.translator import TranslationOptions, register

from mail.models import Broadcast


@register(Broadcast)
class BroadcastTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
