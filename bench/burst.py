"""The cached Kraków event page while registrations for Kraków arrive, against the same page alone.

    python -m bench.burst [--rounds 3] [--duration 10] [--rate 10]

On the demo database (`portal_bench`: migrate, load_demo) served by gunicorn (2 sync workers, production
settings), each round measures the cached Kraków event page with 16 connections alone, then again while
`rate` real registration forms per second are POSTed for Kraków: each form was loaded before (CSRF cookie,
signed form token, a required answer, one session per time slot) from its own loopback address with its own
e-mail address, as distinct people would. Prints the medians: the page's req/s during the burst as a share
of alone (target ≥ 80 %), its p99 during the burst (target ≤ 150 ms), and the registrations answered.
"""

import argparse
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html import unescape

from .common import Measurement, fetch, gunicorn_server, wrk
from .registration import PreparedForm, connect, submit

KRAKOW = "konferencja-miejsc-otwartych-krakow"
TARGET_SHARE = 0.80
TARGET_P99_MS = 150.0
MIN_FILL_SECONDS = 3.2
# Addresses of their own: bench.registration uses 127.0.2.x upwards in its own database.
FIRST_ADDRESS = 10_000


def source_ip(number: int) -> str:
    number += FIRST_ADDRESS
    return f"127.{1 + number // 62_500}.{number // 250 % 250}.{1 + number % 250}"


def prepare(port: int, slug: str, number: int) -> PreparedForm:
    """GET the registration form of `slug` and fill in what it requires, choosing a session per slot."""
    ip = source_ip(number)
    connection = connect(port, ip)
    connection.request("GET", f"/events/{slug}/register/")
    response = connection.getresponse()
    html = response.read().decode()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET form answered {response.status}")
    headers = response.getheaders()
    cookies = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]

    def hidden(name: str) -> str:
        return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))

    fields: dict[str, str | list[str]] = {
        "csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"),
        "form_token": hidden("form_token"),
        "consent_digest": hidden("consent_digest"),
        "website": "",
        "first_name": "Ołena",
        "last_name": f"Burst-{number}",
        "email": f"burst{number}@example.org",
        "organization": "Fundacja Bench",
        "language": "uk",
        "consent": "on",
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
        "attendee-MIN_NUM_FORMS": "0",
        "attendee-MAX_NUM_FORMS": "4",
    }
    options: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="radio"[^>]*name="((?:slot|q)_\d+)" value="(\d+)"', html):
        options.setdefault(name, []).append(value)
    for name, values in options.items():
        fields[name] = values[number % len(values)]
    # A required question of several answers: its first one.
    for name, value in re.findall(r'type="checkbox"[^>]*name="(q_\d+)" value="(\d+)"', html):
        fields.setdefault(name, value)
    return PreparedForm(cookie="; ".join(cookies), fields=fields, source_ip=ip)


def _post_at_rate(port: int, slug: str, forms: list[PreparedForm], rate: float, results: list) -> None:
    """POST the forms on a fixed schedule (`rate` per second), each on a thread so a slow one delays none."""
    started = time.perf_counter()
    lock = threading.Lock()

    def post(form: PreparedForm) -> None:
        status, elapsed = submit(port, form, slug=slug)
        with lock:
            results.append((status, elapsed))

    with ThreadPoolExecutor(max(4, int(rate * 2))) as pool:
        for number, form in enumerate(forms):
            delay = started + number / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(post, form)


def measure(base_url: str, *, slug: str, rounds: int, duration: int, rate: float, progress=print) -> dict:
    port = int(base_url.rsplit(":", 1)[1])
    page = f"{base_url}/events/{slug}/"
    for _warm_up in range(20):
        fetch(page)
    needed = int(rate * duration * rounds * 1.1) + 5
    progress(f"Loading {needed} registration forms of {slug} from distinct addresses…")
    with ThreadPoolExecutor(8) as pool:
        forms = list(pool.map(lambda number: prepare(port, slug, number), range(needed)))
    time.sleep(MIN_FILL_SECONDS)
    alone: list[Measurement] = []
    during: list[Measurement] = []
    posted: list[list] = []
    for number in range(1, rounds + 1):
        alone.append(wrk(page, duration=duration))
        batch = forms[: int(rate * duration * 1.1)]
        forms = forms[len(batch) :]
        results: list = []
        poster = threading.Thread(target=_post_at_rate, args=(port, slug, batch, rate, results))
        poster.start()
        during.append(wrk(page, duration=duration))
        poster.join()
        posted.append(results)
        failures = sum(1 for status, _elapsed in results if status != 302)
        progress(
            f"  round {number}/{rounds}: alone {alone[-1].requests_per_second:7.1f} req/s "
            f"p99 {alone[-1].p99_ms:6.1f} ms; during {len(results)} registrations "
            f"({failures} not redirected): {during[-1].requests_per_second:7.1f} req/s "
            f"p99 {during[-1].p99_ms:6.1f} ms"
        )
    shares = [d.requests_per_second / a.requests_per_second for a, d in zip(alone, during, strict=True)]
    latencies = [elapsed * 1000 for results in posted for _status, elapsed in results]
    figures = {
        "alone": statistics.median(m.requests_per_second for m in alone),
        "alone_p99_ms": statistics.median(m.p99_ms for m in alone),
        "during": statistics.median(m.requests_per_second for m in during),
        "during_p99_ms": statistics.median(m.p99_ms for m in during),
        "share": statistics.median(shares),
        "shares": shares,
        "registrations": sum(len(results) for results in posted),
        "failures": sum(1 for results in posted for status, _elapsed in results if status != 302),
        "registration_p50_ms": statistics.median(latencies) if latencies else 0.0,
        "rate": rate,
    }
    return figures


def report(figures: dict) -> None:
    share, p99 = figures["share"], figures["during_p99_ms"]
    print(
        f"cached Kraków page alone: {figures['alone']:.0f} req/s (p99 {figures['alone_p99_ms']:.1f} ms); "
        f"during {figures['rate']:g} registrations/s: {figures['during']:.0f} req/s (p99 {p99:.1f} ms)"
    )
    print(
        f"share of alone: {share:.0%} (rounds: {', '.join(f'{value:.0%}' for value in figures['shares'])}), "
        f"target ≥ {TARGET_SHARE:.0%} {'met' if share >= TARGET_SHARE else 'NOT met'}; "
        f"p99 during the burst {p99:.1f} ms, target ≤ {TARGET_P99_MS:.0f} ms "
        f"{'met' if p99 <= TARGET_P99_MS else 'NOT met'}"
    )
    print(
        f"registrations posted: {figures['registrations']}, not redirected: {figures['failures']}, "
        f"p50 {figures['registration_p50_ms']:.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    from .event_page import prepare_demo_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--rate", type=float, default=10, help="registrations per second during the burst")
    arguments = parser.parse_args(argv)
    environment = prepare_demo_database()
    with gunicorn_server(environment, workers=2) as base_url:
        figures = measure(
            base_url, slug=KRAKOW, rounds=arguments.rounds, duration=arguments.duration, rate=arguments.rate
        )
    report(figures)


if __name__ == "__main__":
    main()
