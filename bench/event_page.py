"""The largest demo event's page against the 60-row reference view, served the same way in the same run.

    python -m bench.event_page [--rounds 5] [--duration 10]

Creates the PostgreSQL database `portal_bench`, migrates, loads the demo data, serves it with gunicorn
(2 sync workers, production settings, DEBUG off) and measures both pages with `wrk -t2 -c16 --latency`
in interleaved rounds; prints the medians and the ratio. Target (PERFORMANCE.md): ≥ 2× the reference's
requests/s and p99 ≤ 100 ms.
"""

import argparse

import psycopg

from .common import (
    bench_environment,
    create_database,
    fetch,
    gunicorn_server,
    interleaved_rounds,
    manage,
    require_wrk,
)

DATABASE_NAME = "portal_bench"
TARGET_RATIO = 2.0
TARGET_P99_MS = 100.0
LARGEST_EVENT_SQL = """
    SELECT event.slug, count(session.id) AS sessions
    FROM events_event AS event JOIN agenda_session AS session ON session.event_id = event.id
    WHERE event.status = 'published'
    GROUP BY event.slug ORDER BY sessions DESC, event.slug LIMIT 1
"""


def largest_event_slug(database_url: str) -> tuple[str, int]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(LARGEST_EVENT_SQL).fetchone()


def run(*, rounds: int, duration: int) -> dict:
    require_wrk()
    print(f"Preparing database {DATABASE_NAME} (migrate, load_demo)…")
    database_url = create_database(DATABASE_NAME)
    environment = bench_environment(database_url)
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_demo")
    slug, sessions = largest_event_slug(database_url)
    print(f"Largest demo event: {slug} ({sessions} sessions)")

    with gunicorn_server(environment, workers=2) as base_url:
        targets = {"event page": f"{base_url}/events/{slug}/", "reference": f"{base_url}/bench/reference/"}
        for url in targets.values():
            for _warm_up in range(20):
                fetch(url)
        page_size = len(fetch(targets["event page"]))
        print(f"Measuring {rounds} interleaved rounds of {duration} s each (wrk -t2 -c16)…")
        medians = interleaved_rounds(targets, rounds=rounds, duration=duration)

    page, reference = medians["event page"], medians["reference"]
    ratio = page.requests_per_second / reference.requests_per_second
    print()
    print("| page | req/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for name, measurement in medians.items():
        print(
            f"| {name} | {measurement.requests_per_second:.0f} | {measurement.p50_ms:.1f} "
            f"| {measurement.p99_ms:.1f} |"
        )
    print()
    print(f"event page HTML: {page_size / 1024:.1f} KiB")
    print(f"ratio event page / reference: {ratio:.2f} (target ≥ {TARGET_RATIO:.1f})")
    print(f"event page p99: {page.p99_ms:.1f} ms (target ≤ {TARGET_P99_MS:.0f} ms)")
    return {"slug": slug, "sessions": sessions, "medians": medians, "ratio": ratio, "page_bytes": page_size}


def main(argv: list[str] | None = None) -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    arguments = parser.parse_args(argv)
    run(rounds=arguments.rounds, duration=arguments.duration)


if __name__ == "__main__":
    main()
