"""Run every benchmark: python -m bench [--rounds N] [--duration S]."""

from . import event_page

BENCHMARKS = [event_page]


def main() -> None:
    for benchmark in BENCHMARKS:
        print(f"== {benchmark.__name__}")
        benchmark.main()


if __name__ == "__main__":
    main()
