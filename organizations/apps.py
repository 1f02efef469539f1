from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import staff

        user_logged_in.connect(staff.tell_staff_about_mfa, dispatch_uid="tell_staff_about_mfa")
