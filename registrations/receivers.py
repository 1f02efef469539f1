"""What registrations do when other apps change: a raised capacity seats the people waiting; and what the
event pages' cache must know of registrations: a change to a form, a question or a choice is a change to its
event (the form's definition is cached under the event's version, registrations.selectors.form_definition).

Connected in RegistrationsConfig.ready(), so events/ and agenda/ never import the registration services.
The promotion runs in the transaction of the save, under the locks the waiting list takes.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from agenda.models import Session
from events import page_cache
from events.models import Event
from registrations.models import Question, RegistrationForm
from registrations.services import promote_waiting


def _event_of_form(form_id: int | None) -> set[int]:
    return set(RegistrationForm.objects.filter(pk=form_id).values_list("event_id", flat=True))


def _event_of_question(question_id: int | None) -> set[int]:
    return set(Question.objects.filter(pk=question_id).values_list("form__event_id", flat=True))


page_cache.shown_on_event_pages("registrations.registrationform", lambda form: {form.event_id})
page_cache.shown_on_event_pages("registrations.question", lambda question: _event_of_form(question.form_id))
page_cache.shown_on_event_pages("registrations.choice", lambda choice: _event_of_question(choice.question_id))


def _capacity_grew(instance) -> bool:
    old = getattr(instance, "_capacity_before_save", None)
    if old is None:  # a new row, an unlimited capacity before, or capacity not saved this time
        return False
    return instance.capacity is None or instance.capacity > old


@receiver(pre_save, sender=Event, dispatch_uid="registrations.event_capacity_before")
@receiver(pre_save, sender=Session, dispatch_uid="registrations.session_capacity_before")
def remember_capacity(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    instance._capacity_before_save = None
    if raw or instance.pk is None or (update_fields is not None and "capacity" not in update_fields):
        return
    instance._capacity_before_save = (
        sender._base_manager.filter(pk=instance.pk).values_list("capacity", flat=True).first()
    )


@receiver(post_save, sender=Event, dispatch_uid="registrations.event_capacity_raised")
@receiver(post_save, sender=Session, dispatch_uid="registrations.session_capacity_raised")
def seat_the_waiting_after_a_raise(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created or raw or not _capacity_grew(instance):
        return
    promote_waiting(event=instance if sender is Event else instance.event)
