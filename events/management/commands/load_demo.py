from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the five demo events from the announcements, with accounts. Safe to run again."

    def handle(self, *args, **options):
        result = load_demo()
        created, existing = len(result.created_events), len(result.existing_events)
        self.stdout.write(f"Demo events: {created} created, {existing} already present.")
        for event in sorted(
            result.created_events + result.existing_events, key=lambda event: event.starts_at
        ):
            starts_at = timezone.localtime(event.starts_at)
            self.stdout.write(f"  {starts_at:%Y-%m-%d %H:%M}  {event.title}  ({event.get_absolute_url()})")
        self.stdout.write("Accounts (log in at /admin/ with the e-mail address):")
        if not settings.STAFF_MFA_REQUIRED:
            self.stdout.write(
                "  Two-factor authentication is optional here (STAFF_MFA_REQUIRED is off); "
                "production requires it for these accounts."
            )
        for account in result.accounts:
            if account.password:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"  {account.email}  password: {account.password}  ({account.description})"
                    )
                )
            else:
                self.stdout.write(
                    f"  {account.username} exists ({account.description}); to set a new password run: "
                    f"python manage.py changepassword {account.username}"
                )
