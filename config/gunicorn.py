"""gunicorn's settings (`--config=config/gunicorn.py` in docker-compose.yml and the Dockerfile).

The access log is on; every value it may print (request line, path, query, referrer, headers) goes
through the redaction the application's own logs use, so a manage link is logged as /manage/[redacted];
query-string values are cut out too (an organizer's admin search for a person is logged as ?q=[redacted]).
Command-line options override these (the tests bind to a free port).
"""

from gunicorn.glogging import Logger

from config.security import redact_query_values, redact_secret_paths

bind = "0.0.0.0:8000"
workers = 4
threads = 4
timeout = 30
# The TLS proxy in front sets X-Forwarded-Proto; Django decides what to trust (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "*"
accesslog = "-"


def redact(value: str) -> str:
    return redact_query_values(redact_secret_paths(value))


class RedactingLogger(Logger):
    """gunicorn's logger with manage-link tokens and query values cut out of the access log's values."""

    def atoms(self, resp, req, environ, request_time):
        atoms = {
            key: redact(val) if isinstance(val, str) else val
            for key, val in super().atoms(resp, req, environ, request_time).items()
        }
        # The bare query string (%(q)s) has no leading "?" for the pattern to find.
        if atoms.get("q"):
            atoms["q"] = redact("?" + atoms["q"])[1:]
        return atoms


logger_class = RedactingLogger
