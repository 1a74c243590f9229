from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "sousei.stats"
    label = "stats"
    verbose_name = "Statistics (統計)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sousei.catalog.signals import version_published
        from sousei.stats.receivers import on_version_published

        version_published.connect(on_version_published, dispatch_uid="stats-remap")
