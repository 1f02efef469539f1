import json

from django.core.management.base import BaseCommand

from attendees import privacy


class Command(BaseCommand):
    help = (
        "Write the erasure log (address hashes and events, one JSON object a line) to standard output, "
        "to re-apply with reapply_erasures after restoring an older backup."
    )

    def handle(self, *args, **options):
        for entry in privacy.erasure_log():
            self.stdout.write(json.dumps(entry))
