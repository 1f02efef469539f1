from modeltranslation.translator import TranslationOptions, register

from .models import WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslationOptions(TranslationOptions):
    fields = ("title",)
