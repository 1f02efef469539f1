import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attendees import privacy


class Command(BaseCommand):
    help = (
        "Erase again everyone named in erasure logs written by export_erasure_log, and everyone in this "
        "database's own log: run it after restoring a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("logs", nargs="*", type=Path, help="files written by export_erasure_log")

    def handle(self, *args, logs, **options):
        entries = privacy.erasure_log()
        for path in logs:
            try:
                lines = path.read_text().splitlines()
                entries += [json.loads(line) for line in lines if line.strip()]
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the erasure log {path}: {error}") from error
        count = privacy.reapply_erasures(entries)
        self.stdout.write(f"Erasure log: {len(entries)} entries, {count} registrations erased again.")
