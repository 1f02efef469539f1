"""The embedded default used by `make run`: debug on, everything local."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
