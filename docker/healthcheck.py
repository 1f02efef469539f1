"""Container health check of the web service: GET /health/ as the proxy in front of gunicorn would."""

import http.client
import os
import sys

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
connection = http.client.HTTPConnection("127.0.0.1", 8000, timeout=12)
# The proxy terminates TLS and says so; without the header the SSL redirect would answer 301.
connection.request("GET", "/health/", headers={"Host": host, "X-Forwarded-Proto": "https"})
response = connection.getresponse()
print(response.status, response.read().decode(errors="replace"))
sys.exit(0 if response.status == 200 else 1)
