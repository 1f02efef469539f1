"""Export 10,000 registrations with 15 answers each to CSV and XLSX; print seconds and peak Python memory.

Run: .venv/bin/python -m bench.export [--registrations N] [--repeat 3]
Uses a fresh PostgreSQL database `bench_export` (BENCH_POSTGRES_URL, default the local server).
"""

import argparse
import hashlib
import os
import statistics
import tempfile
import time
import tracemalloc

from .common import create_database

# PERFORMANCE.md, for 10,000 registrations with 15 answers each.
CSV_TARGET_SECONDS = 2
XLSX_TARGET_SECONDS = 5


def _setup(registrations: int) -> None:
    os.environ["DATABASE_URL"] = create_database("bench_export")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    _seed(registrations)


def _seed(count: int) -> None:
    from registrations.models import Answer, Question, Registration, RegistrationForm
    from tests.factories import EventFactory

    event = EventFactory(slug="bench-export")
    form = RegistrationForm.objects.create(event=event)
    questions = [
        Question.objects.create(form=form, label=f"Pytanie {n}", kind=Question.Kind.SHORT_TEXT, order=n)
        for n in range(15)
    ]
    batch = [
        Registration(
            event=event,
            first_name="Євгенія",
            last_name=f"Zażółć{n:05d}",
            email=f"person{n}@example.org",
            organization_name="=Fundacja Ocalenie" if n % 10 == 0 else "Fundacja Ocalenie",
            manage_token_hash=hashlib.sha256(f"bench-{n}".encode()).hexdigest(),
        )
        for n in range(count)
    ]
    Registration.objects.bulk_create(batch, batch_size=2000)
    ids = list(Registration.objects.filter(event=event).values_list("pk", flat=True))
    answers = (
        Answer(registration_id=pk, question=q, value=f"odpowiedź {q.order} – gęślą jaźń")
        for pk in ids
        for q in questions
    )
    chunk = []
    for answer in answers:
        chunk.append(answer)
        if len(chunk) == 10000:
            Answer.objects.bulk_create(chunk)
            chunk = []
    Answer.objects.bulk_create(chunk)


def _measure(label: str, run, *, repeat: int, target: float) -> float:
    """Median seconds of `repeat` runs without tracing (tracemalloc slows Python down), then one traced run
    for the peak of Python's own allocations."""
    seconds = []
    for _number in range(repeat):
        started = time.perf_counter()
        size = run()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(seconds)
    print(
        f"{label}: {median:.2f} s (median of {', '.join(f'{value:.2f}' for value in seconds)}), "
        f"peak Python memory {peak / 2**20:.1f} MiB, {size / 2**20:.1f} MiB written; "
        f"target <= {target:g} s {'met' if median <= target else 'NOT met'}"
    )
    return median


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per format; the median is printed")
    args = parser.parse_args(argv)
    _setup(args.registrations)

    from django.contrib.auth import get_user_model

    from attendees import exports
    from registrations.models import Registration

    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    registrations = Registration.objects.filter(event__slug="bench-export")
    columns = exports.choose_columns(admin, registrations)
    print(f"{registrations.count()} registrations, {len(columns)} columns")

    def run_csv() -> int:
        return sum(
            len(chunk.encode()) for chunk in exports.iter_csv(exports.iter_rows(registrations, columns))
        )

    def run_xlsx() -> int:
        with tempfile.TemporaryFile() as target:
            exports.write_xlsx(exports.iter_rows(registrations, columns), target)
            return target.tell()

    _measure("CSV ", run_csv, repeat=args.repeat, target=CSV_TARGET_SECONDS)
    _measure("XLSX", run_xlsx, repeat=args.repeat, target=XLSX_TARGET_SECONDS)


if __name__ == "__main__":
    main()
