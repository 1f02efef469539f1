import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Apps keep some beat jobs next to the code they run (registrations/privacy_tasks.py).
app.autodiscover_tasks(related_name="privacy_tasks")
app.autodiscover_tasks(["config"])
