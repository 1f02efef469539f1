"""The periodic jobs now live in mail and attendees; the registration confirmation is the kind "registered"."""

from django.db import migrations

TASKS = {
    "registrations.send_email": "mail.send_email",
    "registrations.sweep_outbox": "mail.sweep_outbox",
    "registrations.queue_reminders": "mail.queue_reminders",
    "registrations.send_organizer_digests": "mail.send_organizer_digests",
    "registrations.purge_expired_personal_data": "attendees.purge_expired_personal_data",
}


def rename(apps, schema_editor, *, tasks, kinds):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    EmailLog = apps.get_model("mail", "EmailLog")
    for old, new in tasks.items():
        PeriodicTask.objects.filter(task=old).update(task=new)
    for old, new in kinds.items():
        EmailLog.objects.filter(kind=old).update(kind=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, tasks=TASKS, kinds={"confirmation": "registered"})


def backwards(apps, schema_editor):
    rename(apps, schema_editor, tasks={new: old for old, new in TASKS.items()}, kinds={"registered": "confirmation"})


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
        ("registrations", "0007_periodic_privacy_purge"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
