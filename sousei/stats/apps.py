from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "sousei.stats"
    label = "stats"
    verbose_name = "Statistics (統計)"
    default_auto_field = "django.db.models.BigAutoField"
