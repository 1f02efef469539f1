"""The API's event list and the Kraków agenda against the 60-row reference view, served alike in one run.

    python -m bench.api [--rounds 5] [--duration 10]

Creates the PostgreSQL database `portal_bench_api`, migrates, loads the demo data, serves it with gunicorn
(2 sync workers, production settings, DEBUG off; the per-address limit raised so wrk is not refused) and
measures the three URLs with `wrk -t2 -c16 --latency` in interleaved rounds; prints the medians and the
ratios. Target (issue 15): ≥ 1.0× the reference's requests/s for each endpoint.
"""

import argparse

from .common import (
    bench_environment,
    create_database,
    fetch,
    gunicorn_server,
    interleaved_rounds,
    manage,
    require_wrk,
)

DATABASE_NAME = "portal_bench_api"
TARGET_RATIO = 1.0
KRAKOW = "konferencja-miejsc-otwartych-krakow"


def run(*, rounds: int, duration: int) -> dict:
    require_wrk()
    print(f"Preparing database {DATABASE_NAME} (migrate, load_demo)…")
    environment = bench_environment(create_database(DATABASE_NAME), API_RATE_LIMIT="100000000/min")
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_demo")

    with gunicorn_server(environment, workers=2) as base_url:
        targets = {
            "event list": f"{base_url}/api/v1/events/",
            "agenda": f"{base_url}/api/v1/events/{KRAKOW}/agenda/",
            "reference": f"{base_url}/bench/reference/",
        }
        for url in targets.values():
            for _warm_up in range(20):
                fetch(url)
        sizes = {name: len(fetch(url)) for name, url in targets.items()}
        print(f"Measuring {rounds} interleaved rounds of {duration} s each (wrk -t2 -c16)…")
        measured = interleaved_rounds(targets, reference="reference", rounds=rounds, duration=duration)

    medians = measured.medians
    print()
    print("| URL | bytes | req/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, measurement in medians.items():
        print(
            f"| {name} | {sizes[name]:,} | {measurement.requests_per_second:.0f} | {measurement.p50_ms:.1f} "
            f"| {measurement.p99_ms:.1f} |"
        )
    print()
    ratios = {}
    for name in ("event list", "agenda"):
        ratios[name] = measured.ratios[name]
        print(f"ratio {name} / reference: {ratios[name]:.2f} (target ≥ {TARGET_RATIO:.1f})")
    return {"medians": medians, "ratios": ratios, "sizes": sizes}


def main(argv: list[str] | None = None) -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    arguments = parser.parse_args(argv)
    run(rounds=arguments.rounds, duration=arguments.duration)


if __name__ == "__main__":
    main()
