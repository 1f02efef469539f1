"""The e-mail jobs in django-celery-beat's database schedule, where administrators can see and pause them."""

from django.db import migrations

INTERVAL_TASKS = [
    # (name, task, every, period)
    ("Outbox sweep", "registrations.sweep_outbox", 1, "minutes"),
    ("Reminder scan", "registrations.queue_reminders", 5, "minutes"),
    ("Expire seat offers", "registrations.expire_offers", 5, "minutes"),
]
DIGEST = ("Organizer daily digest", "registrations.send_organizer_digests")


def create_periodic_tasks(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, period in INTERVAL_TASKS:
        interval, _created = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval, "crontab": None, "enabled": True}
        )
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Warsaw",
    )
    name, task = DIGEST
    PeriodicTask.objects.update_or_create(
        name=name, defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True}
    )


def remove_periodic_tasks(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [name for name, *_rest in INTERVAL_TASKS] + [DIGEST[0]]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0004_registration_submission_key_requested_seats"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_periodic_tasks, remove_periodic_tasks)]
