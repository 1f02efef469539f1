"""Settings of the Celery worker that tests/services start: test settings with a real broker and real SMTP.

The fixtures in tests/services/conftest.py pass DATABASE_URL (the pytest-django test database),
REDIS_URL and CELERY_KEY_PREFIX (the test's own Redis keys) and EMAIL_URL (the SMTP sink).
"""

from config.settings.base import env
from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = env("REDIS_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Test runs sharing a Redis database keep to their own keys.
BROKER_KEY_PREFIX = env("CELERY_KEY_PREFIX", default="test:")
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": BROKER_KEY_PREFIX}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "global_keyprefix": BROKER_KEY_PREFIX,
    # A killed worker's unacknowledged tasks come back after this many seconds instead of an hour.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # ...and are looked for every second: kombu's default sweep (every 10 s, scanning every 10th time)
    # would leave them waiting about 100 s after that.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
vars().update(env.email_url("EMAIL_URL"))
