"""Celery entry points of the registrations app; each wraps one service and nothing more."""

from celery import shared_task


@shared_task(name="registrations.expire_offers", ignore_result=True)
def expire_offers_task() -> None:
    """Move seats whose offer ran out on to the next person on the waiting list (every five minutes)."""
    from registrations import services

    services.expire_offers()
