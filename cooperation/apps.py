"""The site package as a Django app: its template tags, formats and auth signal receivers."""

from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "Kerja Sama NTB"

    def ready(self):
        from . import signals

        signals.connect()
