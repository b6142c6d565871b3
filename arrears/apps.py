from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArrearsConfig(AppConfig):
    name = "arrears"
    verbose_name = _("Arrears reference data")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .tokens import connect

        connect()
