"""The Celery worker that tests/services start: test settings with a real broker and real SMTP.

The fixtures in tests/services/conftest.py pass DATABASE_URL (the pytest-django test database),
REDIS_URL (a Redis database of the test run's own) and EMAIL_URL (the SMTP sink).
"""

from .base import env
from .test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = env("REDIS_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# A killed worker's unacknowledged tasks come back after this many seconds instead of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
vars().update(env.email_url("EMAIL_URL"))
