"""gunicorn, started as docker-compose.yml starts it, logs no personal data and no secret link (catalog G5).

A person registers over HTTP, opens and edits their registration through the secret link, and an organizer
searches the admin list for them by name and e-mail address; gunicorn's whole output (access log, error log
and the application's logs written by its worker) is then searched for the names, the address, the
organization and the token, also in their URL-encoded forms.
"""

import http.client
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from registrations import ratelimit
from registrations.forms.questions import consent_digest
from registrations.models import Registration
from registrations.tokens import issue_form_token, manage_token_for
from tests.factories import EventFactory, RegistrationFormFactory

from .test_gunicorn_access_log import (
    compose_gunicorn_options,
    database_environment,
    free_port,
    wait_until_listening,
)

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent
CSRF_SECRET = secrets.token_hex(16)


def request(port: int, method: str, path: str, *, body: dict | None = None, cookies: dict | None = None):
    cookies = {"csrftoken": CSRF_SECRET, **(cookies or {})}
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    data = None
    if body is not None:
        data = urlencode({"csrfmiddlewaretoken": CSRF_SECRET, **body})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_gunicorn_output_holds_no_names_addresses_or_tokens():
    marker = uuid.uuid4().hex[:10]
    person = {
        "first_name": f"Zqfirst{marker}",
        "last_name": f"Zqlast{marker}",
        "email": f"zqmail{marker}@example.org",
        "organization": f"Zqorg{marker}",
    }
    event = EventFactory()
    form = RegistrationFormFactory(event=event)
    ratelimit.reset_address("127.0.0.1")
    organizer = Client()
    organizer.force_login(
        get_user_model().objects.create_superuser("g5-admin", "g5@example.org", "a-long-pass-g5")
    )
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **database_environment())
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        *compose_gunicorn_options(),
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
    ]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_listening(process, port)
        register = f"/en/events/{event.slug}/register/"
        request(port, "GET", register)
        registered = request(
            port,
            "POST",
            register,
            body={
                "form_token": issue_form_token(event_id=event.pk, issued_at=time.time() - 60),
                "website": "",
                "language": "en",
                "consent": "on",
                "consent_digest": consent_digest(form.consent_text),
                "attendee-TOTAL_FORMS": "0",
                "attendee-INITIAL_FORMS": "0",
                **person,
            },
        )
        token = manage_token_for(Registration.objects.get(event=event))
        manage_statuses = [request(port, "GET", f"/en/manage/{token}/{page}") for page in ("", "edit/")]
        admin_list = "/en/admin/registrations/registration/"
        session = {"sessionid": organizer.cookies["sessionid"].value}
        for term in (person["email"], f"{person['first_name']} {person['last_name']}"):
            request(port, "GET", f"{admin_list}?{urlencode({'q': term})}", cookies=session)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)

    assert registered == 302, output
    assert manage_statuses == [200, 200], output
    assert output.count('"GET ') >= 5
    secrets_and_data = [*person.values(), token]
    encoded = [quote(value, safe="") for value in secrets_and_data] + [
        quote(value) for value in secrets_and_data
    ]
    leaked = {value for value in secrets_and_data + encoded if value.lower() in output.lower()}
    assert leaked == set(), output
