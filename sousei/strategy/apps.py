from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "sousei.strategy"
    label = "strategy"
    verbose_name = "Strategy and KPIs (総合戦略)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sousei.catalog.signals import version_published
        from sousei.stats.signals import statistics_stored
        from sousei.strategy import tasks  # noqa: F401 - registers the background job
        from sousei.strategy.receivers import on_statistics_stored, on_version_published

        version_published.connect(on_version_published, dispatch_uid="strategy-dataset-actuals")
        statistics_stored.connect(on_statistics_stored, dispatch_uid="strategy-stats-actuals")
