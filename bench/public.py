"""Every figure of the public pages and of registering, each beside its reference measured in the same run.

    python -m bench.public [--rounds 3] [--duration 10] [--registrations 400] [--rate 10]

1. Pages (bench.event_page): the cached and the rendered Kraków event page, its agenda, a session page and
   the event list, against the 60-row reference view, interleaved rounds on one gunicorn.
2. Burst (bench.burst), on the same gunicorn: the cached Kraków page alone and while `rate` registrations
   per second arrive for Kraków.
3. Registrations (bench.registration): 400 real form posts by 20 clients on a fresh database per round,
   against the locked-insert reference view on the same gunicorn.

The load average is printed before and after: the machine is shared, so only ratios are compared.
"""

import argparse
import os

from . import burst, event_page, registration
from .common import SERVER, gunicorn_server, load_client


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page measurement")
    parser.add_argument("--registrations", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10)
    arguments = parser.parse_args(argv)
    print(
        f"load average (1/5/15 min) at the start: {load_average()}; client: {load_client()}; "
        f"gunicorn: {SERVER} (BENCH_SERVER)",
        flush=True,
    )

    environment = event_page.prepare_demo_database()
    slug, sessions, session = event_page.largest_event(environment["DATABASE_URL"])
    print(f"Largest demo event: {slug} ({sessions} sessions); session page {session}")
    with gunicorn_server(environment, workers=2) as base_url:
        targets = event_page.page_targets(base_url, slug, session)
        pages = event_page.measure(base_url, targets, rounds=arguments.rounds, duration=arguments.duration)
        print(f"load average after the pages: {load_average()}", flush=True)
        bursts = burst.measure(
            base_url, slug=slug, rounds=arguments.rounds, duration=arguments.duration, rate=arguments.rate
        )
        print(f"load average after the burst: {load_average()}", flush=True)
    rounds = []
    for number in range(1, arguments.rounds + 1):
        print(f"-- registrations, round {number}/{arguments.rounds}", flush=True)
        rounds.append(registration.run(registrations=arguments.registrations, clients=arguments.clients))
    print(f"load average at the end: {load_average()}")

    print("\n== Pages")
    event_page.report(pages)
    print("\n== Burst")
    burst.report(bursts)
    print("\n== Registrations")
    registration.summarize(rounds)


if __name__ == "__main__":
    main()
