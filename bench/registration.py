"""Registrations over HTTP: 20 concurrent clients POST the form to gunicorn (2 workers) on PostgreSQL.

Each client first loads the form (CSRF cookie, signed form token, the session fields), then, once every
form is older than the portal's minimum fill time, all clients POST at once. Every registration comes from
its own loopback address (127.0.x.y), as distinct people would, so the per-IP limit does not interfere.
Afterwards the database is checked: no session and no event holds more confirmed seats than its capacity.

In the same round, served by the same gunicorn, the locked-insert reference of PERFORMANCE.md
(`/bench/reference/registration/`: one transaction that locks one row, counts the seats taken, inserts one
row and redirects) is POSTed to by as many connections for a few seconds; the figure that counts is the
portal's registrations per second as a ratio to it (target ≥ 0.25×).

    python -m bench.registration [--registrations 400] [--clients 20] [--rounds 3]
"""

import argparse
import http.client
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

import psycopg

from .common import (
    bench_environment,
    create_database,
    create_reference_tables,
    gunicorn_server,
    manage,
    wrk_post,
)

DATABASE_NAME = "bench_registration"
EVENT_SLUG = "bench-krakow-registration"
MIN_FILL_SECONDS = 3.2
TARGET_PER_SECOND = 50
TARGET_RATIO = 0.25
REFERENCE_SECONDS = 8

SETUP = f"""
import datetime as dt
from django.utils import timezone
from organizations.models import Organization
from events.models import Event, Venue
from agenda.models import Session
from registrations.models import RegistrationForm, Question, Choice

org = Organization.objects.create(name="Fundacja Bench", slug="fundacja-bench")
venue = Venue.objects.create(organization=org, name="Sala", city="Kraków")
start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=30)
event = Event.objects.create(
    organization=org, title="Konferencja Kraków (bench)", slug="{EVENT_SLUG}", venue=venue,
    starts_at=start, ends_at=start + dt.timedelta(hours=9), status="published", capacity=300,
)
form = RegistrationForm.objects.create(event=event, asks_diet=True)
question = Question.objects.create(form=form, label="Grupa robocza", kind="single_choice", is_required=True)
for n in range(4):
    Choice.objects.create(question=question, label=f"Grupa {{n}}", capacity=100)
for slot in range(2):
    for n in range(4):
        Session.objects.create(
            event=event, kind="study_visit" if slot else "workshop", title=f"Sesja {{slot}}-{{n}}",
            starts_at=start + dt.timedelta(hours=2 + 3 * slot),
            ends_at=start + dt.timedelta(hours=4 + 3 * slot),
            capacity=25, is_selectable=True,
        )
"""

CHECK_SQL = """
    SELECT s.title, s.capacity, count(ss.id) FILTER (WHERE ss.status IN ('confirmed', 'offered'))
    FROM agenda_session s LEFT JOIN registrations_sessionseat ss ON ss.session_id = s.id
    JOIN events_event e ON e.id = s.event_id WHERE e.slug = %s GROUP BY s.id ORDER BY s.title
"""
EVENT_SQL = """
    SELECT e.capacity,
           count(r.id) FILTER (WHERE r.status IN ('confirmed', 'offered')),
           count(r.id) FILTER (WHERE r.status = 'waitlisted'),
           count(r.id)
    FROM events_event e LEFT JOIN registrations_registration r ON r.event_id = e.id
    WHERE e.slug = %s GROUP BY e.id
"""


@dataclass
class PreparedForm:
    cookie: str
    fields: dict[str, str | list[str]]
    source_ip: str


def source_ip(number: int) -> str:
    return f"127.0.{2 + number // 250}.{1 + number % 250}"


def connect(port: int, ip: str) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(ip, 0))


def prepare(port: int, number: int) -> PreparedForm:
    """GET the form as a browser would and fill it in."""
    ip = source_ip(number)
    connection = connect(port, ip)
    connection.request("GET", f"/events/{EVENT_SLUG}/register/")
    response = connection.getresponse()
    html = response.read().decode()
    if response.status != 200:
        raise SystemExit(f"GET form answered {response.status}")
    cookies = [
        header.split(";", 1)[0] for name, header in response.getheaders() if name.lower() == "set-cookie"
    ]

    def hidden(name: str) -> str:
        return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))

    slots: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(slot_\d+)" value="(\d+)"', html):
        slots.setdefault(name, []).append(value)
    question = re.search(r'name="(q_\d+)" value="(\d+)"', html)
    fields: dict[str, str | list[str]] = {
        "csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"),
        "form_token": hidden("form_token"),
        "consent_digest": hidden("consent_digest"),
        "website": "",
        "first_name": "Ołena",
        "last_name": f"Bench-{number}",
        "email": f"bench{number}@example.org",
        "organization": "Fundacja Bench",
        "language": "uk",
        "consent": "on",
        question.group(1): str(int(question.group(2)) + number % 4),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
    }
    for index, (name, values) in enumerate(sorted(slots.items())):
        fields[name] = values[(number + index) % len(values)]
    connection.close()
    return PreparedForm(cookie="; ".join(cookies), fields=fields, source_ip=ip)


