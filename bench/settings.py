"""Production settings served over plain HTTP on 127.0.0.1, with the reference view's URL added."""

from config.settings.prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "bench.reference_urls"
