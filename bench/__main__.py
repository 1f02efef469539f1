"""Run the benchmarks one after another: python -m bench [NAME ...] (default: all but the parts of public).

Each benchmark runs in a process of its own with its default options: some configure Django in-process
for their own database and settings, which can be done only once per process. A failing benchmark does
not stop the others; the exit status says whether any failed.
"""

import argparse
import subprocess
import sys
import time

from .common import BASE_DIR

BENCHMARKS = ("public", "event_page", "burst", "api", "registration", "export", "email_fanout", "allocation")
# bench.public runs event_page, burst and registration itself, in one run.
DEFAULT = ("public", "api", "export", "email_fanout", "allocation")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="any of: " + ", ".join(BENCHMARKS))
    names = parser.parse_args(argv).names or list(DEFAULT)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed = []
    for name in names:
        print(f"== bench.{name}", flush=True)
        started = time.monotonic()
        # `python -m bench.<name>` runs the module's main() with no arguments of its own: its defaults.
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=BASE_DIR, check=False)
        print(
            f"== bench.{name}: exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True
        )
        if result.returncode:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