def submit(port: int, form: PreparedForm, *, slug: str = EVENT_SLUG) -> tuple[int, float]:
    connection = connect(port, form.source_ip)
    body = urlencode(form.fields, doseq=True)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": form.cookie}
    started = time.perf_counter()
    connection.request("POST", f"/events/{slug}/register/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    location = response.getheader("Location", "")
    connection.close()
    ok = response.status == 302 and location.endswith("/register/done/")
    return (response.status if not ok else 302), elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def reference_registrations(base_url: str, *, clients: int):
    """The locked-insert reference view POSTed to by `clients` connections, on the same gunicorn."""
    url = f"{base_url}/bench/reference/registration/"
    data = "email=reference%40example.org"
    return wrk_post(url, data=data, duration=REFERENCE_SECONDS, connections=clients)


def run(*, registrations: int, clients: int) -> dict:
    print(f"Preparing database {DATABASE_NAME}…")
    database_url = create_database(DATABASE_NAME)
    environment = bench_environment(database_url)
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "shell", "-c", SETUP)
    create_reference_tables(database_url)
    with gunicorn_server(environment, workers=2) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        with ThreadPoolExecutor(clients) as pool:
            forms = list(pool.map(lambda number: prepare(port, number), range(registrations)))
        time.sleep(MIN_FILL_SECONDS)
        lock = threading.Lock()
        results: list[tuple[int, float]] = []

        def work(form: PreparedForm) -> None:
            outcome = submit(port, form)
            with lock:
                results.append(outcome)

        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(work, forms))
        wall = time.perf_counter() - started
        reference = reference_registrations(base_url, clients=clients)
    latencies = [elapsed * 1000 for _status, elapsed in results]
    failures = [status for status, _elapsed in results if status != 302]
    with psycopg.connect(database_url) as connection:
        sessions = connection.execute(CHECK_SQL, [EVENT_SLUG]).fetchall()
        capacity, confirmed, waitlisted, total = connection.execute(EVENT_SQL, [EVENT_SLUG]).fetchone()
    figures = {
        "registrations": registrations,
        "clients": clients,
        "per_second": registrations / wall,
        "p50_ms": statistics.median(latencies),
        "p99_ms": percentile(latencies, 0.99),
        "failures": len(failures),
        "event": (capacity, confirmed, waitlisted, total),
        "sessions": sessions,
        "reference_per_second": reference.requests_per_second,
        "ratio": registrations / wall / reference.requests_per_second,
    }
    print(
        f"{registrations} registrations by {clients} clients in {wall:.1f} s: "
        f"{figures['per_second']:.1f} registrations/s, p50 {figures['p50_ms']:.0f} ms, "
        f"p99 {figures['p99_ms']:.0f} ms, non-redirect answers {len(failures)} {sorted(set(failures))}"
    )
    print(
        f"reference (lock, count, insert, redirect) by {clients} connections: "
        f"{reference.requests_per_second:.1f} POSTs/s, p99 {reference.p99_ms:.0f} ms; "
        f"ratio {figures['ratio']:.3f}"
    )
    print(f"event: capacity {capacity}, confirmed {confirmed}, waitlisted {waitlisted}, rows {total}")
    for title, session_capacity, held in sessions:
        print(f"  {title}: {held}/{session_capacity} confirmed")
    oversold = [title for title, session_capacity, held in sessions if held > session_capacity]
    assert not oversold, f"oversold sessions: {oversold}"
    assert confirmed <= capacity, "event oversold"
    assert not failures, f"failed submissions: {failures[:10]}"
    assert total == registrations, f"{total} rows for {registrations} submissions"
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="each on a fresh database; medians are printed")
    arguments = parser.parse_args(argv)
    rounds = []
    for number in range(1, arguments.rounds + 1):
        print(f"-- round {number}/{arguments.rounds}")
        rounds.append(run(registrations=arguments.registrations, clients=arguments.clients))
    summarize(rounds)


def summarize(rounds: list[dict]) -> dict:
    rates = [figures["per_second"] for figures in rounds]
    references = [figures["reference_per_second"] for figures in rounds]
    ratios = [figures["ratio"] for figures in rounds]
    median, ratio = statistics.median(rates), statistics.median(ratios)
    print(
        f"median of {len(rounds)} rounds: {median:.1f} registrations/s "
        f"(rounds: {', '.join(f'{rate:.1f}' for rate in rates)}), "
        f"p50 {statistics.median(figures['p50_ms'] for figures in rounds):.0f} ms, "
        f"p99 {statistics.median(figures['p99_ms'] for figures in rounds):.0f} ms"
    )
    print(
        f"reference: {statistics.median(references):.1f} POSTs/s "
        f"(rounds: {', '.join(f'{rate:.1f}' for rate in references)}); "
        f"ratio registrations / reference: median {ratio:.3f} "
        f"(rounds: {', '.join(f'{value:.3f}' for value in ratios)}), "
        f"target >= {TARGET_RATIO} {'met' if ratio >= TARGET_RATIO else 'NOT met'}"
    )
    return {"per_second": median, "reference_per_second": statistics.median(references), "ratio": ratio}


if __name__ == "__main__":
    main()
