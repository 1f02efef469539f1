from django.apps import AppConfig
from django.conf import settings


class StampedeConfig(AppConfig):
    """Listed only in tests.stampede.settings: the pause and the lock removal of catalog entry A1."""

    name = "tests.stampede"

    def ready(self) -> None:
        from tests import races

        if settings.STAMPEDE_PAUSE_SECONDS:
            races.pause_after_capacity_counts(settings.STAMPEDE_PAUSE_SECONDS)
        if settings.STAMPEDE_WITHOUT_LOCKS:
            races.remove_row_locks()
