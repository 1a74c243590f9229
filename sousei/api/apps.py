from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sousei.api"
    label = "api"
    verbose_name = "JSON API"
