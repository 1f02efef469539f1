"""Settings of the gunicorn server that tests/registrations/test_stampede.py starts.

The test settings on the pytest-django test database, with the test-only app that pauses after each
capacity count (STAMPEDE_PAUSE_SECONDS) and, for the negative control, takes the row locks out
(STAMPEDE_WITHOUT_LOCKS). Tasks go to an in-memory broker: the outbox rows are what the test counts.
"""

from config.settings.base import env
from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.stampede"]
STAMPEDE_PAUSE_SECONDS = env.float("STAMPEDE_PAUSE_SECONDS", default=0.05)
STAMPEDE_WITHOUT_LOCKS = env.bool("STAMPEDE_WITHOUT_LOCKS", default=False)
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
