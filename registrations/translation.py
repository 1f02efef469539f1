from modeltranslation.translator import TranslationOptions, register

from registrations.models import Choice, Question, RegistrationForm


@register(RegistrationForm)
class RegistrationFormTranslationOptions(TranslationOptions):
    fields = ("intro", "consent_text", "confirmation_message")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text", "condition_value")


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)
