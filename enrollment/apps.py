from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Tổ chức và số liệu")

    def ready(self) -> None:
        from enrollment.roles import groups_sync

        post_migrate.connect(groups_sync, sender=self)
