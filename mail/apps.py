from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = _("E-mails")

    def ready(self) -> None:
        from mail import render, tasks  # noqa: F401  # render's cache receivers, the worker's signal handlers
