"""Public pages of the largest demo event against the 60-row reference view, served the same way in one run.

    python -m bench.event_page [--rounds 5] [--duration 10]

Creates the PostgreSQL database `portal_bench`, migrates, loads the demo data, serves it with gunicorn
(2 sync workers, production settings, DEBUG off) and measures in interleaved rounds (`wrk -t2 -c16
--latency`, or bench.load where wrk is not installed):

- the event page from the whole-page cache;
- the event page, its agenda and a session page rendered without the page cache (a query string bypasses
  it; the session page and the event list have none), and the event list `/events/`;
- the reference: 60 rows × 6 columns through a template, one query.

Prints the medians and each page's ratio to the reference (the median of its ratios to the reference of
the same round). Targets (PERFORMANCE.md): every rendered page
≥ 1.0× the reference.
"""

import argparse

import psycopg

from .common import (
    bench_environment,
    create_database,
    create_reference_tables,
    fetch,
    gunicorn_server,
    interleaved_rounds,
    load_client,
    manage,
)

DATABASE_NAME = "portal_bench"
TARGET_RATIO = 1.0
LARGEST_EVENT_SQL = """
    SELECT event.slug, count(session.id) AS sessions
    FROM events_event AS event JOIN agenda_session AS session ON session.event_id = event.id
    WHERE event.status = 'published'
    GROUP BY event.slug ORDER BY sessions DESC, event.slug LIMIT 1
"""
# A top-level session with a description, people and nested items if there is one.
SESSION_SQL = """
    SELECT session.id FROM agenda_session AS session JOIN events_event AS event ON event.id = session.event_id
    WHERE event.slug = %s AND session.parent_id IS NULL
    ORDER BY (SELECT count(*) FROM agenda_session AS child WHERE child.parent_id = session.id) DESC,
             length(session.description) DESC, session.id
    LIMIT 1
"""
REFERENCE = "reference"
CACHED = "event page, cached"


def prepare_demo_database() -> dict[str, str]:
    """A fresh `portal_bench` with the demo data and the reference tables; the gunicorn environment."""
    print(f"Preparing database {DATABASE_NAME} (migrate, load_demo)…", flush=True)
    database_url = create_database(DATABASE_NAME)
    environment = bench_environment(database_url)
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_demo")
    create_reference_tables(database_url)
    return environment


def largest_event(database_url: str) -> tuple[str, int, int]:
    with psycopg.connect(database_url) as connection:
        slug, sessions = connection.execute(LARGEST_EVENT_SQL).fetchone()
        (session,) = connection.execute(SESSION_SQL, [slug]).fetchone()
    return slug, sessions, session


def page_targets(base_url: str, slug: str, session: int) -> dict[str, str]:
    event = f"{base_url}/events/{slug}/"
    return {
        REFERENCE: f"{base_url}/bench/reference/",
        CACHED: event,
        "event page, rendered": f"{event}?bench=rendered",
        "agenda, rendered": f"{event}agenda/?bench=rendered",
        "session page": f"{event}sessions/{session}/",
        "event list": f"{base_url}/events/",
    }


def measure(base_url: str, targets: dict[str, str], *, rounds: int, duration: int) -> dict:
    for url in targets.values():
        for _warm_up in range(10):
            fetch(url)
    sizes = {name: len(fetch(url)) for name, url in targets.items()}
    print(f"Measuring {rounds} interleaved rounds of {duration} s each ({load_client()}, 16 connections)…")
    measured = interleaved_rounds(targets, reference=REFERENCE, rounds=rounds, duration=duration)
    return {"medians": measured.medians, "ratios": measured.ratios, "sizes": sizes}


def report(figures: dict) -> None:
    medians, ratios, sizes = figures["medians"], figures["ratios"], figures["sizes"]
    print()
    print("| page | KiB | req/s (median) | × reference (median of rounds) | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, measurement in medians.items():
        ratio = ratios[name]
        print(
            f"| {name} | {sizes[name] / 1024:.1f} | {measurement.requests_per_second:.0f} | {ratio:.2f} "
            f"| {measurement.p50_ms:.1f} | {measurement.p99_ms:.1f} |"
        )
    print()
    for name in medians:
        if name in {REFERENCE, CACHED}:
            continue
        ratio = ratios[name]
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(f"{name}: {ratio:.2f}× the reference (target ≥ {TARGET_RATIO:.1f}×): {verdict}")


def run(*, rounds: int, duration: int) -> dict:
    environment = prepare_demo_database()
    slug, sessions, session = largest_event(environment["DATABASE_URL"])
    print(f"Largest demo event: {slug} ({sessions} sessions); session page {session}")
    with gunicorn_server(environment, workers=2) as base_url:
        figures = measure(base_url, page_targets(base_url, slug, session), rounds=rounds, duration=duration)
    report(figures)
    return figures


def main(argv: list[str] | None = None) -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    arguments = parser.parse_args(argv)
    run(rounds=arguments.rounds, duration=arguments.duration)


if __name__ == "__main__":
    main()
