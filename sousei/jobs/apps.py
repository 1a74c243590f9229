from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sousei.jobs"
    default_auto_field = "django.db.models.BigAutoField"
