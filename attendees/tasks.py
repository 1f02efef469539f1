from celery import shared_task

from attendees import privacy


@shared_task(name="attendees.purge_expired_personal_data")
def purge_expired_personal_data_task() -> int:
    """Daily: anonymize registrations of events past their retention period (idempotent)."""
    return privacy.purge_expired_personal_data()
