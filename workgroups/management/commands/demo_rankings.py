from django.core.management.base import BaseCommand

from workgroups import demo


class Command(BaseCommand):
    help = (
        "Add about 120 participants with ranked working-group choices to the Warsaw demo event (after "
        "load_demo). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=120)

    def handle(self, *args, count: int, **options):
        added = demo.create(count=count)
        self.stdout.write(f"Warsaw demo: {added} participants with rankings added.")
        self.stdout.write("Allocate them in admin: the event's change page, “Working groups”.")
