from celery import shared_task


@shared_task(name="config.ping")
def ping() -> str:
    """Answers the health check's round-trip through the broker and a worker."""
    return "pong"
