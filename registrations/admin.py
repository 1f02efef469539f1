"""The form builder in admin: registration forms, questions, options, tags and the bot-check counts."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin import (
    OrganizationScopedAdmin,
    TranslatedScopedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    WrittenByPortalMixin,
)
from registrations.models import Choice, Question, RegistrationForm, ScreenedSubmissions, Tag

from .admin_forms import ChoiceFormSet, QuestionRowForm, QuestionRowFormSet

# Each language in its own name, as a language menu writes them.
LANGUAGE_NAMES = (("pl", "polski"), ("uk", "українська"), ("en", "English"))


class QuestionInline(TranslatedStackedInline):
    """The form builder: every question with its options and its condition, on the form's own page."""

    model = Question
    form = QuestionRowForm
    formset = QuestionRowFormSet
    fields = ["label", "kind", ("is_required", "is_per_person"), "options", "condition_choice", "order"]
    show_change_link = True
    extra = 1
    verbose_name_plural = _("questions (help texts, validation and sensitive data under “Change”)")


@admin.register(RegistrationForm)
class RegistrationFormAdmin(TranslatedScopedAdmin):
    list_display = ["__str__", "consent_version", "allows_additional_attendees", "requires_session_choice"]
    list_filter = ["allows_additional_attendees", "requires_session_choice"]
    list_select_related = ["event"]
    ordering = ["-event__starts_at"]
    search_fields = ["event__title_pl", "event__title_uk", "event__title_en", "event__slug"]
    autocomplete_fields = ["event"]
    inlines = [QuestionInline]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["event", "preview", "intro", "confirmation_message"]}),
        (_("Consent"), {"fields": ["consent_text", "consent_version"]}),
        (
            _("What the form asks"),
            {
                "fields": [
                    "allows_additional_attendees",
                    "max_attendees_per_submission",
                    "asks_interpretation",
                    "asks_accessibility",
                    "asks_diet",
                    "requires_session_choice",
                ]
            },
        ),
    ]

    @admin.display(description=_("see as a participant"))
    def preview(self, form: RegistrationForm) -> str:
        if form.pk is None:
            return _("Save the form first.")
        url = reverse("admin:events_event_form_preview", args=[form.event_id])
        return format_html_join(
            " · ",
            '<a href="{}?language={}" lang="{}">{}</a>',
            ((url, code, code, name) for code, name in LANGUAGE_NAMES),
        )


class ChoiceInline(TranslatedTabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["label", "order", "capacity", "is_open_topic", "day"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the registration form
    list_display = ["label", "kind", "form", "is_required", "is_per_person", "is_sensitive", "order"]
    list_filter = ["kind", "is_required", "is_sensitive", ("form__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["form__event"]
    search_fields = ["label_pl", "label_uk", "label_en", "form__event__title_pl"]
    autocomplete_fields = ["form", "condition_question", "condition_choice"]
    inlines = [ChoiceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "form",
                    "label",
                    "help_text",
                    "kind",
                    "is_required",
                    "is_per_person",
                    "fills",
                    "is_sensitive",
                    "order",
                ]
            },
        ),
        (
            _("Validation"),
            {"fields": ["min_length", "max_length", "min_value", "max_value", "pattern", "min_ranks"]},
        ),
        (_("Condition"), {"fields": ["condition_question", "condition_choice", "condition_value"]}),
    ]


@admin.register(Choice)
class ChoiceAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the question
    list_display = ["label", "question", "order", "capacity"]
    list_filter = [("question__form__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["question"]
    search_fields = ["label_pl", "label_uk", "label_en", "question__label_pl"]
    autocomplete_fields = ["question"]
    fields = ["question", "label", "order", "capacity", "is_open_topic", "day"]


@admin.register(Tag)
class TagAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    fields = ["organization", "name"]


@admin.register(ScreenedSubmissions)
class ScreenedSubmissionsAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    list_display = ["event", "dropped", "sent_back", "updated_at"]
    list_select_related = ["event"]
    search_fields = ["event__title_pl", "event__title_uk", "event__title_en"]
    fields = ["event", "dropped", "sent_back", "updated_at"]
    readonly_fields = ["dropped", "sent_back", "updated_at"]
